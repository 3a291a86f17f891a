using System.Globalization;
using System.Text;
using NPOI.SS.UserModel;
using NPOI.XSSF.UserModel;

namespace ReconGrpc.Adapters.FixtureGenerator;

/// <summary>
/// Shop order exports: 淘宝/天猫's 订单报表 (and its join with the 宝贝报表) and Shopify's orders export, written
/// from their public column lists.
/// </summary>
internal static class Shops
{
    /// <summary>The 订单报表's columns, in the seller center's order.</summary>
    public static readonly string[] TaobaoColumns =
    [
        "订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "买家支付积分", "总金额", "返点积分", "买家实际支付金额",
        "买家实际支付积分", "订单状态", "买家留言", "收货人姓名", "收货地址 ", "运送方式", "联系电话 ", "联系手机", "订单创建时间", "订单付款时间 ",
        "宝贝标题 ", "宝贝种类 ", "物流单号 ", "物流公司", "订单备注", "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "卖家服务费", "买家服务费",
        "发票抬头", "是否手机订单", "分阶段订单信息", "特权订金订单id", "是否上传合同照片", "是否上传小票", "是否代付", "定金排名", "修改后的sku",
        "修改后的收货地址", "异常信息", "天猫卡券抵扣", "集分宝抵扣", "是否是O2O交易", "退款金额", "预约门店", "确认收货时间", "打款商家金额",
        "含应开票给个人的个人红包", "支付单号",
    ];

    /// <summary>The 订单报表's columns joined with the 宝贝报表's (one row per SKU).</summary>
    public static readonly string[] JoinedColumns =
    [
        "订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间",
        "退款金额", "支付单号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "商家编码",
    ];

    public static readonly string[] ItemReportColumns = ["订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态", "商家编码"];

    /// <summary>One 订单报表 order.</summary>
    internal sealed record TaobaoOrder(
        string Number, string Buyer, string Alipay, decimal GoodsDue, decimal Shipping, decimal Paid, string Status, string Created, string? PaidAt,
        string Title, int Count, decimal Refund, string? PaymentNumber, string? CloseReason = null);

    public static readonly TaobaoOrder[] TaobaoOrders =
    [
        new("3571234567890123451", "tb_小明2024", "xiao***@163.com", 256.00m, 0.00m, 256.00m, "交易成功", "2024-03-01 09:15:02", "2024-03-01 09:15:30",
            "纯棉四件套 1.8米床", 1, 0.00m, "2024030122001112345678901234"),
        new("3571234567890123452", "乐购达人", "138****5678", 99.00m, 10.00m, 109.00m, "卖家已发货，等待买家确认", "2024-03-02 20:01:11", "2024-03-02 20:03:45",
            "保温杯 500ml", 1, 0.00m, "2024030222001112345678905678"),
        new("3571234567890123453", "abc_buyer", "abc***@qq.com", 58.00m, 0.00m, 0.00m, "交易关闭", "2024-03-03 11:00:00", null,
            "手机壳 透明", 1, 0.00m, null, "买家未付款"),
        new("3571234567890123454", "北京华联超市", "hualian@example.cn", 1280.00m, 0.00m, 1280.00m, "交易成功", "2024-03-04 14:20:00", "2024-03-04 14:21:09",
            "商用咖啡机 全自动，办公室用", 2, 300.00m, "2024030422001112345678909012"),
        new("3571234567890123455", "天猫用户_88", "tm***@aliyun.com", 45.50m, 5.00m, 50.50m, "买家已付款，等待卖家发货", "2024-03-05 23:59:58", "2024-03-06 00:00:12",
            "有机绿茶 250g", 1, 0.00m, "2024030622001112345678903456"),
    ];

    public static void Write(Func<string, string> at, Encoding utf8, Encoding gbk)
    {
        // 订单报表, GBK, order numbers kept as text three ways: ="…", a leading tab, a leading apostrophe.
        var report = OrderReport(TaobaoOrders, numberStyle: i => i switch { 3 => "\t" + TaobaoOrders[i].Number, 4 => "'" + TaobaoOrders[i].Number, _ => $"=\"{TaobaoOrders[i].Number}\"" });
        File.WriteAllBytes(at("taobao-orders-gbk.csv"), gbk.GetBytes(report));

        // The same export cut off in the middle of its last order.
        var cut = report.LastIndexOf("天猫用户_88", StringComparison.Ordinal) + "天猫用户_88".Length + 5;
        File.WriteAllBytes(at("taobao-truncated.csv"), gbk.GetBytes(report[..cut]));

        // A GBK export once opened as UTF-8 and saved again: every Chinese character became U+FFFD.
        File.WriteAllText(at("taobao-mojibake.csv"), utf8.GetString(gbk.GetBytes(report)), utf8);

        File.WriteAllBytes(at("taobao-order-items-joined.csv"), [0xEF, 0xBB, 0xBF, .. utf8.GetBytes(Joined(tamper: false))]);
        File.WriteAllBytes(at("taobao-totals-disagree.csv"), gbk.GetBytes(Joined(tamper: true)));

        File.WriteAllText(at("taobao-bad-rows.csv"),
            "订单编号,买家会员名,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,订单创建时间,订单付款时间,宝贝标题,退款金额\r\n"
            + "=\"3571234567890300001\",好评买家,88.00,0.00,88.00,88.00,交易成功,2024-03-10 10:00:00,2024-03-10 10:01:00,抱枕,0.00\r\n"
            + "=\"3571234567890300002\",好评买家,88.00,0.00,88.00,一百,交易成功,2024-03-10 11:00:00,2024-03-10 11:01:00,抱枕,0.00\r\n"
            + "=\"3571234567890300003\",好评买家,88.00,0.00,88.00,88.00,交易成功,2024-02-30 12:00:00,,抱枕,0.00\r\n"
            + ",好评买家,88.00,0.00,88.00,88.00,交易成功,2024-03-10 13:00:00,2024-03-10 13:01:00,抱枕,0.00\r\n"
            + "3.57123E+18,好评买家,88.00,0.00,88.00,88.00,交易成功,2024-03-10 14:00:00,2024-03-10 14:01:00,抱枕,0.00\r\n"
            + "=\"3571234567890300006\",好评买家,88.00,0.00,88.00,88.00,交易成功,2024-03-10 15:00:00,2024-03-10 15:01:00,抱枕,-20.00\r\n"
            + "=\"3571234567890300007\",好评买家,66.00,6.00,72.00,72.00,交易成功,2024-03-10 16:00:00,2024-03-10 16:01:00,靠垫,0.00\r\n",
            utf8);

        File.WriteAllBytes(at("taobao-item-report.csv"), gbk.GetBytes(
            string.Join(",", ItemReportColumns) + "\r\n"
            + "=\"3571234567890200001\",T恤 白色 L,79.00,2,,颜色分类:白色;尺码:L,,,交易成功,TS-W-L\r\n"
            + "=\"3571234567890200001\",短裤 黑色 M,59.00,1,,颜色分类:黑色;尺码:M,,,交易成功,SP-B-M\r\n"));

        TaobaoWorkbook(at("taobao-orders.xlsx"));

        ShopifyFiles(at, utf8);
    }

    private static string OrderReport(TaobaoOrder[] orders, Func<int, string> numberStyle)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", TaobaoColumns)).Append(",\r\n");
        for (var i = 0; i < orders.Length; i++)
        {
            var o = orders[i];
            var cells = new Dictionary<string, string?>
            {
                ["订单编号"] = numberStyle(i),
                ["买家会员名"] = o.Buyer,
                ["买家支付宝账号"] = o.Alipay,
                ["买家应付货款"] = Money(o.GoodsDue),
                ["买家应付邮费"] = Money(o.Shipping),
                ["买家支付积分"] = "0",
                ["总金额"] = Money(o.GoodsDue + o.Shipping),
                ["返点积分"] = "0",
                ["买家实际支付金额"] = Money(o.Paid),
                ["买家实际支付积分"] = "0",
                ["订单状态"] = o.Status,
                ["买家留言"] = i == 1 ? "请尽快发货, 谢谢" : null,
                ["收货人姓名"] = "张*",
                ["收货地址 "] = "北京 北京市 朝阳区 建国路88号",
                ["运送方式"] = "快递",
                ["联系手机"] = "'138****5678",
                ["订单创建时间"] = o.Created,
                ["订单付款时间 "] = o.PaidAt,
                ["宝贝标题 "] = o.Title,
                ["宝贝种类 "] = "1",
                ["物流单号 "] = o.PaidAt is null ? null : $"=\"SF14{i}0000{i}\"",
                ["物流公司"] = o.PaidAt is null ? null : "顺丰速运",
                ["宝贝总数量"] = o.Count.ToString(CultureInfo.InvariantCulture),
                ["店铺Id"] = "0",
                ["店铺名称"] = "悦家生活馆",
                ["订单关闭原因"] = o.CloseReason ?? "订单未关闭",
                ["卖家服务费"] = "0",
                ["买家服务费"] = "0元",
                ["是否手机订单"] = "手机订单",
                ["天猫卡券抵扣"] = "0.00",
                ["集分宝抵扣"] = "0.00",
                ["是否是O2O交易"] = "否",
                ["退款金额"] = Money(o.Refund),
                ["确认收货时间"] = o.Status == "交易成功" ? "2024-03-12 10:00:00" : null,
                ["打款商家金额"] = Money(o.Paid - o.Refund) + "元",
                ["支付单号"] = o.PaymentNumber is null ? null : $"=\"{o.PaymentNumber}\"",
            };
            text.Append(string.Join(",", TaobaoColumns.Select(c => Csv(cells.GetValueOrDefault(c))))).Append(",\r\n");
        }

        return text.ToString();
    }

    private static string Joined(bool tamper)
    {
        // Three orders, one row per SKU; the order's totals repeat on each of its rows. Numbers led by a tab.
        (string No, string Buyer, decimal Goods, decimal Ship, decimal Paid, decimal Refund, string Created, string Paid2, string Pay, (string Title, decimal Price, int Qty, string Code)[] Items)[] orders =
        [
            ("3571234567890200001", "潮流小铺买家", 217.00m, 0.00m, 207.00m, 0.00m, "2024-03-08 10:00:00", "2024-03-08 10:02:00", "2024030822001100000000000001",
                [("T恤 白色 L", 79.00m, 2, "TS-W-L"), ("短裤 黑色 M", 59.00m, 1, "SP-B-M")]),
            ("3571234567890200002", "跑步爱好者", 129.00m, 8.00m, 137.00m, 0.00m, "2024-03-08 12:30:00", "2024-03-08 12:31:10", "2024030822001100000000000002",
                [("帆布鞋 38码", 129.00m, 1, "SH-38")]),
            ("3571234567890200003", "潮流小铺买家", 197.00m, 0.00m, 197.00m, 59.00m, "2024-03-09 09:00:00", "2024-03-09 09:00:40", "2024030922001100000000000003",
                [("T恤 黑色 M", 69.00m, 1, "TS-B-M"), ("短裤 黑色 M", 59.00m, 1, "SP-B-M"), ("袜子 三双装", 69.00m, 1, "SO-3")]),
        ];
        var text = new StringBuilder(string.Join(",", JoinedColumns)).Append("\r\n");
        foreach (var o in orders)
        {
            for (var k = 0; k < o.Items.Length; k++)
            {
                var item = o.Items[k];
                var paid = tamper && o.No.EndsWith('1') && k == 1 ? o.Goods : o.Paid;
                text.Append(string.Join(",", new[]
                {
                    "\t" + o.No, o.Buyer, "buyer***@example.com", Money(o.Goods), Money(o.Ship), Money(o.Goods + o.Ship), Money(paid), "交易成功", o.Created, o.Paid2,
                    Money(o.Refund), "\t" + o.Pay, item.Title, Money(item.Price), item.Qty.ToString(CultureInfo.InvariantCulture), null, null, null, null, item.Code,
                }.Select(Csv))).Append("\r\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The 订单报表 saved as a workbook: dates as date cells, amounts as numbers, one order number that Excel turned into a number.</summary>
    private static void TaobaoWorkbook(string path)
    {
        var workbook = new XSSFWorkbook();
        var sheet = workbook.CreateSheet("ExportOrderList");
        var dateStyle = workbook.CreateCellStyle();
        dateStyle.DataFormat = workbook.CreateDataFormat().GetFormat("yyyy-mm-dd hh:mm:ss");
        string[] headings = ["订单编号", "买家会员名", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝标题", "退款金额", "支付单号"];
        var header = sheet.CreateRow(0);
        for (var c = 0; c < headings.Length; c++)
        {
            header.CreateCell(c).SetCellValue(headings[c]);
        }

        var rows = TaobaoOrders.Take(3).ToList();
        for (var r = 0; r <= rows.Count; r++)
        {
            var o = r < rows.Count ? rows[r] : TaobaoOrders[4];
            var row = sheet.CreateRow(r + 1);
            if (r < rows.Count)
            {
                row.CreateCell(0).SetCellValue(o.Number);
            }
            else
            {
                // Opened in Excel and saved: the nineteen-digit number became a double.
                row.CreateCell(0).SetCellValue(double.Parse(o.Number, CultureInfo.InvariantCulture));
            }

            row.CreateCell(1).SetCellValue(o.Buyer);
            row.CreateCell(2).SetCellValue((double)o.GoodsDue);
            row.CreateCell(3).SetCellValue((double)o.Shipping);
            row.CreateCell(4).SetCellValue((double)(o.GoodsDue + o.Shipping));
            row.CreateCell(5).SetCellValue((double)o.Paid);
            row.CreateCell(6).SetCellValue(o.Status);
            SetDate(row.CreateCell(7), o.Created, dateStyle);
            if (o.PaidAt is not null)
            {
                SetDate(row.CreateCell(8), o.PaidAt, dateStyle);
            }

            row.CreateCell(9).SetCellValue(o.Title);
            row.CreateCell(10).SetCellValue((double)o.Refund);
            if (o.PaymentNumber is not null)
            {
                row.CreateCell(11).SetCellValue(o.PaymentNumber);
            }
        }

        using var file = File.Create(path);
        workbook.Write(file);
    }

    private static void SetDate(ICell cell, string text, ICellStyle style)
    {
        cell.SetCellValue(DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        cell.CellStyle = style;
    }

    /// <summary>Shopify's orders export header.</summary>
    public static readonly string[] ShopifyColumns =
    [
        "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes",
        "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
        "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name",
        "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country",
        "Billing Phone", "Shipping Name", "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
        "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference",
        "Refunded Amount", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount",
        "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value",
        "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At",
        "Payment References",
    ];

    /// <summary>An order: its first row's fields, and its line items (quantity, name, price).</summary>
    private sealed record ShopifyOrder(string Name, string Email, string Created, Dictionary<string, string> Fields, (int Qty, string Item, string Price)[] Lines);

    private static ShopifyOrder Order(string name, string email, string created, (int, string, string)[] lines, params (string Key, string Value)[] fields)
    {
        var all = new Dictionary<string, string>
        {
            ["Accepts Marketing"] = "no",
            ["Discount Amount"] = "0.00",
            ["Refunded Amount"] = "0.00",
            ["Outstanding Balance"] = "0.00",
            ["Risk Level"] = "Low",
            ["Source"] = "web",
            ["Fulfillment Status"] = "unfulfilled",
            ["Currency"] = "USD",
        };
        foreach (var (key, value) in fields)
        {
            all[key] = value;
        }

        return new ShopifyOrder(name, email, created, all, lines);
    }

    private static string ShopifyExport(IEnumerable<ShopifyOrder> orders, Func<ShopifyOrder, int, Dictionary<string, string>, Dictionary<string, string>>? tamper = null)
    {
        var text = new StringBuilder(string.Join(",", ShopifyColumns)).Append('\n');
        foreach (var order in orders)
        {
            for (var k = 0; k < order.Lines.Length; k++)
            {
                var (qty, item, price) = order.Lines[k];
                var cells = k == 0 ? new Dictionary<string, string>(order.Fields) : [];
                cells["Name"] = order.Name;
                cells["Email"] = order.Email;
                cells["Created at"] = order.Created;
                cells["Lineitem quantity"] = qty.ToString(CultureInfo.InvariantCulture);
                cells["Lineitem name"] = item;
                cells["Lineitem price"] = price;
                cells["Lineitem compare at price"] = string.Empty;
                cells["Lineitem sku"] = "SKU-" + item.Split(' ')[0].ToUpperInvariant();
                cells["Lineitem requires shipping"] = "true";
                cells["Lineitem taxable"] = "true";
                cells["Lineitem fulfillment status"] = "pending";
                cells["Vendor"] = "Harbour Home Goods";
                cells["Lineitem discount"] = "0.00";
                if (tamper is not null)
                {
                    cells = tamper(order, k, cells);
                }

                text.Append(string.Join(",", ShopifyColumns.Select(c => Csv(cells.GetValueOrDefault(c))))).Append('\n');
            }
        }

        return text.ToString();
    }

    private static readonly ShopifyOrder[] ShopifyOrders =
    [
        Order("#1001", "jane@example.com", "2024-03-04 21:14:50 -0500", [(2, "Ceramic Mug - Blue", "15.00"), (1, "Tea Towel", "15.00")],
            ("Financial Status", "paid"), ("Paid at", "2024-03-04 21:15:09 -0500"), ("Fulfillment Status", "fulfilled"), ("Fulfilled at", "2024-03-05 10:00:00 -0500"),
            ("Subtotal", "45.00"), ("Shipping", "5.00"), ("Taxes", "4.50"), ("Total", "54.50"), ("Shipping Method", "Standard"),
            ("Billing Name", "Jane Doe"), ("Billing City", "Portland"), ("Billing Zip", "97201"), ("Billing Country", "US"),
            ("Payment Method", "Shopify Payments"), ("Payment Reference", "c21345678901234.1"), ("Id", "5512345678901"),
            ("Tax 1 Name", "OR State Tax 10%"), ("Tax 1 Value", "4.50"), ("Payment ID", "c21345678901234.1"), ("Payment References", "c21345678901234.1")),
        Order("#1002", "li.wei@example.com", "2024-03-05 08:01:40 -0500", [(1, "Linen Apron", "40.00"), (1, "Oven Mitt", "20.00")],
            ("Financial Status", "partially_refunded"), ("Paid at", "2024-03-05 08:02:11 -0500"), ("Subtotal", "54.00"), ("Shipping", "0.00"),
            ("Taxes", "4.86"), ("Total", "58.86"), ("Discount Code", "SPRING10"), ("Discount Amount", "6.00"), ("Shipping Method", "Free Shipping"),
            ("Billing Name", "Li Wei"), ("Notes", "Leave at the door,\nring twice"), ("Payment Method", "Shopify Payments"),
            ("Payment Reference", "c21345678909999.1"), ("Refunded Amount", "21.80"), ("Id", "5512345678902"), ("Payment ID", "c21345678909999.1")),
        Order("#1003", "ap@acme-trading.example", "2024-03-06 10:00:00 -0500", [(10, "Bulk Tea 1kg", "50.00")],
            ("Financial Status", "pending"), ("Subtotal", "500.00"), ("Shipping", "0.00"), ("Taxes", "0.00"), ("Total", "500.00"),
            ("Billing Name", "Acme Trading Co"), ("Billing Company", "Acme Trading Co"), ("Payment Method", "manual"), ("Outstanding Balance", "500.00"),
            ("Id", "5512345678903"), ("Payment Terms Name", "Net 30")),
        Order("#1004", "sam@example.com", "2024-03-06 18:30:00 -0500", [(1, "Gift Card", "25.00")],
            ("Financial Status", "voided"), ("Subtotal", "25.00"), ("Shipping", "0.00"), ("Taxes", "0.00"), ("Total", "25.00"),
            ("Billing Name", "Sam Park"), ("Cancelled at", "2024-03-07 09:00:00 -0500"), ("Payment Method", "Shopify Payments"), ("Id", "5512345678904")),
        Order("#1005", "kunde@example.de", "2024-03-08 23:30:00 +0100", [(1, "Teapot Cast Iron", "119.00")],
            ("Financial Status", "refunded"), ("Paid at", "2024-03-08 23:31:02 +0100"), ("Currency", "EUR"), ("Subtotal", "119.00"), ("Shipping", "6.00"),
            ("Taxes", "19.96"), ("Total", "125.00"), ("Payment Method", "PayPal Express Checkout"), ("Refunded Amount", "125.00"), ("Id", "5512345678905"),
            ("Tax 1 Name", "DE MwSt 19% (included)"), ("Tax 1 Value", "19.96"), ("Payment References", "8AB12345CD678901E")),
        Order("#1006", "ap@acme-trading.example", "2024-03-09 09:00:00 -0500", [(4, "Bulk Tea 1kg", "50.00")],
            ("Financial Status", "pending"), ("Subtotal", "200.00"), ("Shipping", "0.00"), ("Taxes", "0.00"), ("Total", "200.00"),
            ("Billing Name", "Acme Trading Co"), ("Payment Method", "manual"), ("Outstanding Balance", "200.00"), ("Id", "5512345678906"),
            ("Payment Terms Name", "Net 15"), ("Next Payment Due At", "2024-03-25 09:00:00 -0500")),
    ];

    private static void ShopifyFiles(Func<string, string> at, Encoding utf8)
    {
        var export = ShopifyExport(ShopifyOrders);
        File.WriteAllText(at("shopify-orders.csv"), export, utf8);

        // Cut off in the middle of #1006's row.
        File.WriteAllText(at("shopify-truncated.csv"), export[..(export.LastIndexOf("#1006", StringComparison.Ordinal) + 60)], utf8);

        // Opened and saved again in Excel on Windows: windows-1252, accents and all.
        var european = ShopifyExport(
        [
            Order("#1101", "jose@example.es", "2024-03-10 12:00:00 +0100", [(1, "Crème brûlée set", "32.00")],
                ("Financial Status", "paid"), ("Paid at", "2024-03-10 12:00:30 +0100"), ("Currency", "EUR"), ("Subtotal", "32.00"), ("Shipping", "4.00"),
                ("Taxes", "6.25"), ("Total", "36.00"), ("Billing Name", "José Müller"), ("Payment Method", "Shopify Payments")),
        ]);
        File.WriteAllBytes(at("shopify-wrong-encoding.csv"), Encoding.GetEncoding(1252).GetBytes(european));

        // #2001's items, shipping and taxes come to 27.00, its Total says 30.00.
        File.WriteAllText(at("shopify-totals-disagree.csv"), ShopifyExport(
        [
            Order("#2001", "pat@example.com", "2024-03-11 09:00:00 -0500", [(2, "Coaster Set", "10.00")],
                ("Financial Status", "paid"), ("Paid at", "2024-03-11 09:00:10 -0500"), ("Subtotal", "20.00"), ("Shipping", "5.00"), ("Taxes", "2.00"),
                ("Total", "30.00"), ("Billing Name", "Pat Lee"), ("Payment Method", "Shopify Payments"), ("Payment Reference", "c20010000000001.1")),
            Order("#2002", "pat@example.com", "2024-03-11 10:00:00 -0500", [(1, "Coaster Set", "10.00"), (1, "Tea Towel", "15.00")],
                ("Financial Status", "paid"), ("Paid at", "2024-03-11 10:00:10 -0500"), ("Subtotal", "25.00"), ("Shipping", "5.00"), ("Taxes", "2.50"),
                ("Total", "32.50"), ("Billing Name", "Pat Lee"), ("Payment Method", "Shopify Payments"), ("Payment Reference", "c20020000000001.1")),
        ]), utf8);

        File.WriteAllText(at("shopify-bad-rows.csv"), ShopifyExport(
        [
            Good("#3001", 1),
            Good("#3002", 2, ("Total", "fifty")),
            Good("#3003", 3),
            Good("#3004", 4),
            Good("#3005", 5),
            Good("#3006", 6),
            Good("#3007", 7),
        ], (order, k, cells) =>
        {
            switch (order.Name)
            {
                case "#3003":
                    cells["Created at"] = "03/05/2024 10:00";
                    break;
                case "#3004" when k == 1:
                    // A later row carrying a different order-level value.
                    cells["Financial Status"] = "refunded";
                    break;
                case "#3005":
                    // The order's first row is missing: only a later line item is left.
                    cells = cells.Where(c => c.Key is "Name" or "Email" or "Created at" || c.Key.StartsWith("Lineitem", StringComparison.Ordinal))
                        .ToDictionary(c => c.Key, c => c.Value);
                    break;
                case "#3006":
                    cells["Name"] = string.Empty;
                    break;
            }

            return cells;
        }), utf8);

        static ShopifyOrder Good(string name, int day, params (string Key, string Value)[] changes)
        {
            var created = $"2024-03-{day + 11:00} 09:00:00 -0500";
            (string, string)[] fields =
            [
                ("Financial Status", "paid"), ("Paid at", created), ("Subtotal", "20.00"), ("Shipping", "5.00"), ("Taxes", "0.00"), ("Total", "25.00"),
                ("Billing Name", "Chris Kim"), ("Payment Method", "Shopify Payments"),
            ];
            var order = Order(name, "chris@example.com", created, [(1, "Coaster Set", "10.00"), (1, "Coaster Set", "10.00")], fields);
            foreach (var (key, value) in changes)
            {
                order.Fields[key] = value;
            }

            return order;
        }
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A CSV cell: quoted when it holds a comma, quote or line break, except the seller center's own <c>="…"</c> text marks.</summary>
    private static string Csv(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.StartsWith("=\"", StringComparison.Ordinal) && text.EndsWith('"') && !text.Contains(','))
        {
            return text;
        }

        return text.Contains(',') || text.Contains('"') || text.Contains('\n')
            ? "\"" + text.Replace("\"", "\"\"") + "\""
            : text;
    }
}
