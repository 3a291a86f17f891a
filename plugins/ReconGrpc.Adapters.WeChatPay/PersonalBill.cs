using System.Globalization;
using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.WeChatPay;

/// <summary>
/// 微信支付账单明细 — the bill a WeChat user exports from the app (CSV, or XLSX in the same layout): a preamble with
/// the period, 共N笔记录 and the 收入 / 支出 / 中性交易 counts and totals, then one row per transaction of the holder's
/// money: 收入 in, 支出 out, and <c>/</c> (中性交易) for moves of the holder's own money (提现, 充值, 零钱通).
/// </summary>
internal sealed partial class PersonalBill : BillReader
{
    private readonly BillColumns _columns;
    private readonly int _date, _type, _party, _goods, _side, _amount, _method, _status, _transaction, _merchantOrder, _note;
    private readonly Preamble _preamble;

    // What the lines add to the host's sums beyond the preamble's 收入 and 支出: the neutral rows and the fees split off.
    private decimal _neutralCredits, _neutralDebits, _neutralWritten;
    private int _feeLines;

    private PersonalBill(BillColumns columns, Preamble preamble)
    {
        _columns = columns;
        _preamble = preamble;
        _date = columns.Find("交易时间");
        _type = columns.Find("交易类型");
        _party = columns.Find("交易对方");
        _goods = columns.Find("商品", "商品说明");
        _side = columns.Find("收/支");
        _amount = columns.Find("金额", "金额(元)");
        _method = columns.Find("支付方式");
        _status = columns.Find("当前状态");
        _transaction = columns.Find("交易单号");
        _merchantOrder = columns.Find("商户单号");
        _note = columns.Find("备注");
    }

    public override string Name => "微信支付账单明细";

    /// <summary>The personal bill's header: 交易时间, 交易类型, 收/支 and 金额(元), with 交易对方 or 交易单号.</summary>
    public static PersonalBill? TryHeader(string?[] texts, IReadOnlyList<(long Line, string?[] Texts)> preamble)
    {
        var columns = new BillColumns(texts);
        if (!columns.Has("交易时间") || !columns.Has("交易类型") || !columns.Has("收/支") || !columns.Has("金额")
            || !(columns.Has("交易对方") || columns.Has("交易单号")))
        {
            return null;
        }

        return new PersonalBill(columns, Preamble.Read(preamble));
    }

    public override void Row(TabularReader reader)
    {
        if (ShortRow(reader, _columns.Width))
        {
            return;
        }

        var line = reader.Line;
        List<ImportRow>? errors = null;
        if (BillCells.Date(reader[_date], out var date) != ParseOutcome.Parsed)
        {
            (errors ??= []).Add(BillCells.BadDate(line, _columns.Heading(_date), reader[_date]));
        }

        var side = BillCells.Slash(reader[_side]);
        var direction = side switch
        {
            null => 0,
            "收入" => 1,
            "支出" => -1,
            _ => int.MinValue,
        };
        if (direction == int.MinValue)
        {
            (errors ??= []).Add(new RowError(line, _columns.Heading(_side), $"'{side}' is neither 收入 (in), 支出 (out) nor / (a move of the holder's own money)."));
        }

        var outcome = BillCells.Amount(reader[_amount], out var written);
        if (outcome != ParseOutcome.Parsed)
        {
            (errors ??= []).Add(outcome == ParseOutcome.Blank
                ? new RowError(line, _columns.Heading(_amount), "The row has no amount.")
                : BillCells.BadAmount(line, _columns.Heading(_amount), reader[_amount]));
        }

        if (errors is not null)
        {
            Output.AddRange(errors);
            return;
        }

        written = Math.Abs(written);
        var type = Cell(reader, _type);
        var status = Cell(reader, _status);
        var note = Cell(reader, _note);
        var transaction = Cell(reader, _transaction);
        var fee = Fee(note);
        var text = BillCells.Join(type, Cell(reader, _goods), status is not null && status.Contains("退款", StringComparison.Ordinal) ? status : null);

        LinePurpose purpose;
        decimal amount;
        var feeLine = false;
        if (direction > 0)
        {
            purpose = IsRefund(type, status) ? LinePurpose.Refund : IsReceipt(type) ? LinePurpose.Sale : LinePurpose.Other;
            amount = written;
        }
        else if (direction < 0)
        {
            purpose = type?.Contains("退款", StringComparison.Ordinal) == true ? LinePurpose.Refund : LinePurpose.Other;
            amount = -written;
        }
        else
        {
            _neutralWritten += written;
            (purpose, var sign) = Neutral(type);
            feeLine = sign < 0 && fee is { } f && f > 0 && f < written;
            amount = sign * (feeLine ? written - fee!.Value : written);
            if (sign == 0)
            {
                text = BillCells.Join(text, $"¥{ValueParser.Format(written)} between 零钱 and 零钱通, not counted");
            }
        }

        if (!feeLine)
        {
            text = BillCells.Join(text, note);
        }

        var nobodys = purpose is LinePurpose.Payout or LinePurpose.Fee;
        var record = new StatementLineRecord(date, amount, AmountConvention.CashFlow)
        {
            Purpose = purpose,
            CounterpartyName = nobodys ? null : Cell(reader, _party),
            DocumentNumber = Cell(reader, _merchantOrder),
            Reference = transaction,
            SourceId = transaction,
            SettlementId = purpose == LinePurpose.Payout ? transaction : null,
            Text = text,
        };
        Output.Add(new RecordRow(line, record));
        if (direction == 0)
        {
            Tally(amount);
        }

        if (feeLine)
        {
            _feeLines++;
            Tally(-fee!.Value);
            Output.Add(new RecordRow(line, new StatementLineRecord(date, -fee.Value, AmountConvention.CashFlow)
            {
                Purpose = LinePurpose.Fee,
                Reference = transaction,
                SourceId = transaction is null ? null : transaction + "/fee",
                Text = BillCells.Join("服务费", type),
            }));
        }
    }

    public override void End(long lastLine)
    {
        ThrowIfEndsShort();
        var p = _preamble;
        if (p.NeutralTotal is { } neutral && neutral != _neutralWritten)
        {
            Output.Add(new RowError(p.NeutralLine, "中性交易",
                $"The bill says its 中性交易 total ¥{ValueParser.Format(neutral)}, but its / rows add up to ¥{ValueParser.Format(_neutralWritten)}."));
        }

        if (p.Count is null && p.Credits is null && p.Debits is null && p.From is null)
        {
            return;
        }

        Output.Add(new RecordRow(lastLine, new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            Account = p.Nickname,
            OpeningDate = p.From,
            ClosingDate = p.To,
            DeclaredCount = p.Count + _feeLines,
            DeclaredCredits = p.Credits + _neutralCredits,
            DeclaredDebits = p.Debits + _neutralDebits,
        }));
    }

    private void Tally(decimal amount)
    {
        if (amount >= 0)
        {
            _neutralCredits += amount;
        }
        else
        {
            _neutralDebits -= amount;
        }
    }

    private static string? Cell(TabularReader reader, int index) => index < 0 ? null : BillCells.Slash(reader[index]);

    /// <summary>
    /// A move of the holder's own money (收/支 <c>/</c>), as it moves the WeChat balance (零钱 and 零钱通): to a bank is a
    /// payout; in from a bank (充值, 转入…-来自 a card) is money in; between 零钱 and 零钱通 is nothing; anything else
    /// (信用卡还款, 购买理财通 …) is money out to another use.
    /// </summary>
    private static (LinePurpose Purpose, int Sign) Neutral(string? type)
    {
        type ??= string.Empty;
        var to = After(type, "-到");
        var from = After(type, "-来自");
        if (type.Contains("提现", StringComparison.Ordinal) || (to is not null && !IsWallet(to)))
        {
            return (LinePurpose.Payout, -1);
        }

        if (type.Contains("充值", StringComparison.Ordinal) || (from is not null && !IsWallet(from)))
        {
            return (LinePurpose.Other, 1);
        }

        return to is not null || from is not null ? (LinePurpose.Other, 0) : (LinePurpose.Other, -1);

        static string? After(string type, string marker) => type.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0 ? type[(at + marker.Length)..] : null;

        static bool IsWallet(string place) => place.StartsWith("零钱", StringComparison.Ordinal);
    }

    private static bool IsRefund(string? type, string? status) =>
        type?.Contains("退款", StringComparison.Ordinal) == true || status?.StartsWith("已退款", StringComparison.Ordinal) == true
                                                             || status?.Contains("全额退款", StringComparison.Ordinal) == true;

    /// <summary>Money received from a payer: a QR-code or group collection, a transfer, a tip (赞赏).</summary>
    private static bool IsReceipt(string? type) =>
        type is not null && (type.Contains("收款", StringComparison.Ordinal) || type.Contains("转账", StringComparison.Ordinal) || type.Contains("赞赏", StringComparison.Ordinal));

    private static decimal? Fee(string? note)
    {
        if (note is null)
        {
            return null;
        }

        var match = FeePattern().Match(ValueParser.HalfWidth(note));
        return match.Success && decimal.TryParse(match.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fee)
            ? fee
            : null;
    }

    [GeneratedRegex(@"服务费\s*[:]?\s*¥?\s*([0-9][0-9,]*(?:\.[0-9]+)?)")]
    private static partial Regex FeePattern();

    /// <summary>What the preamble declares: the holder, the period, the counts and totals.</summary>
    private sealed partial record Preamble(string? Nickname, DateOnly? From, DateOnly? To, int? Count, decimal? Credits, decimal? Debits, decimal? NeutralTotal, long NeutralLine)
    {
        public static Preamble Read(IReadOnlyList<(long Line, string?[] Texts)> rows)
        {
            string? nickname = null;
            DateOnly? from = null, to = null;
            int? count = null;
            decimal? credits = null, debits = null, neutral = null;
            long neutralLine = 0;
            foreach (var (line, texts) in rows)
            {
                var text = ValueParser.HalfWidth(string.Join(' ', texts.Where(t => t is not null)));
                if (NicknamePattern().Match(text) is { Success: true } n)
                {
                    nickname = n.Groups[1].Value.Trim();
                }

                if (PeriodPattern().Match(text) is { Success: true } p)
                {
                    from = DateOf(p.Groups[1].Value);
                    to = DateOf(p.Groups[2].Value);
                }

                if (CountPattern().Match(text) is { Success: true } c)
                {
                    count = int.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture);
                }

                if (SidePattern().Match(text) is { Success: true } s)
                {
                    var total = decimal.Parse(s.Groups[3].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                    switch (s.Groups[1].Value)
                    {
                        case "收入":
                            credits = total;
                            break;
                        case "支出":
                            debits = total;
                            break;
                        default:
                            neutral = total;
                            neutralLine = line;
                            break;
                    }
                }
            }

            return new Preamble(nickname, from, to, count, credits, debits, neutral, neutralLine);
        }

        private static DateOnly? DateOf(string text) => ValueParser.ParseDateText(text, null, out var date) == ParseOutcome.Parsed ? date : null;

        [GeneratedRegex(@"微信昵称\s*:\s*\[([^\]]*)\]")]
        private static partial Regex NicknamePattern();

        [GeneratedRegex(@"起始时间\s*:\s*\[([^\]]+)\]\s*终止时间\s*:\s*\[([^\]]+)\]")]
        private static partial Regex PeriodPattern();

        [GeneratedRegex(@"^\s*共\s*(\d+)\s*笔记录")]
        private static partial Regex CountPattern();

        [GeneratedRegex(@"^\s*(收入|支出|中性交易)\s*:\s*(\d+)\s*笔\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*元")]
        private static partial Regex SidePattern();
    }
}
