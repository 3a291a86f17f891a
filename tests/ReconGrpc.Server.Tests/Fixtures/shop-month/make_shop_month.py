"""Writes the shop-month fixture: a small shop's March 2026 in two sets of formats.

The template set (orders-2026-03.csv, alipay-bill-2026-03.csv, bank-2026-03.csv, UTF-8, read by the template
adapter) and the native set (taobao-orders-2026-03.csv, alipay-account-2026-03.csv, icbc-2026-03.csv, GBK, read
by the taobao, alipay and cn-bank adapters) hold the same month: 12 March orders and one February order, the Alipay
bill settling each a day later with a 0.6 % fee and paying out weekly, and the bank statement receiving the payouts.
Planted: order 1005 never settled, a refund of 1007 on 3 April, 1008's fee charged twice, the payout of 31 March not
yet on the bank. Standard-library Python only: python3 make_shop_month.py
"""
from decimal import Decimal as D, ROUND_HALF_UP
import datetime as dt
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FEE_RATE = D("0.006")


def q(x):
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def day(s, k):
    return (dt.date.fromisoformat(s) + dt.timedelta(days=k)).isoformat()


# number, date, amount, refunded, status, buyer
ORDERS = [
    ("T0999", "2026-02-27", "58.00", None, "交易成功", "买家z"),
    ("T1001", "2026-03-02", "120.00", None, "交易成功", "买家a"),
    ("T1002", "2026-03-03", "89.90", None, "交易成功", "买家b"),
    ("T1003", "2026-03-05", "256.00", "56.00", "交易成功(部分退款)", "买家c"),
    ("T1004", "2026-03-07", "45.00", None, "交易成功", "买家d"),
    ("T1005", "2026-03-10", "300.00", None, "卖家已发货", "买家e"),
    ("T1006", "2026-03-12", "78.50", None, "交易成功", "买家f"),
    ("T1007", "2026-03-15", "199.00", None, "交易成功", "买家g"),
    ("T1008", "2026-03-18", "66.00", None, "交易成功", "买家h"),
    ("T1009", "2026-03-20", "150.00", "150.00", "交易关闭(退款成功)", "买家i"),
    ("T1010", "2026-03-24", "420.00", None, "交易成功", "买家j"),
    ("T1011", "2026-03-27", "35.00", None, "交易成功", "买家k"),
    ("T1012", "2026-03-29", "88.00", None, "交易成功", "买家l"),
]
PAYOUT_DAYS = ["2026-03-09", "2026-03-16", "2026-03-23", "2026-03-31"]


def bill_lines():
    """(date, purpose, order, amount, text, id) with payouts of the net since the last one, in date order."""
    lines = []
    n = 0

    def add(date, purpose, order, amount, text):
        nonlocal n
        n += 1
        lines.append((date, purpose, order or "", q(D(amount)), text, "AP%04d" % n))

    add("2026-03-01", "交易", "T0999", "58.00", "货款")
    add("2026-03-01", "服务费", "T0999", -q(D("58.00") * FEE_RATE), "交易服务费")
    for number, date, amount, _, _, _ in ORDERS[1:]:
        if number == "T1005":
            continue  # never settled
        settled = day(date, 1)
        add(settled, "交易", number, amount, "货款")
        add(settled, "服务费", number, -q(D(amount) * FEE_RATE), "交易服务费")
        if number == "T1008":
            add(day(date, 2), "服务费", number, -q(D(amount) * FEE_RATE), "交易服务费")  # charged twice
        if number == "T1003":
            add("2026-03-08", "退款", number, "-56.00", "部分退款")
        if number == "T1009":
            add("2026-03-22", "退款", number, "-150.00", "全额退款")
    add("2026-04-03", "退款", "T1007", "-199.00", "退款")  # after month end
    ordered = sorted(lines, key=lambda r: (r[0], r[5]))
    out, payouts, i, net = [], [], 0, D(0)
    for paid in PAYOUT_DAYS:
        while i < len(ordered) and ordered[i][0] <= paid:
            out.append(ordered[i])
            net += ordered[i][3]
            i += 1
        n += 1
        payouts.append((paid, net))
        out.append((paid, "提现", "", -net, "提现到工商银行(尾号3456)", "AP%04d" % n))
        net = D(0)
    out.extend(ordered[i:])
    return out, payouts


def write(name, text, encoding="utf-8"):
    with open(os.path.join(HERE, name), "w", encoding=encoding, newline="") as f:
        f.write(text)


def template_set(bill, payouts):
    write("orders-2026-03.csv", "订单号,订单日期,订单金额,退款金额,订单状态,客户名称\n"
          + "".join(f"{o[0]},{o[1]},{o[2]},{o[3] or ''},{o[4]},{o[5]}\n" for o in ORDERS))
    write("alipay-bill-2026-03.csv", "日期,业务类型,单据号,金额,摘要,参考号\n"
          + "".join(f"{r[0]},{r[1]},{r[2]},{r[3]},{r[4]},{r[5]}\n" for r in bill))
    bank = ["日期,金额,对方户名,对方账号,摘要,流水号", "2026-03-04,5000.00,杭州华联贸易有限公司,6222 0000 1111,货款,CMB0301"]
    bank += [f"{day(paid, 1)},{amount},支付宝（中国）网络技术有限公司,2088 0000 0000,提现,CMB1{k:03d}" for k, (paid, amount) in enumerate(payouts[:3], 1)]
    bank.append("2026-03-25,-1200.00,杭州电力,,电费,CMB0399")
    write("bank-2026-03.csv", "\n".join(bank) + "\n")


TAOBAO_NUMBER = {o[0]: "3571000000000%06d" % int(o[0][1:]) for o in ORDERS}


def native_set(bill, payouts):
    head = "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,订单创建时间,订单付款时间,宝贝标题,宝贝总数量,店铺名称,订单关闭原因,退款金额,支付单号\n"
    rows = []
    for number, date, amount, refunded, status, buyer in ORDERS:
        closed = "退款" if refunded == amount else "订单未关闭"
        taobao_status = "交易关闭" if refunded == amount else ("卖家已发货，等待买家确认" if number == "T1005" else "交易成功")
        rows.append(f'="{TAOBAO_NUMBER[number]}",{buyer},{buyer}@example.com,{amount},0.00,{amount},{amount},{taobao_status},'
                    f'{date} 10:00:00,{date} 10:01:00,商品{number},1,悦家生活馆,{closed},{refunded or "0.00"},="2026{number}"\n')
    write("taobao-orders-2026-03.csv", head + "".join(rows), "gbk")

    kinds = {"交易": "在线支付", "服务费": "收费", "退款": "交易退款", "提现": "提现"}
    balance = D("1000.00")
    body = []
    income = [D(0), 0]
    spent = [D(0), 0]
    for date, purpose, order, amount, text, ident in bill:
        balance += amount
        inflow, outflow = (amount, D("0.00")) if amount > 0 else (D("0.00"), amount)
        if amount > 0:
            income[0] += amount
            income[1] += 1
        else:
            spent[0] += amount
            spent[1] += 1
        merchant = TAOBAO_NUMBER[order] if order else ""
        party = "支付宝（中国）网络技术有限公司 (fee***@alipay.com)" if purpose == "服务费" else ("" if purpose == "提现" else f"{order}买家 (buyer***@163.com)")
        note = {"服务费": f"服务费[2026{order}]", "提现": "提现到银行卡", "退款": f"退款[RF-{order}]"}.get(purpose, "")
        body.append(f"3000{ident[2:]}\t,2026{order or ident}\t,{merchant}\t,{text}\t,{date} 12:00:00,{party}\t,{inflow},{outflow},{balance},支付宝,{kinds[purpose]},{note}\n")
    text = ("#支付宝账务明细查询\n#账号：[20880000000000000156]\n#起始日期：[2026年03月01日 00:00:00]   终止日期：[2026年04月04日 00:00:00]\n"
            "#-----------------------------------------账务明细列表----------------------------------------\n"
            "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注\n"
            + "".join(body)
            + "#-----------------------------------------账务明细列表结束------------------------------------\n"
            + f"#支出合计：{spent[1]}笔，共{spent[0]}元\n#收入合计：{income[1]}笔，共{income[0]}元\n#导出时间：[2026年04月04日 08:00:12]\n")
    write("alipay-account-2026-03.csv", text, "gbk")

    lines = []
    balance = D("50000.00")
    entries = [("2026-03-04", "贷", D("5000.00"), "6222000011112222", "杭州华联贸易有限公司", "货款")]
    entries += [(day(paid, 1), "贷", amount, "20880000000000000156", "支付宝（中国）网络技术有限公司", "提现") for paid, amount in payouts[:3]]
    entries.append(("2026-03-25", "借", D("1200.00"), "33001616027059000123", "杭州电力", "电费"))
    for k, (date, side, amount, account, name, note) in enumerate(sorted(entries), 1):
        balance += amount if side == "贷" else -amount
        debit, credit = (f'"{amount:,}"', "") if side == "借" else ("", f'"{amount:,}"')
        lines.append(f"{k:04d}   \t,1001234567890123456   \t,{account}   \t,{date} 10:00:00   \t,{side}   \t,{debit},{credit},102290000019   \t,{note}   \t,{note}   \t,{name}   \t,\"{balance:,}   \t\",\n")
    text = ("中国工商银行企业网上银行 账户明细查询   \t,,,,,,,,,,,,\n账号：1001234567890123456   \t,户名：悦家生活馆贸易有限公司   \t,,,,,,,,,,,\n"
            "币种：人民币   \t,起止日期：2026-03-01 至 2026-03-31   \t,,,,,,,,,,,\n"
            "凭证号   \t,本方账号   \t,对方账号   \t,交易时间   \t,借/贷   \t,借方发生额   \t,贷方发生额   \t,对方行号   \t,摘要   \t,用途   \t,对方单位名称   \t,余额   \t,个性化信息   \t\n"
            + "".join(lines))
    write("icbc-2026-03.csv", text, "gbk")


if __name__ == "__main__":
    bill, payouts = bill_lines()
    template_set(bill, payouts)
    native_set(bill, payouts)
