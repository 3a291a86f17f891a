using System.Text;
using ReconGrpc.Adapters.FixtureGenerator;

// Writes every adapter fixture. The figures come from T3Ledgers and Archives, so all formats of one ledger agree.
var output = args.Length > 0 ? args[0] : "tests/ReconGrpc.Adapters.Tests/Fixtures";
Directory.CreateDirectory(output);
string At(string name) => Path.Combine(output, name);

var utf8 = new UTF8Encoding(false);
var gbk = Writers.Gbk;
var gb18030 = Encoding.GetEncoding("GB18030");
// T3's text output pads every value; this one also came through a full-width input method in two places.
string Pad(string text) => "  " + (text switch
{
    "2024.01.05" => "２０２４．０１．０５",
    "11,700.00" => "１１，７００．００",
    _ => text,
}) + "    ";

// --- Yonyou T3: our receivable ledger (客户往来明细账) in every form T3 writes it ---
var hualian = T3Ledgers.Layout(T3Ledgers.HualianReceivable);
Writers.Delimited(At("t3-ledger-hualian-2024q1.csv"), hualian, gbk, bom: false, ',', AmountStyle.Thousands);
Writers.Workbook(At("t3-ledger-hualian-2024q1.xls"), hualian, xlsx: false, numbersAsText: false);
Writers.Workbook(At("t3-ledger-hualian-2024q1.xlsx"), hualian, xlsx: true);
Writers.Html(At("t3-ledger-hualian-2024q1-html.xls"), hualian, gbk, "gb2312");
Writers.Delimited(At("t3-ledger-hualian-2024q1.txt"), T3Ledgers.Layout(T3Ledgers.HualianReceivable, DateHeader.DateColumn, withTicket: true), gbk, bom: false, '\t', AmountStyle.Thousands, Pad);

// A summary row that disagrees with its detail (the February total was typed 44,640.00 instead of 44,460.00).
Writers.Delimited(At("t3-ledger-summary-mismatch.csv"), T3Ledgers.Layout(T3Ledgers.HualianReceivable, tamper: (2, "本月合计", 44_640.00m)),
    utf8, bom: true, ',', AmountStyle.Thousands);

// Cut off after the eighth posting: the March totals never arrive.
Writers.Delimited(At("t3-ledger-truncated.csv"), T3Ledgers.Layout(T3Ledgers.HualianReceivable, cutAfter: 8), gbk, bom: false, ',', AmountStyle.Thousands);

// Bad cells: text in an amount column, 30 February, a date that is no date.
Writers.Delimited(At("t3-ledger-bad-rows.csv"), T3Ledgers.Layout(T3Ledgers.HualianReceivable, badCells:
    [
        (1, "贷方", "伍万捌仟"),
        (4, "日", "30"),
    ]), utf8, bom: false, ',', AmountStyle.Thousands);

// A ledger saved without its 贷方 column.
var withoutCredit = T3Ledgers.Layout(T3Ledgers.HualianReceivable);
var creditColumn = Array.FindIndex(withoutCredit.Grid()[2], c => c?.Value as string == "贷方");
var trimmed = new Sheet(withoutCredit.Name, withoutCredit.Width - 1);
foreach (var row in withoutCredit.Grid())
{
    trimmed.Add([.. row.Where((_, i) => i != creditColumn)]);
}

Writers.Delimited(At("t3-ledger-missing-credit-column.csv"), trimmed, gbk, bom: false, ',', AmountStyle.Thousands);

// The mirror: the customer's own T3 payable ledger, sent to us as its statement.
Writers.Workbook(At("t3-payable-from-hualian-2024q1.xls"), T3Ledgers.Layout(T3Ledgers.HualianPayableMirror, withTicket: true), xlsx: false);

// All customers of the receivable account for March, with customer columns, per-customer totals and a grand total.
Writers.Workbook(At("t3-ledger-all-customers-2024-03.xlsx"), AllCustomers.Layout(), xlsx: true);

// --- Yonyou T3: 客户分类 and 客户档案 ---
var categories = new Sheet("客户分类", 3).Add(new Cell("客户分类", 3)).Add("类别编码", "类别名称", "是否末级");
foreach (var (code, name, leaf) in Archives.Categories)
{
    categories.Add(code, name, leaf ? "是" : "否");
}

Writers.Workbook(At("t3-categories.xls"), categories, xlsx: false);

var archive = new Sheet("客户档案", 14).Add(new Cell("客户档案", 14))
    .Add("客户编码", "客户名称", "客户简称", "所属分类码", "所属地区码", "税号", "开户银行", "银行账号", "地址", "电话", "联系人", "信用额度", "信用期限", "发展日期");
foreach (var c in Archives.Customers)
{
    archive.Add(c.Code, c.Name, c.ShortName, c.Category, c.Category[..2], c.CreditCode, c.Bank, c.Account, c.Address, c.Phone, c.Contact,
        c.CreditLimit is { } limit ? new Cell(limit) : null, c.TermDays?.ToString(), "2019-03-01");
}

Writers.Workbook(At("t3-customers.xlsx"), archive, xlsx: true);
Writers.Delimited(At("t3-customers.csv"), archive, gbk, bom: false, ',', AmountStyle.Plain, Pad);

// --- Template (模板导入) ---
string[] customerHeadings = ["客户编码*", "客户名称*", "客户简称", "助记码", "所属分类码", "统一社会信用代码", "税号", "开户银行", "银行账号", "地址", "电话", "联系人", "所属地区", "所属行业", "信用额度", "账期天数", "税率", "结算方式", "发货地址"];
var templateCustomers = new Sheet("customers", customerHeadings.Length).Add([.. customerHeadings.Select(h => new Cell(h))]);
foreach (var c in Archives.Customers)
{
    templateCustomers.Add(c.Code, c.Name, c.ShortName, null, c.Category, c.CreditCode, null, c.Bank, c.Account, c.Address, c.Phone, c.Contact,
        c.Category[..2] == "01" ? "华东" : "华北", "零售", c.CreditLimit is { } l ? new Cell(l) : null, c.TermDays?.ToString(), "13%", "转账", null);
}

Writers.Delimited(At("template-customers-utf8.csv"), templateCustomers, utf8, bom: false, ',', AmountStyle.Plain);
Writers.Delimited(At("template-customers-utf8-bom.csv"), templateCustomers, utf8, bom: true, ',', AmountStyle.Plain);
Writers.Delimited(At("template-customers-gbk.csv"), templateCustomers, gbk, bom: false, ',', AmountStyle.Plain);

// GB18030 beyond GBK: a contact whose name uses 䶮 (CJK Extension A, four bytes in GB18030).
var rare = new Sheet("customers", 4).Add("客户编码", "客户名称", "联系人", "信用额度").Add("0102002", "苏州䶮泰贸易有限公司", "刘䶮", new Cell(30_000m));
Writers.Delimited(At("template-customers-gb18030.csv"), rare, gb18030, bom: false, ',', AmountStyle.Plain);

// A customer list with the user's own headings, read through the columns option.
var own = new Sheet("客户", 6).Add("单位代码", "单位名称", "区域", "纳税人识别号", "授信额度", "备注");
foreach (var c in Archives.Customers)
{
    own.Add(c.Code, c.Name, c.Category, c.CreditCode, c.CreditLimit is { } l ? new Cell(l) : null, "老客户");
}

Writers.Delimited(At("template-customers-own-headings.csv"), own, utf8, bom: false, ',', AmountStyle.Thousands);

var ledgerSheet = new Sheet("ledger", 13)
    .Add("客户编码*", "客户名称", "日期*", "单据类型", "单据号", "凭证号", "金额", "借方", "贷方", "币种", "到期日", "参考号", "摘要")
    .Add("0101001", "上海华联超市有限公司", "2024-04-02", "销售发票", "00012601", "记-0003", new Cell(18_720.00m), null, null, "人民币", "2024-05-02", "SO-24040", "销售商品")
    .Add("0101001", "上海华联超市有限公司", "2024/4/12", "收款", "SK-0412", "记-0014", new Cell(61_010.00m), null, null, "CNY", null, null, "收到货款")
    .Add("0102001", "南京苏果商贸有限公司", "2024年4月15日", "退货", "TH-0415", "记-0021", new Cell(1_170.00m), null, null, null, null, null, "退货 发票00012470")
    .Add("0201001", null, "20240420", null, "00012655", "记-0030", null, new Cell(9_360.00m), null, null, null, null, "销售商品 无类型 借方")
    .Add("0201001", null, "2024.04.25", null, "SK-0425", "记-0036", null, null, new Cell(5_850.00m), null, null, null, "收到货款 无类型 贷方");
Writers.Workbook(At("template-ledger.xlsx"), ledgerSheet, xlsx: true);

var statement = new Sheet("statement", 8)
    .Add("日期", "摘要", "借方", "贷方", "余额", "单据号", "对方户名", "币种")
    .Add("2024-03-01", "期初余额", null, null, new Cell(-56_160.00m), null, "杭州明远商贸有限公司", "CNY")
    .Add("2024-03-08", "支付货款", new Cell(9_360.00m), null, new Cell(-46_800.00m), null, "杭州明远商贸有限公司", "CNY")
    .Add("2024-03-16", "供应商折让", new Cell(1_000.00m), null, new Cell(-45_800.00m), null, "杭州明远商贸有限公司", "CNY");
Writers.Delimited(At("template-statement-semicolon.csv"), statement, utf8, bom: false, ';', AmountStyle.Plain);

File.WriteAllText(At("template-ledger-bad-rows.csv"),
    "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\r\n"
    + "0101001,上海华联超市有限公司,2024-04-02,销售发票,00012601,18720.00,销售商品\r\n"
    + "0101001,上海华联超市有限公司,2024-04-03,销售发票,00012602,一万二,金额是文字\r\n"
    + "0101001,上海华联超市有限公司,2024-04-31,销售发票,00012603,500.00,没有4月31日\r\n"
    + ",,2024-04-05,销售发票,00012604,800.00,没有客户\r\n"
    + "0102001,南京苏果商贸有限公司,2024-04-06,赠品,00012605,100.00,未知单据类型\r\n"
    + "\r\n"
    + "0102001,南京苏果商贸有限公司,2024-04-07,收款,SK-0407,\"3,000.00\",空行之后\r\n"
    + "0201001,北京京客隆",
    utf8);

File.WriteAllText(At("template-ledger-unterminated-quote.csv"),
    "客户编码,客户名称,日期,金额,摘要\r\n"
    + "0101001,上海华联超市有限公司,2024-04-02,18720.00,销售商品\r\n"
    + "0101001,上海华联超市有限公司,2024-04-03,500.00,\"备注被截断",
    utf8);

File.WriteAllText(At("template-categories.csv"), "类别编码,类别名称\r\n01,华东区\r\n0101,上海\r\n0102,江苏\r\n02,华北区\r\n0201,北京\r\n", utf8);

File.WriteAllText(At("template-orders.tsv"),
    "订单号\t订单日期\t订单金额\t客户名称\t订单状态\t交易号\r\n"
    + "TB2024040100123\t2024-04-01 10:23:45\t1,299.00\t上海华联超市有限公司\t交易成功\t2024040122001156781234567890\r\n"
    + "TB2024040100124\t2024-04-01 11:02:10\t-299.00\t上海华联超市有限公司\t退款成功\t2024040122001156781234567891\r\n",
    utf8);

// --- Chinese bank downloads (cn-bank) ---
string BankPad(string text) => text + "   \t";
Writers.Workbook(At("cnbank-ccb-personal.xls"), CnBanks.CcbPersonal(), xlsx: false);
Writers.Html(At("cnbank-ccb-personal-html.xls"), CnBanks.CcbPersonal(), gbk, "gb2312");
Writers.Workbook(At("cnbank-cmb-corporate.xlsx"), CnBanks.CmbCorporate(), xlsx: true);
Writers.Delimited(At("cnbank-icbc-corporate-gbk.csv"), CnBanks.IcbcCorporate(), gbk, bom: false, ',', AmountStyle.Thousands, BankPad);
Writers.Delimited(At("cnbank-generic-two-accounts.csv"), CnBanks.GenericTwoAccounts(), utf8, bom: true, ',', AmountStyle.Thousands);
Writers.Delimited(At("cnbank-generic-signed-gbk.csv"), CnBanks.GenericSigned(), gbk, bom: false, ',', AmountStyle.Thousands, BankPad);
foreach (var (name, text) in CnBanks.Malformed)
{
    File.WriteAllText(At(name), text, utf8);
}

// A GBK download once opened as UTF-8 and saved again: every Chinese character became U+FFFD.
File.WriteAllText(At("cnbank-mojibake.csv"), utf8.GetString(gbk.GetBytes(CnBanks.Malformed[0].Text)), utf8);

// --- WeChat Pay (wechatpay): the personal bill as the app's XLSX export; the CSV fixtures are written by hand ---
Writers.Workbook(At("wechatpay-personal.xlsx"), WeChatPay.PersonalBill(), xlsx: true);

// --- Shop orders (taobao, shopify) ---
Shops.Write(At, utf8, gbk);

Console.WriteLine($"Fixtures written to {Path.GetFullPath(output)}");
