using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Jd;

/// <summary>
/// 京东交易流水 — a JD account's payment bill, one row per payment or refund: money out (支出) negative, money in (收入)
/// positive, and 不计收支 rows (full refunds and the payments they undo, 先享后付, transfers between one's own
/// accounts) at 0.00, as JD's own totals count them. A partly refunded payment, <c>131.77(已退款89.84)</c>, is the
/// payment less what came back (−41.93): the file's note says so and its 支出 total adds them up that way, and the
/// refund has a row of its own, 不计收支, which would otherwise count it twice.
/// </summary>
internal sealed partial class JdPaymentBill : JdFile
{
    private readonly int _time;
    private readonly int _merchant;
    private readonly int _description;
    private readonly int _amount;
    private readonly int _method;
    private readonly int _status;
    private readonly int _direction;
    private readonly int _category;
    private readonly int _transaction;
    private readonly int _order;
    private readonly int _note;
    private readonly int _lastNeeded;
    private readonly JdPreamble _preamble;
    private readonly string? _account;
    private readonly LineIds _ids = new();

    public JdPaymentBill(JdHeader header, JdPreamble preamble)
        : base(header)
    {
        _preamble = preamble;
        _time = header.Column("交易时间");
        _merchant = header.Column("商户名称");
        _description = header.Column("交易说明");
        _amount = header.Column("金额");
        _method = header.Column("收/付款方式");
        _status = header.Column("交易状态");
        _direction = header.Column("收/支");
        _category = header.Column("交易分类");
        _transaction = header.Column("交易订单号");
        _order = header.Column("商家订单号");
        _note = header.Column("备注");
        _lastNeeded = Math.Max(_time, Math.Max(_amount, _direction));
        _account = preamble.Value("京东账号名", "京东账号", "账号名");
    }

    public override void Row(TabularReader reader)
    {
        var line = reader.Line;
        if (CutShort(reader, _lastNeeded))
        {
            return;
        }

        var timeCell = reader[_time];
        switch (JdCells.Date(timeCell, out var date))
        {
            case ParseOutcome.Invalid:
                Output.Add(BadDate(line, _time, reader));
                return;
            case ParseOutcome.Blank:
                Output.Add(new RowError(line, Header.Heading(_time), "The row has no 交易时间."));
                return;
        }

        var directionText = JdCells.Text(reader[_direction]);
        int sign;
        switch (directionText)
        {
            case "收入":
                sign = 1;
                break;
            case "支出":
                sign = -1;
                break;
            case "不计收支":
                sign = 0;
                break;
            default:
                Output.Add(new RowError(line, Header.Heading(_direction), directionText is null
                    ? "The row has no 收/支: expected 收入, 支出 or 不计收支."
                    : $"'{directionText}' is not 收入, 支出 or 不计收支."));
                return;
        }

        var amountText = JdCells.Text(reader[_amount]);
        if (!TryReadAmount(reader[_amount], amountText, out var paid, out var refunded))
        {
            Output.Add(amountText is null
                ? new RowError(line, Header.Heading(_amount), "The row has no 金额.")
                : new RowError(line, Header.Heading(_amount),
                    $"'{amountText}' is not an amount; expected a figure such as 60.90, or a partly refunded payment such as 131.77(已退款89.84)."));
            return;
        }

        if (refunded > paid)
        {
            Output.Add(new RowError(line, Header.Heading(_amount),
                $"'{amountText}' says more came back ({JdCells.Money(refunded)}) than was paid ({JdCells.Money(paid)})."));
            return;
        }

        var net = paid - refunded;
        var amount = sign * net;
        var description = JdCells.Text(reader, _description);
        var status = JdCells.Text(reader, _status);
        var refund = (description?.StartsWith("退款", StringComparison.Ordinal) ?? false) || (status?.Contains("退款", StringComparison.Ordinal) ?? false);
        var transaction = JdCells.Text(reader, _transaction);
        var stamp = JdCells.Stamp(timeCell) ?? date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var baseId = transaction is null ? stamp : $"{transaction}/{stamp}";

        Output.Add(new RecordRow(line, new StatementLineRecord(date, amount, AmountConvention.CashFlow)
        {
            Purpose = refund ? LinePurpose.Refund : LinePurpose.Other,
            Account = _account,
            CounterpartyName = JdCells.Text(reader, _merchant),
            DocumentNumber = JdCells.Text(reader, _order),
            Reference = transaction,
            Text = Join(description,
                JdCells.Text(reader, _method),
                refunded != 0 && sign != 0 ? $"付款 {JdCells.Money(paid)}，已退款 {JdCells.Money(refunded)}" : null,
                sign == 0 ? $"不计收支 {amountText}" : null,
                JdCells.Text(reader, _category),
                JdCells.Text(reader, _note)),
            Debit = sign < 0 ? net : null,
            Credit = sign > 0 ? net : null,
            SourceId = _ids.Unique(stamp, baseId),
        }));
    }

    public override void End(long lastLine)
    {
        var (from, to) = _preamble.Period("日期区间", "起止日期", "交易时间");
        var (_, credits) = _preamble.Summary("收入");
        var (_, debits) = _preamble.Summary("支出");
        Output.Add(new RecordRow(lastLine, new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            Account = _account,
            OpeningDate = from,
            ClosingDate = to,
            DeclaredCount = _preamble.Count(),
            DeclaredCredits = credits,
            DeclaredDebits = debits,
        }));
    }

    /// <summary>
    /// 60.90; 131.77(已退款89.84) — paid 131.77, of which 89.84 came back; 468.32(已全额退款) — all of it came back.
    /// </summary>
    private static bool TryReadAmount(object? cell, string? text, out decimal paid, out decimal refunded)
    {
        refunded = 0m;
        paid = 0m;
        if (text is null)
        {
            return false;
        }

        if (cell is not string)
        {
            return JdCells.Amount(cell, out paid) == ParseOutcome.Parsed;
        }

        var match = RefundNote().Match(ValueParser.HalfWidth(text));
        if (!match.Success)
        {
            return ValueParser.ParseAmountText(text, out paid) == ParseOutcome.Parsed;
        }

        if (ValueParser.ParseAmountText(match.Groups["paid"].Value, out paid) != ParseOutcome.Parsed)
        {
            return false;
        }

        if (match.Groups["full"].Success)
        {
            refunded = paid;
            return true;
        }

        return ValueParser.ParseAmountText(match.Groups["refunded"].Value, out refunded) == ParseOutcome.Parsed;
    }

    [GeneratedRegex(@"^\s*(?<paid>[\d,]*\d(?:\.\d+)?)\s*\(\s*(?:已退款\s*(?<refunded>[\d,]*\d(?:\.\d+)?)\s*元?|(?<full>已全额退款))\s*\)\s*$")]
    private static partial Regex RefundNote();
}
