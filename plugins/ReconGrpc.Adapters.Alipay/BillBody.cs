using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>The kinds of Alipay bill the adapter reads, told apart by their header.</summary>
internal enum AlipayBillKind
{
    /// <summary>个人 交易明细, the export since about 2022: 交易时间, 交易分类, 交易对方, 对方账号, 商品说明, 收/支, 金额 … 交易订单号, 商家订单号, 备注.</summary>
    PersonalCurrent,

    /// <summary>个人 交易记录明细, the older export: 交易号, 商家订单号, 交易创建时间, 付款时间 … 金额（元）, 收/支, 交易状态, 服务费（元）, 成功退款（元）, 备注, 资金状态.</summary>
    PersonalLegacy,

    /// <summary>商家 账务明细 (#支付宝账务明细查询): one line per movement on the merchant account, with its balance.</summary>
    MerchantAccount,

    /// <summary>商家 业务明细 (#支付宝业务明细查询): one line per 交易 or 退款, with its 服务费.</summary>
    MerchantBusiness,
}

/// <summary>
/// The lines and footer of one kind of bill, below its header. A body turns each row into records or row errors and
/// the footer into the checks the file asks for; it keeps nothing of the rows but running sums.
/// </summary>
internal abstract class BillBody(Columns columns, BillPreamble preamble)
{
    protected Columns Columns { get; } = columns;

    protected BillPreamble Preamble { get; } = preamble;

    public abstract AlipayBillKind Kind { get; }

    /// <summary>What the bill is called in messages.</summary>
    public abstract string Name { get; }

    /// <summary>How many cells a complete row of a text file has: fewer means the row was cut off.</summary>
    public abstract int MinimumCells { get; }

    /// <summary>Rows that could not be read: the footer's totals cannot be checked against the rows read.</summary>
    protected int UnreadRows { get; private set; }

    public void NoteUnread() => UnreadRows++;

    /// <summary>Reads one row of the lines.</summary>
    public abstract void Row(TabularReader reader, List<ImportRow> output);

    /// <summary>Reads one line of the footer (the rows after the lines), given as half-width text.</summary>
    public abstract void Footer(string text, long line, List<ImportRow> output);

    /// <summary>The end of the file: what the bill declared, or an <see cref="ImportException"/> when it ends too soon.</summary>
    public abstract void End(long lastLine, List<ImportRow> output);

    /// <summary>A row error that also keeps the footer's totals from being checked against what was read.</summary>
    protected RowError Error(long line, int column, string reason)
    {
        UnreadRows++;
        return new RowError(line, column >= 0 ? Columns.Heading(column) : null, reason);
    }

    /// <summary>Recognises a header row, or null when the row is not one.</summary>
    public static AlipayBillKind? Recognise(Columns c)
    {
        if (c.Has("账务流水号") && c.Has("收入金额") && c.Has("支出金额"))
        {
            return AlipayBillKind.MerchantAccount;
        }

        if (c.Has("支付宝交易号") && c.Has("业务类型") && (c.Has("商家实收") || c.Has("订单金额")))
        {
            return AlipayBillKind.MerchantBusiness;
        }

        if (c.Has("交易号") && c.Has("交易创建时间") && c.Has("金额") && c.Has("收/支"))
        {
            return AlipayBillKind.PersonalLegacy;
        }

        if (c.Has("交易时间") && c.Has("收/支") && c.Has("金额") && (c.Has("交易订单号") || c.Has("交易分类")))
        {
            return AlipayBillKind.PersonalCurrent;
        }

        return null;
    }

    public static BillBody Create(AlipayBillKind kind, Columns columns, BillPreamble preamble) => kind switch
    {
        AlipayBillKind.MerchantAccount => new AccountDetail(columns, preamble),
        AlipayBillKind.MerchantBusiness => new BusinessDetail(columns, preamble),
        _ => new PersonalBill(kind, columns, preamble),
    };

    protected static string Money(decimal amount) => Shared.Text.ValueParser.Format(amount);
}
