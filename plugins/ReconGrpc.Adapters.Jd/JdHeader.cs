using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.Jd;

/// <summary>What a JD file holds, as its header row tells.</summary>
internal enum JdFileKind
{
    /// <summary>Not a header this adapter knows.</summary>
    None,

    /// <summary>京东交易流水: a personal account's payment bill (交易时间, 商户名称, 交易说明, 金额, 收/支 …).</summary>
    PaymentBill,

    /// <summary>京东商家 订单导出: one row per SKU (订单号, 商品ID, 订购数量, 应付金额 …).</summary>
    Orders,

    /// <summary>京东商家 结算单 / 对账单明细 / 钱包资金明细: one row per fee item of an order, and payouts.</summary>
    Settlement,
}

/// <summary>A header row: the columns by their normalised heading (half-width, no spaces, no unit in brackets).</summary>
internal sealed class JdHeader
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);

    public JdHeader(string?[] headings)
    {
        Headings = headings;
        for (var i = 0; i < headings.Length; i++)
        {
            var key = ValueParser.HeaderKey(headings[i]);
            if (key.Length > 0)
            {
                _columns.TryAdd(key, i);
            }
        }

        Kind = KindOf();
    }

    public string?[] Headings { get; }

    public JdFileKind Kind { get; }

    /// <summary>How many cells the header has.</summary>
    public int Width => Headings.Length;

    /// <summary>The first of the headings the header has, as a column index; -1 when it has none of them.</summary>
    public int Column(params ReadOnlySpan<string> headings)
    {
        foreach (var heading in headings)
        {
            if (_columns.TryGetValue(ValueParser.HeaderKey(heading), out var column))
            {
                return column;
            }
        }

        return -1;
    }

    public bool Has(params ReadOnlySpan<string> headings) => Column(headings) >= 0;

    /// <summary>A column's heading as the file writes it, for messages.</summary>
    public string Heading(int column) => column >= 0 && column < Headings.Length && Headings[column] is { } heading ? heading : $"column {column + 1}";

    // Headings each kind is read by; the adapter's own lists, so that detection and reading agree.
    public static readonly string[] SettlementFee = ["费用项", "费用名称", "费用项名称", "费用类型", "费用科目"];
    public static readonly string[] SettlementAmount = ["金额", "应结金额", "结算金额", "费用金额", "发生金额", "交易金额"];
    public static readonly string[] SettlementIncome = ["收入", "收入金额"];
    public static readonly string[] SettlementExpense = ["支出", "支出金额"];
    public static readonly string[] SettlementDates =
        ["结算时间", "到账时间", "费用结算时间", "费用发生时间", "发生时间", "账单生成时间", "售后退款时间", "订单完成时间", "订单下单时间", "下单时间", "入账时间", "记账时间", "交易时间", "日期", "时间"];

    private JdFileKind KindOf()
    {
        if (Has("交易时间") && Has("金额") && Has("收/支") && Has("交易说明", "商户名称") && Has("交易订单号", "商家订单号"))
        {
            return JdFileKind.PaymentBill;
        }

        if (Has("订单号") && Has("应付金额") && Has("商品ID", "订购数量", "京东价"))
        {
            return JdFileKind.Orders;
        }

        if (Has(SettlementFee) && (Has(SettlementAmount) || (Has(SettlementIncome) && Has(SettlementExpense))) && Has(SettlementDates))
        {
            return JdFileKind.Settlement;
        }

        return JdFileKind.None;
    }
}
