using System.Globalization;
using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// 商家 账务明细 (<c>#支付宝账务明细查询</c>): every movement on the merchant's Alipay account with its 账务流水号 and the
/// balance after it. 收入金额 is money in, 支出金额 money out; 业务类型 says what for. The footer's
/// <c>#收入合计：n笔，共x元</c> and <c>#支出合计：m笔，共y元</c> are declared for the host to check, with the opening
/// and closing balance the running 账户余额 gives.
/// </summary>
internal sealed partial class AccountDetail : BillBody
{
    private readonly int _serial;
    private readonly int _business;
    private readonly int _order;
    private readonly int _goods;
    private readonly int _time;
    private readonly int _counterparty;
    private readonly int _in;
    private readonly int _out;
    private readonly int _balance;
    private readonly int _type;
    private readonly int _remark;
    private readonly int _description;
    private readonly BalanceChain _chain = new();
    private bool _ended;
    private long _footerLine;
    private decimal? _declaredIn;
    private decimal? _declaredOut;
    private int? _countIn;
    private int? _countOut;

    public AccountDetail(Columns columns, BillPreamble preamble)
        : base(columns, preamble)
    {
        _serial = columns["账务流水号"];
        _business = columns["业务流水号"];
        _order = columns["商户订单号"];
        _goods = columns["商品名称"];
        _time = columns["发生时间", "入账时间"];
        _counterparty = columns["对方账号", "对方账户"];
        _in = columns["收入金额"];
        _out = columns["支出金额"];
        _balance = columns["账户余额"];
        _type = columns["业务类型"];
        _remark = columns["备注"];
        _description = columns["业务描述"];
        int[] read = [_serial, _business, _order, _goods, _time, _counterparty, _in, _out, _balance, _type, _remark, _description];
        MinimumCells = read.Max() + 1;
        if (_time < 0)
        {
            throw new ImportException("The 支付宝账务明细 has no 发生时间 column: the lines cannot be dated.");
        }
    }

    public override AlipayBillKind Kind => AlipayBillKind.MerchantAccount;

    public override string Name => "支付宝账务明细 (merchant account detail)";

    public override int MinimumCells { get; }

    public override void Row(TabularReader reader, List<ImportRow> output)
    {
        var line = reader.Line;
        if (AlipayCells.Date(reader, _time, out var date) != ParseOutcome.Parsed)
        {
            var shown = AlipayCells.Text(reader, _time);
            output.Add(Error(line, _time, shown is null ? "The row has no 发生时间." : $"'{shown}' is not a date; expected a time such as 2024-03-01 09:15:20."));
            return;
        }

        var inOutcome = AlipayCells.Amount(reader, _in, out var moneyIn);
        var outOutcome = AlipayCells.Amount(reader, _out, out var moneyOut);
        if (inOutcome == ParseOutcome.Invalid || outOutcome == ParseOutcome.Invalid)
        {
            var column = inOutcome == ParseOutcome.Invalid ? _in : _out;
            output.Add(Error(line, column, $"'{AlipayCells.Text(reader, column)}' is not an amount; expected a figure such as 1299.00."));
            return;
        }

        if (moneyIn != 0 && moneyOut != 0)
        {
            output.Add(Error(line, -1,
                $"Both {Columns.Heading(_in)} ({Money(moneyIn)}) and {Columns.Heading(_out)} ({Money(moneyOut)}) hold an amount; a line is money either in or out."));
            return;
        }

        decimal? balance = null;
        switch (AlipayCells.Amount(reader, _balance, out var b))
        {
            case ParseOutcome.Parsed:
                balance = b;
                break;
            case ParseOutcome.Invalid:
                output.Add(Error(line, _balance, $"'{AlipayCells.Text(reader, _balance)}' is not an amount; expected a balance such as 11299.00."));
                return;
        }

        // 支出金额 is written -358.00 or 358.00: money out either way.
        var amount = moneyOut != 0 ? -Math.Abs(moneyOut) : Math.Abs(moneyIn);
        var type = AlipayCells.Text(reader, _type);
        var purpose = Purpose(type, AlipayCells.Text(reader, _description), amount);
        var nobodys = purpose is LinePurpose.Fee or LinePurpose.Payout;
        var (name, account) = nobodys ? (null, null) : AlipayCells.Counterparty(AlipayCells.Text(reader, _counterparty));
        var serial = AlipayCells.Text(reader, _serial);
        var business = AlipayCells.Text(reader, _business);
        var order = AlipayCells.Text(reader, _order);
        _chain.Add(date, AlipayCells.Time(reader, _time), amount, balance);
        output.Add(new RecordRow(line, new StatementLineRecord(date, amount, AmountConvention.CashFlow)
        {
            Purpose = purpose,
            DocumentType = purpose == LinePurpose.Sale ? DocumentType.Receipt : null,
            CounterpartyName = name,
            CounterpartyAccount = account,
            Account = Preamble.Account,
            DocumentNumber = purpose == LinePurpose.Payout ? null : order,
            Reference = business,
            VoucherNumber = serial,
            SourceId = serial,
            SettlementId = purpose == LinePurpose.Payout ? business : null,
            Text = AlipayCells.Join(AlipayCells.Text(reader, _goods), AlipayCells.Text(reader, _remark), type),
            Credit = amount >= 0 ? amount : null,
            Debit = amount < 0 ? -amount : null,
            Balance = balance,
        }));
    }

    public override void Footer(string text, long line, List<ImportRow> output)
    {
        if (text.Contains("列表结束", StringComparison.Ordinal))
        {
            _ended = true;
            _footerLine = line;
            return;
        }

        if (TotalPattern().Match(text) is { Success: true } total)
        {
            _footerLine = line;
            var count = int.Parse(total.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (ValueParser.ParseAmountText(total.Groups["sum"].Value, out var sum) != ParseOutcome.Parsed)
            {
                output.Add(new RowError(line, total.Groups["side"].Value + "合计", $"'{total.Groups["sum"].Value}' is not an amount."));
                return;
            }

            if (total.Groups["side"].Value == "收入")
            {
                (_countIn, _declaredIn) = (count, Math.Abs(sum));
            }
            else
            {
                (_countOut, _declaredOut) = (count, Math.Abs(sum));
            }
        }
    }

    public override void End(long lastLine, List<ImportRow> output)
    {
        if (!_ended)
        {
            throw new ImportException(
                $"The {Name} ends on line {lastLine} before its '#-----账务明细列表结束-----' line: the file is truncated. Download it again from Alipay.",
                lastLine);
        }

        var (opening, closing) = _chain.Balances();
        output.Add(new RecordRow(_footerLine, new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            Account = Preamble.Account,
            OpeningDate = Preamble.From ?? _chain.FirstDate,
            ClosingDate = Preamble.To ?? _chain.LastDate,
            OpeningBalance = opening,
            ClosingBalance = closing,
            DeclaredCredits = _declaredIn,
            DeclaredDebits = _declaredOut,
            DeclaredCount = _countIn + _countOut,
        }));
    }

    /// <summary>What a line is for, from its 业务类型 (and 业务描述 when the type is generic) and its direction.</summary>
    internal static LinePurpose Purpose(string? type, string? description, decimal amount)
    {
        var what = string.Concat(type, "|", description);
        if (what.Contains("退款", StringComparison.Ordinal))
        {
            // A refund we pay to a buyer; one paid to us (we bought something) is another movement.
            return amount <= 0 ? LinePurpose.Refund : LinePurpose.Other;
        }

        if (what.Contains("提现", StringComparison.Ordinal))
        {
            return LinePurpose.Payout;
        }

        if (what.Contains("收费", StringComparison.Ordinal) || what.Contains("服务费", StringComparison.Ordinal)
            || what.Contains("手续费", StringComparison.Ordinal) || what.Contains("佣金", StringComparison.Ordinal))
        {
            return LinePurpose.Fee;
        }

        if (type is not null && (type.Contains("交易", StringComparison.Ordinal) || type.Contains("在线支付", StringComparison.Ordinal)
                                 || type.Contains("收款", StringComparison.Ordinal) || type.Contains("付款", StringComparison.Ordinal)))
        {
            return amount >= 0 ? LinePurpose.Sale : LinePurpose.Other;
        }

        return LinePurpose.Other;
    }

    [GeneratedRegex(@"(?<side>收入|支出)合计\s*:\s*(?<n>\d+)\s*笔\s*,\s*共\s*(?<sum>[-+]?[\d,]*\.?\d+)\s*元")]
    private static partial Regex TotalPattern();
}
