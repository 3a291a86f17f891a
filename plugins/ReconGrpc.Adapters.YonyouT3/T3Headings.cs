using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.YonyouT3;

/// <summary>The columns of T3's exports, by the headings T3 (and the people who re-save its files) give them.</summary>
internal enum T3Column
{
    Month,
    Day,
    Date,
    Voucher,
    Summary,
    Ticket,
    Debit,
    Credit,
    Direction,
    Balance,
    PartyCode,
    PartyName,
    Currency,
    DueDate,
    BusinessNumber,
    CategoryCode,
    CategoryName,
    CustomerCode,
    CustomerName,
    ShortName,
    Mnemonic,
    CustomerCategory,
    Region,
    Industry,
    TaxNumber,
    CreditCode,
    Bank,
    BankAccount,
    Address,
    Phone,
    Mobile,
    Contact,
    CreditLimit,
    CreditDays,
    ShipTo,
    Settlement,
}

/// <summary>Heading synonyms and the recognition of T3 header rows.</summary>
internal static class T3Headings
{
    private static readonly Dictionary<string, T3Column> ByKey = Build(new()
    {
        [T3Column.Month] = ["月", "月份"],
        [T3Column.Day] = ["日"],
        [T3Column.Date] = ["日期", "制单日期", "凭证日期", "业务日期", "记账日期"],
        [T3Column.Voucher] = ["凭证号", "凭证号数", "凭证字号", "凭证编号", "凭证"],
        [T3Column.Summary] = ["摘要"],
        [T3Column.Ticket] = ["票号", "票据号", "发票号", "单据号"],
        [T3Column.Debit] = ["借方", "借方金额", "借方发生", "借方发生额", "本期借方"],
        [T3Column.Credit] = ["贷方", "贷方金额", "贷方发生", "贷方发生额", "本期贷方"],
        [T3Column.Direction] = ["方向", "余额方向", "借或贷", "借/贷"],
        [T3Column.Balance] = ["余额", "余额金额", "期末余额"],
        [T3Column.PartyCode] = ["往来单位编码", "单位编码", "供应商编码", "供应商代码"],
        [T3Column.PartyName] = ["往来单位", "往来单位名称", "单位名称", "供应商名称", "供应商", "客户"],
        [T3Column.Currency] = ["币种", "币名"],
        [T3Column.DueDate] = ["到期日", "到期日期"],
        [T3Column.BusinessNumber] = ["业务号", "业务单号"],
        [T3Column.CategoryCode] = ["类别编码", "分类编码"],
        [T3Column.CategoryName] = ["类别名称", "分类名称"],
        [T3Column.CustomerCode] = ["客户编码", "客户代码"],
        [T3Column.CustomerName] = ["客户名称", "客户全称"],
        [T3Column.ShortName] = ["客户简称", "简称"],
        [T3Column.Mnemonic] = ["助记码"],
        [T3Column.CustomerCategory] = ["所属分类码", "所属分类", "客户分类", "所属分类编码"],
        [T3Column.Region] = ["所属地区码", "所属地区", "地区"],
        [T3Column.Industry] = ["所属行业", "行业"],
        [T3Column.TaxNumber] = ["税号", "纳税人登记号", "纳税人识别号"],
        [T3Column.CreditCode] = ["统一社会信用代码", "社会信用代码"],
        [T3Column.Bank] = ["开户银行", "开户行"],
        [T3Column.BankAccount] = ["银行账号", "账号"],
        [T3Column.Address] = ["地址", "通讯地址"],
        [T3Column.Phone] = ["电话", "联系电话"],
        [T3Column.Mobile] = ["手机"],
        [T3Column.Contact] = ["联系人"],
        [T3Column.CreditLimit] = ["信用额度"],
        [T3Column.CreditDays] = ["信用期限", "账期", "信用天数", "账期天数"],
        [T3Column.ShipTo] = ["发货地址", "到货地址"],
        [T3Column.Settlement] = ["结算方式"],
    });

    /// <summary>The headings that mark a detail ledger; a T3 三栏式 ledger has them all.</summary>
    public static IReadOnlyList<string> LedgerMarkers { get; } = ["凭证号", "摘要", "借方", "贷方", "方向", "余额"];

    /// <summary>Words in titles, filter and summary rows that T3's ledgers carry.</summary>
    public static IReadOnlyList<string> LedgerHints { get; } = ["明细账", "科目", "期间", "期初余额", "本月合计", "本年累计"];

    /// <summary>Maps each heading of a row to the column it names; the first of each wins.</summary>
    public static Dictionary<T3Column, int> Columns(IReadOnlyList<string?> headings)
    {
        var columns = new Dictionary<T3Column, int>();
        for (var i = 0; i < headings.Count; i++)
        {
            if (ByKey.TryGetValue(ValueParser.HeaderKey(headings[i]), out var column))
            {
                columns.TryAdd(column, i);
            }
        }

        return columns;
    }

    private static Dictionary<string, T3Column> Build(Dictionary<T3Column, string[]> synonyms)
    {
        var byKey = new Dictionary<string, T3Column>(StringComparer.Ordinal);
        foreach (var (column, names) in synonyms)
        {
            foreach (var name in names)
            {
                byKey.Add(ValueParser.HeaderKey(name), column);
            }
        }

        return byKey;
    }
}
