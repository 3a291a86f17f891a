using System.Globalization;
using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// 商家 业务明细 (<c>#支付宝业务明细查询</c>): one row per 交易 (a buyer's payment) or 退款 (a refund of it), with
/// what the merchant received (商家实收) and the 服务费 beside it. A 交易 row gives a <see cref="LinePurpose.Sale"/>
/// line of 商家实收 and a <see cref="LinePurpose.Fee"/> line of its 服务费; a 退款 row a <see cref="LinePurpose.Refund"/>
/// line and the 服务费 given back. The footer counts and sums 交易 and 退款 rows, not lines, so the adapter checks it
/// itself: a footer that disagrees with the rows is a row error on the footer's line naming both figures.
/// </summary>
internal sealed partial class BusinessDetail : BillBody
{
    private readonly int _trade;
    private readonly int _order;
    private readonly int _type;
    private readonly int _goods;
    private readonly int _created;
    private readonly int _finished;
    private readonly int _counterparty;
    private readonly int _orderAmount;
    private readonly int _received;
    private readonly int _merchantDiscount;
    private readonly int _batch;
    private readonly int _fee;
    private readonly int _remark;
    private readonly Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private bool _ended;

    public BusinessDetail(Columns columns, BillPreamble preamble)
        : base(columns, preamble)
    {
        _trade = columns["支付宝交易号"];
        _order = columns["商户订单号"];
        _type = columns["业务类型"];
        _goods = columns["商品名称"];
        _created = columns["创建时间"];
        _finished = columns["完成时间"];
        _counterparty = columns["对方账户", "对方账号"];
        _orderAmount = columns["订单金额"];
        _received = columns["商家实收"];
        _merchantDiscount = columns["商家优惠"];
        _batch = columns["退款批次号/请求号", "退款批次号"];
        _fee = columns["服务费"];
        _remark = columns["备注"];
        int[] read = [_trade, _order, _type, _goods, _created, _finished, _counterparty, _orderAmount, _received, _merchantDiscount, _batch, _fee, _remark];
        MinimumCells = read.Max() + 1;
        if (_created < 0 && _finished < 0)
        {
            throw new ImportException("The 支付宝业务明细 has neither a 完成时间 nor a 创建时间 column: the lines cannot be dated.");
        }
    }

    public override AlipayBillKind Kind => AlipayBillKind.MerchantBusiness;

    public override string Name => "支付宝业务明细 (merchant business detail)";

    public override int MinimumCells { get; }

    public override void Row(TabularReader reader, List<ImportRow> output)
    {
        var line = reader.Line;
        var dateColumn = _finished >= 0 && AlipayCells.Text(reader, _finished) is not null ? _finished : _created;
        if (AlipayCells.Date(reader, dateColumn, out var date) != ParseOutcome.Parsed)
        {
            var shown = AlipayCells.Text(reader, dateColumn);
            output.Add(Error(line, dateColumn, shown is null ? "The row has no 完成时间 or 创建时间." : $"'{shown}' is not a date; expected a time such as 2024-03-01 09:15:20."));
            return;
        }

        // What settled to us is 商家实收: the order amount less the discounts we fund (商家优惠, 商家红包); a file
        // without it has only 订单金额.
        var amountColumn = _received >= 0 ? _received : _orderAmount;
        if (!Figure(reader, amountColumn, line, output, required: true, out var received)
            || !Figure(reader, _orderAmount, line, output, required: false, out var orderAmount)
            || !Figure(reader, _fee, line, output, required: false, out var fee)
            || !Figure(reader, _merchantDiscount, line, output, required: false, out var discount))
        {
            return;
        }

        var type = AlipayCells.Text(reader, _type);
        var trade = AlipayCells.Text(reader, _trade);
        if (trade is null)
        {
            output.Add(Error(line, _trade, "The row has no 支付宝交易号."));
            return;
        }

        var order = AlipayCells.Text(reader, _order);
        var batch = AlipayCells.Text(reader, _batch);
        var goods = AlipayCells.Text(reader, _goods);
        var (name, account) = AlipayCells.Counterparty(AlipayCells.Text(reader, _counterparty));
        var tally = TallyOf(type ?? string.Empty);
        tally.Rows++;
        tally.Received += received;
        tally.Discount += discount;

        decimal amount, feeAmount;
        LinePurpose purpose;
        string sourceId;
        switch (type)
        {
            case "交易":
                (purpose, amount, feeAmount, sourceId) = (LinePurpose.Sale, Math.Abs(received), -Math.Abs(fee), trade);
                break;
            case "退款":
                // A trade may be refunded several times: the refund's batch (or its time) tells them apart.
                (purpose, amount, feeAmount) = (LinePurpose.Refund, -Math.Abs(received), Math.Abs(fee));
                sourceId = $"{trade}/refund/{batch ?? AlipayCells.Text(reader, dateColumn)}";
                break;
            default:
                (purpose, amount, feeAmount) = (LinePurpose.Other, received, fee);
                sourceId = $"{trade}/{type}/{AlipayCells.Text(reader, dateColumn)}";
                break;
        }

        var shownOrder = orderAmount != 0 && Math.Abs(orderAmount) != Math.Abs(received) ? $"订单金额 {Money(orderAmount)}" : null;
        output.Add(new RecordRow(line, new StatementLineRecord(date, amount, AmountConvention.CashFlow)
        {
            Purpose = purpose,
            DocumentType = purpose == LinePurpose.Sale ? DocumentType.Receipt : null,
            CounterpartyName = name,
            CounterpartyAccount = account,
            Account = Preamble.Account,
            DocumentNumber = order,
            Reference = trade,
            VoucherNumber = batch,
            SourceId = sourceId,
            Text = AlipayCells.Join(goods, AlipayCells.Text(reader, _remark), shownOrder),
            Credit = amount >= 0 ? amount : null,
            Debit = amount < 0 ? -amount : null,
        }));

        if (feeAmount != 0)
        {
            output.Add(new RecordRow(line, new StatementLineRecord(date, feeAmount, AmountConvention.CashFlow)
            {
                Purpose = LinePurpose.Fee,
                Account = Preamble.Account,
                DocumentNumber = order,
                Reference = trade,
                SourceId = sourceId + "/fee",
                Text = AlipayCells.Join(purpose == LinePurpose.Refund ? "退还服务费" : "服务费", goods),
                Credit = feeAmount > 0 ? feeAmount : null,
                Debit = feeAmount < 0 ? -feeAmount : null,
            }));
        }
    }

    public override void Footer(string text, long line, List<ImportRow> output)
    {
        if (text.Contains("列表结束", StringComparison.Ordinal))
        {
            _ended = true;
            return;
        }

        if (TotalPattern().Match(text) is not { Success: true } total)
        {
            return;
        }

        var type = total.Groups["type"].Value;
        var field = type + "合计";
        if (UnreadRows > 0)
        {
            // The rows that could not be read are missing from the sums; their errors already say so.
            return;
        }

        var tally = _tallies.TryGetValue(type, out var t) ? t : new Tally();
        var problems = new List<string>();
        var count = int.Parse(total.Groups["n"].Value, CultureInfo.InvariantCulture);
        if (count != tally.Rows)
        {
            problems.Add($"the footer counts {count} {type} rows, the file holds {tally.Rows}");
        }

        if (ValueParser.ParseAmountText(total.Groups["received"].Value, out var received) == ParseOutcome.Parsed && received != tally.Received)
        {
            problems.Add($"its 商家实收 total is {Money(received)}, the {type} rows' 商家实收 add up to {Money(tally.Received)}");
        }

        if (total.Groups["discount"].Success
            && ValueParser.ParseAmountText(total.Groups["discount"].Value, out var discount) == ParseOutcome.Parsed
            && discount != tally.Discount)
        {
            problems.Add($"its 商家优惠 total is {Money(discount)}, the {type} rows' 商家优惠 add up to {Money(tally.Discount)}");
        }

        if (problems.Count > 0)
        {
            output.Add(new RowError(line, field, $"The {field} footer does not agree with the rows: {string.Join("; ", problems)}."));
        }
    }

    public override void End(long lastLine, List<ImportRow> output)
    {
        if (!_ended)
        {
            throw new ImportException(
                $"The {Name} ends on line {lastLine} before its '#-----业务明细列表结束-----' line: the file is truncated. Download it again from Alipay.",
                lastLine);
        }
    }

    private bool Figure(TabularReader reader, int column, long line, List<ImportRow> output, bool required, out decimal value)
    {
        switch (AlipayCells.Amount(reader, column, out value))
        {
            case ParseOutcome.Parsed:
                return true;
            case ParseOutcome.Blank when !required:
                return true;
            case ParseOutcome.Blank:
                output.Add(Error(line, column, "The row has no amount."));
                return false;
            default:
                output.Add(Error(line, column, $"'{AlipayCells.Text(reader, column)}' is not an amount; expected a figure such as 1299.00."));
                return false;
        }
    }

    private Tally TallyOf(string type)
    {
        if (!_tallies.TryGetValue(type, out var tally))
        {
            tally = new Tally();
            _tallies[type] = tally;
        }

        return tally;
    }

    [GeneratedRegex(@"(?<type>交易|退款)合计\s*:\s*(?<n>\d+)\s*笔\s*,\s*商家实收(?:退款)?共\s*(?<received>[-+]?[\d,]*\.?\d+)\s*元(?:\s*,\s*商家优惠(?:退款)?共\s*(?<discount>[-+]?[\d,]*\.?\d+)\s*元)?")]
    private static partial Regex TotalPattern();

    private sealed class Tally
    {
        public int Rows { get; set; }

        public decimal Received { get; set; }

        public decimal Discount { get; set; }
    }
}
