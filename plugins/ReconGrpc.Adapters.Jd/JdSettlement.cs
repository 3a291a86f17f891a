using System.Globalization;
using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Jd;

/// <summary>
/// 京东商家 结算单 / 对账单明细 / 钱包资金明细 — one row per fee item of an order (货款, 佣金, 平台使用费, 广告费,
/// 退货款 …) and rows for payouts (提现, 结算到银行卡): money into the shop's JD account positive. What a row is for
/// comes from its 费用项; the 结算单号 ties the lines paid out together. A 合计 row declares the totals for the host to
/// check.
/// </summary>
internal sealed partial class JdSettlement : JdFile
{
    private static readonly string[] PayoutWords = ["提现", "打款", "结算到银行卡", "结算至银行卡", "付款到银行", "出款", "转出到银行", "到账银行卡"];
    private static readonly string[] RefundWords = ["退货款", "退款", "退货"];
    private static readonly string[] FeeWords = ["佣金", "服务费", "使用费", "广告费", "推广费", "手续费", "技术服务", "平台费", "扣点"];

    private readonly int _order;
    private readonly int _settlement;
    private readonly int _fee;
    private readonly int _amount;
    private readonly int _direction;
    private readonly int _income;
    private readonly int _expense;
    private readonly int[] _dates;
    private readonly int _sku;
    private readonly int _product;
    private readonly int _afterSale;
    private readonly int _serial;
    private readonly int _merchantOrder;
    private readonly int[] _notes;
    private readonly int _balance;
    private readonly int _buyer;
    private readonly int _currency;
    private readonly int _lastNeeded;
    private readonly JdPreamble _preamble;
    private readonly string? _statementSettlement;
    private readonly LineIds _ids = new();

    private Footer? _footer;
    private bool _unread;
    private decimal _net;

    public JdSettlement(JdHeader header, JdPreamble preamble)
        : base(header)
    {
        _preamble = preamble;
        _order = header.Column("订单编号", "订单号");
        _settlement = header.Column("结算单号", "结算单编号", "单据编号", "账单编号", "账单号");
        _fee = header.Column(JdHeader.SettlementFee);
        _amount = header.Column(JdHeader.SettlementAmount);
        _direction = header.Column("收支方向", "收/支", "收支类型");
        _income = header.Column(JdHeader.SettlementIncome);
        _expense = header.Column(JdHeader.SettlementExpense);
        _dates = JdHeader.SettlementDates.Select(h => header.Column(h)).Where(c => c >= 0).Distinct().ToArray();
        _sku = header.Column("商品编号", "商品ID", "SKU", "商品SKU");
        _product = header.Column("商品名称");
        _afterSale = header.Column("售后服务单号", "售后单号", "退款单号");
        _serial = header.Column("流水号", "账务流水号", "资金流水号", "明细编号", "明细流水号");
        _merchantOrder = header.Column("商户订单号");
        _notes = new[] { header.Column("备注"), header.Column("费用说明"), header.Column("资金动账备注"), header.Column("摘要") }.Where(c => c >= 0).ToArray();
        _balance = header.Column("账户余额", "余额");
        _buyer = header.Column("下单帐号", "下单账号", "买家账号", "客户姓名");
        _currency = header.Column("币种");
        _lastNeeded = Math.Max(_fee, _amount >= 0 ? _amount : Math.Max(_income, _expense));
        _statementSettlement = preamble.Value("结算单号", "结算单编号", "单据编号");
    }

    public override void Row(TabularReader reader)
    {
        var line = reader.Line;
        var first = FirstText(reader);
        if (first is not null && (first.StartsWith("合计", StringComparison.Ordinal) || first.StartsWith("总计", StringComparison.Ordinal)))
        {
            _footer = ReadFooter(reader);
            return;
        }

        if (first is not null && first.StartsWith("小计", StringComparison.Ordinal))
        {
            return;
        }

        // Lines after a 合计: it was a subtotal, not the file's total.
        _footer = null;
        if (CutShort(reader, _lastNeeded))
        {
            _unread = true;
            return;
        }

        var errors = Output.Count;
        var date = ReadDate(reader, line);
        var amount = ReadAmount(reader, line, out var debit, out var credit);
        string? currency = null;
        if (JdCells.Text(reader, _currency) is { } currencyText && (currency = ValueParser.CurrencyCode(currencyText)) is null)
        {
            Output.Add(new RowError(line, Header.Heading(_currency), $"'{currencyText}' is not a currency this adapter knows (人民币, 美元 … or an ISO code such as CNY)."));
        }

        decimal? balance = null;
        if (_balance >= 0)
        {
            switch (JdCells.Amount(reader[_balance], out var b))
            {
                case ParseOutcome.Parsed:
                    balance = b;
                    break;
                case ParseOutcome.Invalid:
                    Output.Add(BadAmount(line, _balance, reader));
                    break;
            }
        }

        if (Output.Count > errors || date is null || amount is null)
        {
            _unread = true;
            return;
        }

        var fee = JdCells.Text(reader, _fee);
        var notes = _notes.Select(c => JdCells.Text(reader, c)).ToArray();
        var purpose = PurposeOf(fee, notes, amount.Value);
        var order = JdCells.Text(reader, _order);
        var settlement = JdCells.Text(reader, _settlement) ?? _statementSettlement;
        var afterSale = JdCells.Text(reader, _afterSale);
        var sku = JdCells.Text(reader, _sku);
        var serial = JdCells.Text(reader, _serial);
        var stamp = _dates.Select(c => JdCells.Stamp(reader[c])).FirstOrDefault(s => s is not null);
        var group = $"{settlement}/{order ?? stamp}";
        var id = serial ?? string.Join("/", new[] { settlement, order ?? stamp, afterSale, sku, fee }.Where(p => p is not null));
        var ofOrder = purpose is LinePurpose.Sale or LinePurpose.Refund;

        _net += amount.Value;
        Output.Add(new RecordRow(line, new StatementLineRecord(date.Value, amount.Value, AmountConvention.CashFlow)
        {
            Purpose = purpose,
            SettlementId = settlement,
            DocumentNumber = purpose == LinePurpose.Payout ? null : order,
            Reference = afterSale ?? JdCells.Text(reader, _merchantOrder),
            VoucherNumber = serial,
            CounterpartyName = ofOrder ? JdCells.Text(reader, _buyer) : null,
            Text = Join([fee, JdCells.Text(reader, _product), .. notes]),
            Currency = currency,
            Debit = debit,
            Credit = credit,
            Balance = balance,
            SourceId = id.Length == 0 ? null : _ids.Unique(group, id),
        }));
    }

    public override void End(long lastLine)
    {
        var (from, to) = _preamble.Period("结算周期", "账单周期", "结算期间", "账期", "日期区间", "起止日期");
        var footer = _footer;
        if (footer is { Credits: null, Debits: null, Net: { } net } && !_unread && net != _net)
        {
            // A 合计 of the net figure alone cannot be handed to the host, which compares money in and out apart.
            Output.Add(new RowError(footer.Line, Header.Heading(_amount),
                $"The 合计 row says the lines come to {JdCells.Money(net)}, but they come to {JdCells.Money(_net)}; the difference is {JdCells.Money(_net - net)}. "
                + "Check that the file is complete."));
        }

        Output.Add(new RecordRow(footer?.Line ?? lastLine, new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            StatementNumber = _statementSettlement,
            OpeningDate = from,
            ClosingDate = to,
            DeclaredCredits = footer?.Credits,
            DeclaredDebits = footer?.Debits,
            DeclaredCount = footer?.Count,
        }));
    }

    /// <summary>提现 / 打款 a payout; 佣金 and other charges a fee; 退货款 a refund; 货款 a sale (or, taken back, a refund).</summary>
    private static LinePurpose PurposeOf(string? fee, string?[] notes, decimal amount)
    {
        static bool Any(string? text, string[] words) => text is not null && words.Any(w => text.Contains(w, StringComparison.Ordinal));

        if (Any(fee, PayoutWords) || (fee is null && notes.Any(n => Any(n, PayoutWords))))
        {
            return LinePurpose.Payout;
        }

        // A charge first: 退货返还佣金 and 退款手续费 are fees (given back or charged), not refunds to a buyer.
        if (Any(fee, FeeWords))
        {
            return LinePurpose.Fee;
        }

        if (Any(fee, RefundWords))
        {
            return LinePurpose.Refund;
        }

        if (fee is not null && fee.Contains("货款", StringComparison.Ordinal))
        {
            return amount < 0 ? LinePurpose.Refund : LinePurpose.Sale;
        }

        return LinePurpose.Other;
    }

    private DateOnly? ReadDate(TabularReader reader, long line)
    {
        foreach (var column in _dates)
        {
            switch (JdCells.Date(reader[column], out var date))
            {
                case ParseOutcome.Parsed:
                    return date;
                case ParseOutcome.Invalid:
                    Output.Add(BadDate(line, column, reader));
                    return null;
            }
        }

        Output.Add(new RowError(line, Header.Heading(_dates[0]),
            $"The row has no date: {string.Join(", ", _dates.Select(Header.Heading))} {(_dates.Length == 1 ? "is" : "are all")} empty."));
        return null;
    }

    private decimal? ReadAmount(TabularReader reader, long line, out decimal? debit, out decimal? credit)
    {
        debit = credit = null;
        if (_amount >= 0)
        {
            switch (JdCells.Amount(reader[_amount], out var amount))
            {
                case ParseOutcome.Invalid:
                    Output.Add(BadAmount(line, _amount, reader));
                    return null;
                case ParseOutcome.Parsed:
                    var side = JdCells.Text(reader, _direction);
                    switch (side)
                    {
                        case null:
                            return amount;
                        case "收入" or "收" or "入账" or "+":
                            credit = Math.Abs(amount);
                            return credit;
                        case "支出" or "支" or "出账" or "扣款" or "-":
                            debit = Math.Abs(amount);
                            return -debit;
                        default:
                            Output.Add(new RowError(line, Header.Heading(_direction), $"'{side}' is neither 收入 nor 支出."));
                            return null;
                    }
            }

            if (_income < 0 && _expense < 0)
            {
                Output.Add(new RowError(line, Header.Heading(_amount), $"The row has no {Header.Heading(_amount)}."));
                return null;
            }
        }

        decimal? income = null, expense = null;
        foreach (var (column, isIncome) in (ReadOnlySpan<(int, bool)>)[(_income, true), (_expense, false)])
        {
            if (column < 0)
            {
                continue;
            }

            switch (JdCells.Amount(reader[column], out var figure))
            {
                case ParseOutcome.Invalid:
                    Output.Add(BadAmount(line, column, reader));
                    return null;
                case ParseOutcome.Parsed when figure != 0:
                    if (isIncome)
                    {
                        income = Math.Abs(figure);
                    }
                    else
                    {
                        expense = Math.Abs(figure);
                    }

                    break;
            }
        }

        if (income is not null && expense is not null)
        {
            Output.Add(new RowError(line, null,
                $"Both {Header.Heading(_income)} ({JdCells.Money(income.Value)}) and {Header.Heading(_expense)} ({JdCells.Money(expense.Value)}) hold an amount; a line is money either in or out."));
            return null;
        }

        if (income is null && expense is null)
        {
            Output.Add(new RowError(line, null, $"The row has no amount: {Header.Heading(_income)} and {Header.Heading(_expense)} are empty."));
            return null;
        }

        credit = income;
        debit = expense;
        return income ?? -expense;
    }

    private static string? FirstText(TabularReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (JdCells.Text(reader[i]) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>
    /// A 合计 row: figures under the 收入 / 支出 columns, or written out (<c>收入合计：12,345.00</c>, <c>支出：234.00</c>),
    /// a count (<c>共 12 条</c>, <c>笔数：12</c>), or only the net figure under the amount column.
    /// </summary>
    private Footer ReadFooter(TabularReader reader)
    {
        var footer = new Footer(reader.Line);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (JdCells.Text(reader[i]) is not { } text)
            {
                continue;
            }

            var half = ValueParser.HalfWidth(text);
            foreach (Match match in FooterFigure().Matches(half))
            {
                if (ValueParser.ParseAmountText(match.Groups["amount"].Value, out var figure) != ParseOutcome.Parsed)
                {
                    continue;
                }

                if (match.Groups["side"].Value == "收入")
                {
                    footer.Credits = Math.Abs(figure);
                }
                else
                {
                    footer.Debits = Math.Abs(figure);
                }
            }

            if (FooterCount().Match(half) is { Success: true } count)
            {
                footer.Count = int.Parse(count.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        if (_amount < 0 || _direction >= 0)
        {
            Figure(reader, _income, f => footer.Credits ??= Math.Abs(f));
            Figure(reader, _expense, f => footer.Debits ??= Math.Abs(f));
        }
        else
        {
            Figure(reader, _amount, f => footer.Net = f);
        }

        return footer;

        static void Figure(TabularReader reader, int column, Action<decimal> take)
        {
            if (column >= 0 && JdCells.Amount(reader[column], out var figure) == ParseOutcome.Parsed)
            {
                take(figure);
            }
        }
    }

    [GeneratedRegex(@"(?<side>收入|支出)(?:合计|总额|总计|金额)?\s*:\s*(?:¥\s*)?(?<amount>-?[\d,]*\d(?:\.\d+)?)")]
    private static partial Regex FooterFigure();

    [GeneratedRegex(@"(?:共\s*(?<count>\d+)\s*(?:笔|条|行))|(?:(?:笔数|条数|记录数)\s*:\s*(?<count>\d+))")]
    private static partial Regex FooterCount();

    /// <summary>What a 合计 row declares.</summary>
    private sealed class Footer(long line)
    {
        public long Line { get; } = line;

        public decimal? Credits { get; set; }

        public decimal? Debits { get; set; }

        public decimal? Net { get; set; }

        public int? Count { get; set; }
    }
}
