using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.WeChatPay;

/// <summary>
/// 交易账单 — the merchant's trade bill (downloadbill, bill_type ALL, SUCCESS or REFUND): one backticked row per payment
/// (交易状态 SUCCESS) or refund (REFUND) of one day, then a summary block (总交易单数, 应结订单总金额, 退款总金额,
/// 充值券退款总金额, 手续费总金额, 订单总金额, 申请退款总金额) whose figures are the sums of the rows' columns.
/// </summary>
internal sealed class TradeBill : BillReader
{
    private static readonly string[] SummaryFirst = ["总交易单数"];

    private readonly BillColumns _columns;
    private readonly int _date, _merchant, _subMerchant, _transaction, _order, _payer, _tradeType, _state, _bank, _currency, _settled;
    private readonly int _refundId, _merchantRefundId, _refund, _couponRefund, _refundType, _refundState, _goods, _attach, _fee, _rate, _total, _requestedRefund;

    private readonly Dictionary<string, decimal> _sums = new(StringComparer.Ordinal);
    private int _rows;
    private int _badRows;
    private decimal _feesCharged, _feesReturned;
    private DateOnly? _first, _last;
    private string? _account, _currency2;

    private BillColumns? _summary;
    private bool _summaryRead;

    private TradeBill(BillColumns columns)
    {
        _columns = columns;
        _date = columns.Find("交易时间");
        _merchant = columns.Find("商户号");
        _subMerchant = columns.Find("特约商户号", "子商户号");
        _transaction = columns.Find("微信订单号");
        _order = columns.Find("商户订单号");
        _payer = columns.Find("用户标识");
        _tradeType = columns.Find("交易类型");
        _state = columns.Find("交易状态");
        _bank = columns.Find("付款银行");
        _currency = columns.Find("货币种类");
        _settled = columns.Find("应结订单金额", "总金额");
        _refundId = columns.Find("微信退款单号");
        _merchantRefundId = columns.Find("商户退款单号");
        _refund = columns.Find("退款金额");
        _couponRefund = columns.Find("充值券退款金额", "企业红包退款金额", "代金券或立减优惠退款金额");
        _refundType = columns.Find("退款类型");
        _refundState = columns.Find("退款状态");
        _goods = columns.Find("商品名称");
        _attach = columns.Find("商户数据包");
        _fee = columns.Find("手续费");
        _rate = columns.Find("费率");
        _total = columns.Find("订单金额");
        _requestedRefund = columns.Find("申请退款金额");
    }

    public override string Name => "微信支付交易账单";

    /// <summary>The trade bill's header: 交易时间, 微信订单号, 商户订单号, 交易状态 and 应结订单金额 (or the older 总金额).</summary>
    public static TradeBill? TryHeader(string?[] texts)
    {
        var columns = new BillColumns(texts);
        return columns.Has("交易时间") && columns.Has("微信订单号") && columns.Has("商户订单号") && columns.Has("交易状态")
               && (columns.Has("应结订单金额") || columns.Has("总金额"))
            ? new TradeBill(columns)
            : null;
    }

    public override void Row(TabularReader reader)
    {
        var first = BillCells.Text(reader[0]);
        if (_summary is null && first is not null && SummaryFirst.Contains(first))
        {
            FlushShortRow();
            _summary = new BillColumns(BillCells.Texts(reader));
            return;
        }

        if (_summary is not null)
        {
            FlushShortRow();
            if (!_summaryRead)
            {
                _summaryRead = true;
                CheckSummary(reader);
            }
            else
            {
                Output.Add(new RowError(reader.Line, null, "A row after the bill's summary was not read: the summary closes the bill."));
            }

            return;
        }

        if (ShortRow(reader, _columns.Width))
        {
            return;
        }

        _rows++;
        var line = reader.Line;
        List<ImportRow>? errors = null;
        if (BillCells.Date(reader[_date], out var date) != ParseOutcome.Parsed)
        {
            (errors ??= []).Add(BillCells.BadDate(line, _columns.Heading(_date), reader[_date]));
        }

        var state = Text(reader, _state)?.ToUpperInvariant();
        if (state is null)
        {
            (errors ??= []).Add(new RowError(line, _columns.Heading(_state), "The row has no 交易状态; expected SUCCESS or REFUND."));
        }

        var figures = new Dictionary<int, decimal>();
        foreach (var column in (ReadOnlySpan<int>)[_settled, _refund, _couponRefund, _fee, _total, _requestedRefund])
        {
            if (column < 0)
            {
                continue;
            }

            switch (BillCells.Amount(reader[column], out var figure))
            {
                case ParseOutcome.Parsed:
                    figures[column] = figure;
                    break;
                case ParseOutcome.Blank:
                    figures[column] = 0;
                    break;
                default:
                    (errors ??= []).Add(BillCells.BadAmount(line, _columns.Heading(column), reader[column]));
                    break;
            }
        }

        if (errors is not null)
        {
            _badRows++;
            Output.AddRange(errors);
            return;
        }

        foreach (var (column, figure) in figures)
        {
            _sums[_columns.Heading(column)] = _sums.GetValueOrDefault(_columns.Heading(column)) + figure;
        }

        _first = _first is { } f && f <= date ? f : date;
        _last = _last is { } l && l >= date ? l : date;
        var account = Text(reader, _subMerchant) is { } sub && sub != "0" ? sub : Text(reader, _merchant);
        _account ??= account;
        var currency = ValueParser.CurrencyCode(Text(reader, _currency));
        currency = currency == "CNY" ? null : currency;
        _currency2 ??= currency;

        var transaction = Text(reader, _transaction);
        var order = Text(reader, _order);
        var goods = Text(reader, _goods);
        // 手续费 is written to five decimals; what is charged is rounded to the fen, order by order.
        var exactFee = figures.GetValueOrDefault(_fee);
        var fee = Math.Round(exactFee, 2, MidpointRounding.AwayFromZero);
        string? feeSource;
        if (state == "REFUND")
        {
            var refundId = Text(reader, _refundId);
            feeSource = refundId ?? transaction;
            Output.Add(new RecordRow(line, new StatementLineRecord(date, -Math.Abs(figures.GetValueOrDefault(_refund)), AmountConvention.CashFlow)
            {
                Purpose = LinePurpose.Refund,
                Account = account,
                Currency = currency,
                DocumentNumber = order,
                Reference = transaction,
                VoucherNumber = refundId,
                SourceId = refundId,
                CounterpartyAccount = Text(reader, _payer),
                Text = BillCells.Join(goods, BillCells.Labelled("商户退款单号", Text(reader, _merchantRefundId)), Text(reader, _refundType), BillCells.Labelled("退款状态", Text(reader, _refundState))),
            }));
        }
        else
        {
            feeSource = transaction;
            Output.Add(new RecordRow(line, new StatementLineRecord(date, figures.GetValueOrDefault(_settled), AmountConvention.CashFlow)
            {
                Purpose = state == "SUCCESS" ? LinePurpose.Sale : LinePurpose.Other,
                Account = account,
                Currency = currency,
                DocumentNumber = order,
                Reference = transaction,
                SourceId = transaction,
                CounterpartyAccount = Text(reader, _payer),
                Text = BillCells.Join(goods, Text(reader, _attach), Text(reader, _tradeType), Text(reader, _bank), state == "SUCCESS" ? null : state),
            }));
        }

        if (fee != 0)
        {
            // 手续费 is what we are charged (positive) or given back with a refund (negative): money out, or in.
            if (fee > 0)
            {
                _feesCharged += fee;
            }
            else
            {
                _feesReturned -= fee;
            }

            Output.Add(new RecordRow(line, new StatementLineRecord(date, -fee, AmountConvention.CashFlow)
            {
                Purpose = LinePurpose.Fee,
                Account = account,
                Currency = currency,
                DocumentNumber = order,
                Reference = transaction,
                SourceId = feeSource is null ? null : feeSource + "/fee",
                Text = BillCells.Join(fee > 0 ? "手续费" : "退还手续费", exactFee == fee ? null : BillCells.Format(Math.Abs(exactFee)), BillCells.Labelled("费率", Text(reader, _rate))),
            }));
        }
    }

    public override void End(long lastLine)
    {
        ThrowIfEndsShort();
        if (_summary is null || !_summaryRead)
        {
            throw new ImportException(
                $"The {Name} ends on line {lastLine} without its summary (总交易单数, 应结订单总金额 …): the file was cut off during download or upload, "
                + "so its rows cannot be checked. Download the bill again.", lastLine);
        }

        Output.Add(new RecordRow(lastLine, new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            Account = _account,
            Currency = _currency2,
            OpeningDate = _first,
            ClosingDate = _last,
            DeclaredCredits = _declaredSettled is { } settled ? settled + _feesReturned : null,
            DeclaredDebits = _declaredRefunds is { } refunds ? refunds + _feesCharged : null,
        }));
    }

    protected override void OnBadRow()
    {
        _rows++;
        _badRows++;
    }

    private decimal? _declaredSettled, _declaredRefunds;

    /// <summary>
    /// The summary's figures: 应结订单总金额 and 退款总金额 go to the host's check (with the fees the rows returned and
    /// charged, which the summary nets into 手续费总金额); the count and the other totals are checked here.
    /// </summary>
    private void CheckSummary(TabularReader reader)
    {
        var summary = _summary!;
        var line = reader.Line;
        (string Summary, string Column)[] totals =
        [
            ("应结订单总金额", "应结订单金额"),
            ("总交易额", "总金额"),
            ("退款总金额", "退款金额"),
            ("总退款金额", "退款金额"),
            ("充值券退款总金额", "充值券退款金额"),
            ("手续费总金额", "手续费"),
            ("订单总金额", "订单金额"),
            ("申请退款总金额", "申请退款金额"),
        ];

        var countColumn = summary.Find("总交易单数");
        if (countColumn >= 0)
        {
            var declared = BillCells.Count(reader[countColumn]);
            if (declared is null)
            {
                Output.Add(new RowError(line, "总交易单数", $"'{BillCells.Text(reader[countColumn])}' is not a count of rows."));
            }
            else if (declared != _rows)
            {
                Output.Add(new RowError(line, "总交易单数", $"The summary says 总交易单数 {declared}, but the bill has {_rows} rows: rows are missing or repeated."));
            }
        }

        foreach (var (name, column) in totals)
        {
            var at = summary.Find(name);
            if (at < 0 || !_columns.Has(column))
            {
                continue;
            }

            var outcome = BillCells.Amount(reader[at], out var declared);
            if (outcome == ParseOutcome.Invalid)
            {
                Output.Add(BillCells.BadAmount(line, summary.Heading(at), reader[at]));
                continue;
            }

            if (outcome != ParseOutcome.Parsed)
            {
                continue;
            }

            switch (column)
            {
                case "应结订单金额" or "总金额":
                    _declaredSettled = Math.Abs(declared);
                    continue;
                case "退款金额":
                    _declaredRefunds = Math.Abs(declared);
                    continue;
            }

            var sum = _sums.GetValueOrDefault(_columns.Heading(_columns.Find(column)));
            if (_badRows == 0 && sum != declared)
            {
                Output.Add(new RowError(line, summary.Heading(at),
                    $"The summary says {summary.Heading(at)} {BillCells.Format(declared)}, but the rows' {column} add up to {BillCells.Format(sum)}; "
                    + $"the difference is {BillCells.Format(sum - declared)}."));
            }
        }
    }

    private static string? Text(TabularReader reader, int index) => index < 0 ? null : BillCells.Text(reader[index]);
}
