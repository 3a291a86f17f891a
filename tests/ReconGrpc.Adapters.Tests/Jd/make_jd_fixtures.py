#!/usr/bin/env python3
"""Writes the jd-* fixtures (tests/ReconGrpc.Adapters.Tests/Fixtures) from the layouts JD's exports are publicly
described with. Run from the repository root: python3 tests/ReconGrpc.Adapters.Tests/Jd/make_jd_fixtures.py
Only the Python standard library: the XLSX files are written as their XML parts in a zip."""
import datetime
import os
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(__file__), "..", "Fixtures")


def write(name, text, encoding="utf-8", bom=False):
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    return data


def csv_line(cells):
    out = []
    for c in cells:
        c = "" if c is None else str(c)
        if any(x in c for x in ',"\n'):
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return ",".join(out)


def column(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx(name, rows):
    """rows: lists of str (shared string), int/float/Decimal (number), datetime (date cell), None (empty)."""
    strings, index = [], {}
    sheet = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column(c)}{r}"
            if value is None:
                continue
            if isinstance(value, datetime.datetime):
                serial = (value - datetime.datetime(1899, 12, 30)).total_seconds() / 86400
                cells.append(f'<c r="{ref}" s="1"><v>{serial:.8f}</v></c>')
            elif isinstance(value, (int, float, Decimal)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                if value not in index:
                    index[value] = len(strings)
                    strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{index[value]}</v></c>')
        sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
    sst = "".join(f"<si><t xml:space=\"preserve\">{escape(s)}</t></si>" for s in strings)
    parts = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
         '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
        ("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>'),
        ("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         + "".join(sheet) + "</sheetData></worksheet>"),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
         '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'),
        ("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
         '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
         '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
         '</styleSheet>'),
    ]
    path = os.path.join(OUT, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, xml in parts:
            info = zipfile.ZipInfo(part, date_time=(2024, 5, 16, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, xml.encode("utf-8"))
    with open(path, "rb") as f:
        return f.read()


# ---------------------------------------------------------------- 京东商家 订单导出 (one row per SKU)
ORDER_HEADER = ["订单号", "商品ID", "商品名称", "订购数量", "支付方式", "下单时间", "京东价", "订单金额", "结算金额", "余额支付", "应付金额",
                "订单状态", "订单类型", "下单帐号", "客户姓名", "客户地址", "联系电话", "订单备注", "发票类型", "发票抬头", "发票内容", "商家备注",
                "商家备注等级（等级1-5为由高到低）", "运费金额", "付款确认时间", "增值税发票", "货号", "订单完成时间", "订单来源", "订单渠道"]


def order_row(no, sku, name, qty, pay, placed, price, total, settled, balance, payable, status, account, customer, address, remark,
              shipping, paid, done, merchant_remark=""):
    return [no, sku, name, qty, pay, placed, price, total, settled, balance, payable, status, "销售订单", account, customer, address,
            "138****5678", remark, "电子发票", "上海华联商贸有限公司", "商品明细", merchant_remark, "", shipping, paid, "", "", done, "移动端订单", "京东APP"]


ORDERS = [
    order_row("281234567801\t", "100012345678", "华联 不锈钢保温杯 500ml 雾蓝", 2, "在线支付", "2024-05-03 10:15:22", "89.00", "205.00", "185.00", "0.00", "185.00",
              "已完成", "jd_hualian01", "王小明", "上海市浦东新区张江路88号, 3号楼", "", "8.00", "2024-05-03 10:15:40", "2024-05-06 18:20:11"),
    order_row("281234567801\t", "100012345679", "华联 保温杯替换杯盖", 1, "在线支付", "2024-05-03 10:15:22", "19.00", "205.00", "185.00", "0.00", "185.00",
              "已完成", "jd_hualian01", "王小明", "上海市浦东新区张江路88号, 3号楼", "", "8.00", "2024-05-03 10:15:40", "2024-05-06 18:20:11"),
    order_row("281234567802\t", "100012345680", "华联 玻璃密封罐 1.2L", 1, "货到付款", "2024-05-04 09:00:01", "59.00", "59.00", "59.00", "0.00", "59.00",
              "等待确认收货", "jd_lisi2024", "李四", "北京市海淀区中关村大街1号", "请尽快发货", "0.00", "", ""),
    order_row("281234567803\t", "100012345681", "华联 陶瓷餐具套装 16件", 1, "在线支付", "2024-05-05 20:01:09", "260.00", "320.00", "300.00", "50.00", "250.00",
              "已完成", "jd_zhao88", "赵六", "广州市天河区体育西路2号", "", "0.00", "2024-05-05 20:01:30", "2024-05-09 10:00:00"),
    order_row("281234567803\t", "100012345682", "华联 竹制筷子 10双", 2, "在线支付", "2024-05-05 20:01:09", "15.00", "320.00", "300.00", "50.00", "250.00",
              "已完成", "jd_zhao88", "赵六", "广州市天河区体育西路2号", "", "0.00", "2024-05-05 20:01:30", "2024-05-09 10:00:00"),
    order_row("281234567803\t", "100012345683", "华联 硅胶隔热垫", 2, "在线支付", "2024-05-05 20:01:09", "15.00", "320.00", "300.00", "50.00", "250.00",
              "已完成", "jd_zhao88", "赵六", "广州市天河区体育西路2号", "", "0.00", "2024-05-05 20:01:30", "2024-05-09 10:00:00"),
    order_row("281234567804\t", "100012345680", "华联 玻璃密封罐 1.2L", 3, "在线支付", "2024-05-06 11:11:11", "59.00", "177.00", "177.00", "0.00", "177.00",
              "已取消", "jd_qian", "钱七", "南京市鼓楼区中山路5号", "", "0.00", "", ""),
    order_row("281234567805\t", "100012345678", "华联 不锈钢保温杯 500ml 雾蓝", 1, "在线支付", "2024-05-07 08:30:00", "89.00", "148.00", "148.00", "0.00", "148.00",
              "(删除)等待出库", "jd_sun", "孙八", "杭州市西湖区文三路9号", "", "0.00", "2024-05-07 08:30:15", "", "订单拆分为 281234567806 281234567807"),
    order_row("281234567805\t", "100012345680", "华联 玻璃密封罐 1.2L", 1, "在线支付", "2024-05-07 08:30:00", "59.00", "148.00", "148.00", "0.00", "148.00",
              "(删除)等待出库", "jd_sun", "孙八", "杭州市西湖区文三路9号", "", "0.00", "2024-05-07 08:30:15", "", "订单拆分为 281234567806 281234567807"),
    order_row("281234567806\t", "100012345678", "华联 不锈钢保温杯 500ml 雾蓝", 1, "在线支付", "2024-05-07 08:30:00", "89.00", "89.00", "89.00", "0.00", "89.00",
              "等待出库", "jd_sun", "孙八", "杭州市西湖区文三路9号", "", "0.00", "2024-05-07 08:30:15", ""),
    order_row("281234567807\t", "100012345680", "华联 玻璃密封罐 1.2L", 1, "在线支付", "2024-05-07 08:30:00", "59.00", "59.00", "59.00", "0.00", "59.00",
              "等待出库", "jd_sun", "孙八", "杭州市西湖区文三路9号", "", "0.00", "2024-05-07 08:30:15", ""),
    order_row("281234567808\t", "100012345681", "华联 陶瓷餐具套装 16件", 1, "在线支付", "2024-05-08 22:00:00", "260.00", "260.00", "260.00", "0.00", "260.00",
              "等待付款", "jd_zhou", "周九", "成都市武侯区人民南路4号", "", "0.00", "", ""),
]

write("jd-orders-gbk.csv", "\r\n".join(csv_line(r) for r in [ORDER_HEADER] + ORDERS) + "\r\n", "gbk")


def as_cell(value, heading):
    if isinstance(value, str):
        value = value.strip()
    if heading in ("订购数量",):
        return int(value)
    if heading in ("京东价", "订单金额", "结算金额", "余额支付", "应付金额", "运费金额") and value != "":
        return Decimal(value)
    if heading in ("下单时间", "付款确认时间") and value != "":
        return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    if heading == "订单号":
        return int(value)
    return value if value != "" else None


xlsx("jd-orders.xlsx", [ORDER_HEADER] + [[as_cell(v, h) for v, h in zip(r, ORDER_HEADER)] for r in ORDERS])
whole = open(os.path.join(OUT, "jd-orders.xlsx"), "rb").read()
with open(os.path.join(OUT, "jd-orders-truncated.xlsx"), "wb") as f:
    f.write(whole[: len(whole) * 2 // 3])

# Repeated totals that disagree, rows of an order apart, an unreadable 应付金额 and an impossible date (UTF-8 with BOM).
bad_orders = [
    order_row("281234567901", "100012345678", "华联 不锈钢保温杯 500ml 雾蓝", 1, "在线支付", "2024-06-01 10:00:00", "89.00", "89.00", "89.00", "0.00", "89.00",
              "已完成", "jd_a", "甲", "上海", "", "0.00", "2024-06-01 10:00:10", ""),
    order_row("281234567902", "100012345678", "华联 不锈钢保温杯 500ml 雾蓝", 1, "在线支付", "2024-06-02 10:00:00", "89.00", "148.00", "148.00", "0.00", "148.00",
              "已完成", "jd_b", "乙", "上海", "", "0.00", "2024-06-02 10:00:10", ""),
    order_row("281234567902", "100012345680", "华联 玻璃密封罐 1.2L", 1, "在线支付", "2024-06-02 10:00:00", "59.00", "148.00", "148.00", "0.00", "184.00",
              "已完成", "jd_b", "乙", "上海", "", "0.00", "2024-06-02 10:00:10", ""),
    order_row("281234567903", "100012345680", "华联 玻璃密封罐 1.2L", 1, "在线支付", "2024-06-03 10:00:00", "59.00", "59.00", "59.00", "0.00", "五十九",
              "已完成", "jd_c", "丙", "上海", "", "0.00", "2024-06-03 10:00:10", ""),
    order_row("281234567904", "100012345680", "华联 玻璃密封罐 1.2L", 1, "在线支付", "2024-06-04 10:00:00", "59.00", "118.00", "118.00", "0.00", "118.00",
              "已完成", "jd_d", "丁", "上海", "", "0.00", "2024-06-04 10:00:10", ""),
    order_row("281234567905", "100012345680", "华联 玻璃密封罐 1.2L", 1, "在线支付", "2024-06-05 10:00:00", "59.00", "59.00", "59.00", "0.00", "59.00",
              "已完成", "jd_e", "戊", "上海", "", "0.00", "2024-02-30 10:00:10", ""),
    order_row("281234567904", "100012345680", "华联 玻璃密封罐 1.2L", 1, "在线支付", "2024-06-04 10:00:00", "59.00", "118.00", "118.00", "0.00", "118.00",
              "已完成", "jd_d", "丁", "上海", "", "0.00", "2024-06-04 10:00:10", ""),
    order_row("281234567906", "100012345680", "华联 玻璃密封罐 1.2L", 1, "在线支付", "2024-06-06 10:00:00", "59.00", "59.00", "59.00", "0.00", "59.00",
              "已完成", "jd_f", "己", "上海", "", "0.00", "2024-06-06 10:00:10", ""),
]
write("jd-orders-bad-rows.csv", "\r\n".join(csv_line(r) for r in [ORDER_HEADER] + bad_orders) + "\r\n", bom=True)

# ---------------------------------------------------------------- 京东商家 结算单明细 (signed 金额), GBK
S = "JS20240515001"
SETTLEMENT_HEADER = ["结算单号", "订单编号", "费用项", "金额", "费用发生时间", "结算时间", "商品编号", "商品名称", "下单帐号", "备注"]
lines = [
    [S, "281234567801", "货款", "185.00", "2024-05-03 10:15:40", "2024-05-15 02:00:00", "100012345678", "华联 不锈钢保温杯 500ml 雾蓝 等2件", "jd_hualian01", ""],
    [S, "281234567801", "佣金", "-14.80", "2024-05-06 18:20:11", "2024-05-15 02:00:00", "100012345678", "华联 不锈钢保温杯 500ml 雾蓝 等2件", "", "扣点 8%"],
    [S, "281234567801", "平台使用费", "-1.85", "2024-05-06 18:20:11", "2024-05-15 02:00:00", "100012345678", "", "", ""],
    [S, "281234567803", "货款", "300.00", "2024-05-05 20:01:30", "2024-05-15 02:00:00", "100012345681", "华联 陶瓷餐具套装 16件 等3件", "jd_zhao88", ""],
    [S, "281234567803", "佣金", "-24.00", "2024-05-09 10:00:00", "2024-05-15 02:00:00", "100012345681", "", "", ""],
    [S, "281234567799", "退货款", "-59.00", "2024-05-10 15:32:00", "2024-05-15 02:00:00", "100012345680", "华联 玻璃密封罐 1.2L", "jd_lisi2024", "售后服务单 1900012345"],
    [S, "281234567799", "佣金", "4.72", "2024-05-10 15:32:00", "2024-05-15 02:00:00", "100012345680", "", "", "退货返还佣金"],
    [S, "", "广告费", "-50.00", "2024-05-12 00:00:00", "2024-05-15 02:00:00", "", "", "", "京准通 5月上"],
    [S, "", "运费补贴", "6.00", "2024-05-13 00:00:00", "2024-05-15 02:00:00", "", "", "", ""],
]
net = sum(Decimal(l[3]) for l in lines)
lines.append([S, "", "结算到银行卡", f"{-net:.2f}", "2024-05-15 09:30:00", "2024-05-15 09:30:00", "", "", "", "招商银行 尾号6688"])
credits = sum(Decimal(l[3]) for l in lines if Decimal(l[3]) > 0)
debits = -sum(Decimal(l[3]) for l in lines if Decimal(l[3]) < 0)
settlement_csv = "\r\n".join([
    "京东商家结算单明细",
    "店铺名称：华联家居京东自营旗舰店",
    "结算周期：2024-05-01 至 2024-05-15",
    "",
    csv_line(SETTLEMENT_HEADER),
    *[csv_line(l) for l in lines],
    csv_line(["合计", "", "", "0.00", "", "", "", f"收入合计：{credits:,.2f}", f"支出合计：{debits:,.2f}", f"共{len(lines)}条"]),
]) + "\r\n"
write("jd-settlement-gbk.csv", settlement_csv, "gbk")

# The same settlement once opened as UTF-8 and saved: its Chinese is replacement characters.
gbk = settlement_csv.encode("gbk")
write("jd-settlement-mojibake.csv", gbk.decode("utf-8", errors="replace"))

# Cut off inside a quoted cell.
cut = settlement_csv.replace("招商银行 尾号6688", '"招商银行, 尾号6688').split("\r\n")
truncated = "\r\n".join(cut[:-3]) + "\r\n" + cut[-3].split('"')[0] + '"招商银行, 尾号66'
write("jd-settlement-truncated.csv", truncated, "utf-8", bom=True)

# Totals that disagree: 收入合计 one cent short, 支出合计 missing the payout, the count one too many.
disagree = "\r\n".join([
    csv_line(SETTLEMENT_HEADER),
    *[csv_line(l) for l in lines[:5]],
    csv_line(["合计", "", "", "", "", "", "", "收入合计：484.99", "支出合计：40.65", "共6条"]),
]) + "\r\n"
write("jd-settlement-totals-disagree.csv", disagree, "utf-8", bom=True)

# Bad rows: text in 金额, 2024-04-31, no date at all, an unknown 收支方向, a row cut short.
bad = "\r\n".join([
    csv_line(["结算单号", "订单编号", "费用名称", "应结金额", "收支方向", "结算时间", "备注"]),
    csv_line([S, "281234567801", "货款", "185.00", "收入", "2024-05-15 02:00:00", ""]),
    csv_line([S, "281234567801", "佣金", "十四元八角", "支出", "2024-05-15 02:00:00", ""]),
    csv_line([S, "281234567803", "货款", "300.00", "收入", "2024-04-31 02:00:00", ""]),
    csv_line([S, "281234567803", "佣金", "24.00", "支出", "", ""]),
    csv_line([S, "281234567804", "货款", "12.00", "转入", "2024-05-15 02:00:00", ""]),
    csv_line([S, "281234567805", "佣金"]),
    csv_line([S, "281234567806", "佣金", "1.20", "支出", "2024-05-15 02:00:00", "最后一行"]),
]) + "\r\n"
write("jd-settlement-bad-rows.csv", bad, "utf-8", bom=True)

# ---------------------------------------------------------------- 订单结算明细对账 (unsigned 应结金额 with 收支方向), XLSX
W = "ZD20240601088"
WALLET_HEADER = ["单据编号", "订单编号", "父单号", "订单状态", "订单下单时间", "订单完成时间", "售后服务单号", "售后退款时间", "商品编号", "商品名称", "商品数量",
                 "费用名称", "应结金额", "收支方向", "结算状态", "预计结算时间", "账单生成时间", "到账时间", "商户订单号", "费用项含义", "备注"]
d = datetime.datetime
wallet = [
    [W, 281234567806, 281234567805, "已完成", d(2024, 5, 7, 8, 30), d(2024, 5, 20, 9, 0), None, None, 100012345678, "华联 不锈钢保温杯 500ml 雾蓝", 1,
     "货款", Decimal("89.00"), "收入", "已结算", d(2024, 6, 1), d(2024, 5, 21, 2, 0), d(2024, 6, 1, 3, 0), "P281234567806", "商品销售收入", None],
    [W, 281234567806, 281234567805, "已完成", d(2024, 5, 7, 8, 30), d(2024, 5, 20, 9, 0), None, None, 100012345678, "华联 不锈钢保温杯 500ml 雾蓝", 1,
     "佣金", Decimal("7.12"), "支出", "已结算", d(2024, 6, 1), d(2024, 5, 21, 2, 0), d(2024, 6, 1, 3, 0), "P281234567806", "平台佣金", None],
    [W, 281234567806, 281234567805, "已完成", d(2024, 5, 7, 8, 30), d(2024, 5, 20, 9, 0), None, None, 100012345678, "华联 不锈钢保温杯 500ml 雾蓝", 1,
     "京豆", Decimal("0.50"), "支出", "已结算", d(2024, 6, 1), d(2024, 5, 21, 2, 0), d(2024, 6, 1, 3, 0), "P281234567806", "京豆抵现", None],
    [W, 281234567807, 281234567805, "已完成", d(2024, 5, 7, 8, 30), d(2024, 5, 22, 9, 0), None, None, 100012345680, "华联 玻璃密封罐 1.2L", 1,
     "货款", Decimal("59.00"), "收入", "已结算", d(2024, 6, 1), d(2024, 5, 23, 2, 0), d(2024, 6, 1, 3, 0), "P281234567807", "商品销售收入", None],
    [W, 281234567807, 281234567805, "已完成", d(2024, 5, 7, 8, 30), d(2024, 5, 22, 9, 0), None, None, 100012345680, "华联 玻璃密封罐 1.2L", 1,
     "交易服务费", Decimal("0.59"), "支出", "已结算", d(2024, 6, 1), d(2024, 5, 23, 2, 0), d(2024, 6, 1, 3, 0), "P281234567807", "支付服务费", None],
    [W, 281234567802, None, "已完成", d(2024, 5, 4, 9, 0), d(2024, 5, 12, 9, 0), 1900012399, d(2024, 5, 25, 14, 0), 100012345680, "华联 玻璃密封罐 1.2L", 1,
     "货款", Decimal("59.00"), "支出", "已结算", d(2024, 6, 1), d(2024, 5, 25, 14, 5), d(2024, 6, 1, 3, 0), "P281234567802", "售后退款", None],
    [W, 281234567803, None, "已完成", d(2024, 5, 5, 20, 1), d(2024, 5, 9, 10, 0), None, None, 100012345681, "华联 陶瓷餐具套装 16件", 1,
     "货款", Decimal("300.00"), "收入", "待结算", d(2024, 6, 15), d(2024, 5, 10, 2, 0), None, "P281234567803", "商品销售收入", None],
    [W, None, None, None, None, None, None, None, None, None, None,
     "提现", Decimal("80.79"), "支出", "已结算", None, d(2024, 6, 2, 10, 0), d(2024, 6, 2, 10, 0), None, "提现到银行卡", "结算到银行卡 尾号6688"],
]
w_credits = sum(r[12] for r in wallet if r[13] == "收入")
w_debits = sum(r[12] for r in wallet if r[13] == "支出")
xlsx("jd-settlement.xlsx", [["京东钱包 订单结算明细对账"], ["账单周期：2024-05-01 至 2024-05-31"], WALLET_HEADER] + wallet
     + [["合计", None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None,
         f"收入：{w_credits:.2f}  支出：{w_debits:.2f}", f"共 {len(wallet)} 条"]])

# ---------------------------------------------------------------- 京东交易流水 (a personal bill of our own writing)
BILL_HEAD = """导出信息：
京东账号名：jd_hualian_buyer
申请时间：2024-07-01 09:00:00
日期区间：2024-06-01 至 2024-06-30
导出交易类型：全部
导出交易场景：全部
共：{count}笔记录
收入：{credits_n}笔，{credits}元
支出：{debits_n}笔(含1笔部分退款)，{debits}元
不计收支：{other_n}笔，{other}元

交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注
"""
bill_rows = [
    "2024-06-20 10:00:00\t,京东平台商户,华联 办公椅 人体工学,399.00,招商银行信用卡(6688),交易成功,支出,家居日用,300000000001\t,2812345600001\t, ,",
    "2024-06-18 12:30:00\t,京东平台商户,退款-华联 打印纸 A4 5包,45.50,招商银行信用卡(6688),退款成功,不计收支,网购,300000000002\t,2812345600002\t, ,",
    "2024-06-15 09:12:00\t,京东平台商户,华联 打印纸 A4 5包 等多件,120.00(已退款45.50),招商银行信用卡(6688),交易成功,支出,办公用品,300000000002\t,2812345600002\t, ,",
    "2024-06-10 16:45:00\t,京东物流,京东物流,18.00,钱包余额,交易成功,支出,收发快递,JDX300000000003\t,2812345600003\t, ,",
    "2024-06-05 08:00:00\t,京东平台商户,京东小金库收益,1.23,小金库,交易成功,收入,理财,300000000004\t,2812345600004\t, ,",
]
text = BILL_HEAD.format(count=6, credits_n=1, credits="1.23", debits_n=3, debits="500.00", other_n=1, other="45.50") + "\n".join(bill_rows) + "\n"
write("jd-bill-count-disagree.csv", text, bom=True)

bill_truncated = BILL_HEAD.format(count=5, credits_n=1, credits="1.23", debits_n=3, debits="491.50", other_n=1, other="45.50") + "\n".join(bill_rows[:3]) + "\n" \
    + bill_rows[3].split(",钱包余额")[0]
write("jd-bill-truncated.csv", bill_truncated, bom=True)

bill_bad = BILL_HEAD.format(count=5, credits_n=1, credits="1.23", debits_n=3, debits="491.50", other_n=1, other="45.50") + "\n".join([
    bill_rows[0],
    bill_rows[1].replace("45.50", "四十五元"),
    bill_rows[2].replace("120.00(已退款45.50)", "120.00(已退款145.50)"),
    bill_rows[3].replace(",支出,", ",其他,"),
    bill_rows[4].replace("2024-06-05 08:00:00", "2024-06-31 08:00:00"),
]) + "\n"
write("jd-bill-bad-rows.csv", bill_bad, bom=True)
print("written")
