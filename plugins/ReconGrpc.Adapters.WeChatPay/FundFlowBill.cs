using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.WeChatPay;

/// <summary>
/// 资金账单 — the merchant's fund-flow bill (downloadfundflow): one backticked row per movement of one account (基本账户,
/// 运营账户 or 手续费账户) with its 收支类型, 收支金额 and the 账户结余 after it, then a summary block (资金流水总笔数,
/// 收入笔数, 收入金额, 支出笔数, 支出金额).
/// </summary>
internal sealed class FundFlowBill : BillReader
{
    private readonly BillColumns _columns;
    private readonly int _time, _business, _flowId, _name, _type, _side, _amount, _balance, _applicant, _note, _voucher;

    private int _rows, _badRows, _in, _out;
    private Movement? _first, _last;

    private BillColumns? _summary;
    private bool _summaryRead;
    private int? _declaredCount;
    private decimal? _declaredIn, _declaredOut;

    private FundFlowBill(BillColumns columns)
    {
        _columns = columns;
        _time = columns.Find("记账时间");
        _business = columns.Find("微信支付业务单号");
        _flowId = columns.Find("资金流水单号");
        _name = columns.Find("业务名称");
        _type = columns.Find("业务类型");
        _side = columns.Find("收支类型");
        _amount = columns.Find("收支金额");
        _balance = columns.Find("账户结余");
        _applicant = columns.Find("资金变更提交申请人");
        _note = columns.Find("备注");
        _voucher = columns.Find("业务凭证号");
    }

    public override string Name => "微信支付资金账单";

    /// <summary>The fund-flow bill's header: 记账时间, 资金流水单号, 收支类型 and 收支金额（元）.</summary>
    public static FundFlowBill? TryHeader(string?[] texts)
    {
        var columns = new BillColumns(texts);
        return columns.Has("记账时间") && columns.Has("资金流水单号") && columns.Has("收支类型") && columns.Has("收支金额")
            ? new FundFlowBill(columns)
            : null;
    }

    public override void Row(TabularReader reader)
    {
        var first = BillCells.Text(reader[0]);
        if (_summary is null && first == "资金流水总笔数")
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
                ReadSummary(reader);
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
        if (BillCells.Date(reader[_time], out var date) != ParseOutcome.Parsed)
        {
            (errors ??= []).Add(BillCells.BadDate(line, _columns.Heading(_time), reader[_time]));
        }

        var side = Text(reader, _side);
        var sign = side switch
        {
            "收入" => 1,
            "支出" => -1,
            _ => 0,
        };
        if (sign == 0)
        {
            (errors ??= []).Add(new RowError(line, _columns.Heading(_side), side is null
                ? "The row has no 收支类型; expected 收入 or 支出."
                : $"'{side}' is neither 收入 (in) nor 支出 (out)."));
        }

        var outcome = BillCells.Amount(reader[_amount], out var written);
        if (outcome != ParseOutcome.Parsed)
        {
            (errors ??= []).Add(outcome == ParseOutcome.Blank
                ? new RowError(line, _columns.Heading(_amount), "The row has no amount.")
                : BillCells.BadAmount(line, _columns.Heading(_amount), reader[_amount]));
        }

        decimal? balance = null;
        if (_balance >= 0)
        {
            switch (BillCells.Amount(reader[_balance], out var b))
            {
                case ParseOutcome.Parsed:
                    balance = b;
                    break;
                case ParseOutcome.Invalid:
                    (errors ??= []).Add(BillCells.BadAmount(line, _columns.Heading(_balance), reader[_balance]));
                    break;
            }
        }

        if (errors is not null)
        {
            _badRows++;
            Output.AddRange(errors);
            return;
        }

        var amount = sign * Math.Abs(written);
        if (sign > 0)
        {
            _in++;
        }
        else
        {
            _out++;
        }

        var name = Text(reader, _name);
        var type = Text(reader, _type);
        var purpose = Purpose(name, type);
        var business = Text(reader, _business);
        var flowId = Text(reader, _flowId);
        var movement = new Movement(Text(reader, _time) ?? string.Empty, date, amount, balance);
        _first ??= movement;
        _last = movement;
        Output.Add(new RecordRow(line, new StatementLineRecord(date, amount, AmountConvention.CashFlow)
        {
            Purpose = purpose,
            DocumentNumber = purpose == LinePurpose.Payout ? null : Text(reader, _voucher),
            Reference = business,
            VoucherNumber = flowId,
            SourceId = flowId,
            SettlementId = purpose == LinePurpose.Payout ? business ?? flowId : null,
            Balance = balance,
            Text = BillCells.Join(name, type == name ? null : type, Text(reader, _note), purpose == LinePurpose.Payout ? null : BillCells.Labelled("申请人", Text(reader, _applicant))),
        }));
    }

    public override void End(long lastLine)
    {
        ThrowIfEndsShort();
        if (_summary is null || !_summaryRead)
        {
            throw new ImportException(
                $"The {Name} ends on line {lastLine} without its summary (资金流水总笔数, 收入笔数 …): the file was cut off during download or upload, "
                + "so its rows cannot be checked. Download the bill again.", lastLine);
        }

        // The bill runs oldest first; the balance before its first movement is that movement's 账户结余 less its amount.
        var (opening, closing) = _first is { } a && _last is { } z && string.CompareOrdinal(a.Time, z.Time) > 0 ? (z, a) : (_first, _last);
        Output.Add(new RecordRow(lastLine, new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            OpeningDate = opening?.Date,
            OpeningBalance = opening?.Balance - opening?.Amount,
            ClosingDate = closing?.Date,
            ClosingBalance = closing?.Balance,
            DeclaredCount = _declaredCount,
            DeclaredCredits = _declaredIn,
            DeclaredDebits = _declaredOut,
        }));
    }

    protected override void OnBadRow()
    {
        _rows++;
        _badRows++;
    }

    /// <summary>
    /// 交易 is a sale, 退款 a refund, 手续费 (扣除交易手续费) a fee, 提现 a payout to our bank; anything else (企业付款,
    /// 充值, 调账 …) is another movement.
    /// </summary>
    private static LinePurpose Purpose(string? name, string? type)
    {
        var both = string.Concat(name, " ", type);
        if (both.Contains("手续费", StringComparison.Ordinal))
        {
            return LinePurpose.Fee;
        }

        if (both.Contains("退款", StringComparison.Ordinal))
        {
            return LinePurpose.Refund;
        }

        if (both.Contains("提现", StringComparison.Ordinal))
        {
            return LinePurpose.Payout;
        }

        return name == "交易" || type == "交易" ? LinePurpose.Sale : LinePurpose.Other;
    }

    /// <summary>The summary: the total count and the money in and out go to the host's check; the counts of each side are checked here.</summary>
    private void ReadSummary(TabularReader reader)
    {
        var summary = _summary!;
        var line = reader.Line;
        int? CountOf(string heading)
        {
            var at = summary.Find(heading);
            if (at < 0)
            {
                return null;
            }

            var count = BillCells.Count(reader[at]);
            if (count is null)
            {
                Output.Add(new RowError(line, heading, $"'{BillCells.Text(reader[at])}' is not a count of rows."));
            }

            return count;
        }

        decimal? AmountOf(string heading)
        {
            var at = summary.Find(heading);
            if (at < 0)
            {
                return null;
            }

            switch (BillCells.Amount(reader[at], out var figure))
            {
                case ParseOutcome.Parsed:
                    return Math.Abs(figure);
                case ParseOutcome.Invalid:
                    Output.Add(BillCells.BadAmount(line, heading, reader[at]));
                    break;
            }

            return null;
        }

        _declaredCount = CountOf("资金流水总笔数");
        _declaredIn = AmountOf("收入金额");
        _declaredOut = AmountOf("支出金额");
        if (_badRows > 0)
        {
            // A row that could not be read has no side: the host's check of the total count says what is missing.
            return;
        }

        foreach (var (heading, found) in (ReadOnlySpan<(string, int)>)[("收入笔数", _in), ("支出笔数", _out)])
        {
            if (CountOf(heading) is { } declared && declared != found)
            {
                Output.Add(new RowError(line, heading, $"The summary says {heading} {declared}, but the bill has {found} such rows."));
            }
        }
    }

    private static string? Text(TabularReader reader, int index) => index < 0 ? null : BillCells.Text(reader[index]);

    private sealed record Movement(string Time, DateOnly Date, decimal Amount, decimal? Balance);
}
