using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// The personal 交易明细, in either layout. 收入 is money in, 支出 money out; 不计收支 is a refund back to the holder
/// (money in, <see cref="LinePurpose.Refund"/>) or a move between the holder's own pockets (余额宝, funds, cards:
/// <see cref="LinePurpose.Other"/>, signed by what its text says). A closed or failed trade moved no money and is passed
/// over. The older layout's 服务费 and 成功退款 become lines of their own.
/// </summary>
internal sealed class PersonalBill : BillBody
{
    /// <summary>Words in a 不计收支 line's text that say the money came back to the holder's balance or card.</summary>
    private static readonly string[] BackWords = ["卖出", "赎回", "转出到", "转出至", "转回", "退回", "收益发放", "提现到账"];

    private static readonly string[] NotMoneyStatuses = ["关闭", "失败", "撤销", "已取消"];

    private readonly AlipayBillKind _kind;
    private readonly int _date;
    private readonly int _created;
    private readonly int _direction;
    private readonly int _amount;
    private readonly int _status;
    private readonly int _name;
    private readonly int _account;
    private readonly int _goods;
    private readonly int _remark;
    private readonly int _transaction;
    private readonly int _order;
    private readonly int _category;
    private readonly int _fee;
    private readonly int _refunded;
    private readonly int _funds;
    private int _skipped;
    private int _extraLines;
    private int? _footerCount;
    private long? _footerCountLine;
    private bool _sawFooterSeparator;

    public PersonalBill(AlipayBillKind kind, Columns columns, BillPreamble preamble)
        : base(columns, preamble)
    {
        _kind = kind;
        _date = kind == AlipayBillKind.PersonalLegacy ? columns["付款时间"] : columns["交易时间"];
        _created = columns["交易创建时间", "最近修改时间"];
        _direction = columns["收/支"];
        _amount = columns["金额"];
        _status = columns["交易状态", "资金状态"];
        _name = columns["交易对方"];
        _account = columns["对方账号", "对方账户"];
        _goods = columns["商品说明", "商品名称"];
        _remark = columns["备注"];
        _transaction = columns["交易订单号", "交易号"];
        _order = columns["商家订单号", "商户订单号"];
        _category = columns["交易分类", "类型"];
        _fee = columns["服务费"];
        _refunded = columns["成功退款"];
        _funds = columns["资金状态"];
        int[] read = [_date, _created, _direction, _amount, _status, _name, _account, _goods, _remark, _transaction, _order, _category, _fee, _refunded, _funds];
        MinimumCells = read.Max() + 1;
    }

    public override AlipayBillKind Kind => _kind;

    public override string Name => _kind == AlipayBillKind.PersonalLegacy ? "支付宝交易记录明细 (personal, older layout)" : "支付宝交易明细 (personal)";

    public override int MinimumCells { get; }

    public override void Row(TabularReader reader, List<ImportRow> output)
    {
        var line = reader.Line;
        var status = AlipayCells.Text(reader, _status);
        if (status is not null && NotMoneyStatuses.Any(s => status.Contains(s, StringComparison.Ordinal)))
        {
            // 交易关闭, 支付失败: no money moved. Passed over, and counted out of the file's 共N笔记录.
            _skipped++;
            return;
        }

        var dateColumn = _date >= 0 && AlipayCells.Text(reader, _date) is not null ? _date : _created;
        var dateOutcome = AlipayCells.Date(reader, dateColumn, out var date);
        if (dateOutcome != ParseOutcome.Parsed)
        {
            var shown = AlipayCells.Text(reader, dateColumn);
            output.Add(Error(line, dateColumn >= 0 ? dateColumn : _date, shown is null
                ? "The row has no date."
                : $"'{shown}' is not a date; expected a time such as 2024-03-05 14:20:00."));
            return;
        }

        switch (AlipayCells.Amount(reader, _amount, out var figure))
        {
            case ParseOutcome.Parsed:
                break;
            case ParseOutcome.Blank:
                output.Add(Error(line, _amount, "The row has no amount."));
                return;
            default:
                output.Add(Error(line, _amount, $"'{AlipayCells.Text(reader, _amount)}' is not an amount; expected a figure such as 156.80."));
                return;
        }

        figure = Math.Abs(figure);
        var direction = AlipayCells.Text(reader, _direction);
        var goods = AlipayCells.Text(reader, _goods);
        var category = AlipayCells.Text(reader, _category);
        decimal amount;
        LinePurpose? purpose = null;
        switch (direction)
        {
            case "收入":
                amount = figure;
                break;
            case "支出":
                amount = -figure;
                break;
            case null or "不计收支" or "其他":
                if (IsRefund(status, category, goods))
                {
                    // A refund back to the holder: money in.
                    amount = figure;
                    purpose = LinePurpose.Refund;
                }
                else
                {
                    // A move between the holder's own accounts (余额宝, funds, bank cards): neither income nor spending.
                    amount = BackWords.Any(w => goods?.Contains(w, StringComparison.Ordinal) == true || category?.Contains(w, StringComparison.Ordinal) == true)
                        ? figure
                        : -figure;
                    purpose = LinePurpose.Other;
                }

                break;
            default:
                output.Add(Error(line, _direction, $"'{direction}' is not one of 收入, 支出, 不计收支."));
                return;
        }

        var transaction = AlipayCells.Text(reader, _transaction);
        var order = AlipayCells.Text(reader, _order);
        var (name, account) = (AlipayCells.Text(reader, _name), AlipayCells.Text(reader, _account));
        var text = AlipayCells.Join(goods, AlipayCells.Text(reader, _remark));
        output.Add(new RecordRow(line, new StatementLineRecord(date, amount, AmountConvention.CashFlow)
        {
            DocumentType = amount > 0 && purpose is null ? DocumentType.Receipt : null,
            Purpose = purpose,
            CounterpartyName = name,
            CounterpartyAccount = account,
            Account = Preamble.Account,
            DocumentNumber = order,
            Reference = transaction,
            SourceId = transaction,
            Text = text,
            Credit = amount > 0 ? figure : null,
            Debit = amount < 0 ? figure : null,
        }));

        if (_kind != AlipayBillKind.PersonalLegacy)
        {
            return;
        }

        // The older layout puts a trade's 服务费 and its 成功退款 beside it: each is a line of its own.
        if (AlipayCells.Amount(reader, _fee, out var fee) == ParseOutcome.Parsed && fee != 0)
        {
            _extraLines++;
            output.Add(new RecordRow(line, new StatementLineRecord(date, -Math.Abs(fee), AmountConvention.CashFlow)
            {
                Purpose = LinePurpose.Fee,
                Account = Preamble.Account,
                DocumentNumber = order,
                Reference = transaction,
                SourceId = transaction is null ? null : transaction + "/fee",
                Text = AlipayCells.Join("服务费", goods),
                Debit = Math.Abs(fee),
            }));
        }
        else if (AlipayCells.Text(reader, _fee) is { } badFee && AlipayCells.Amount(reader, _fee, out _) == ParseOutcome.Invalid)
        {
            output.Add(Error(line, _fee, $"'{badFee}' is not an amount; expected a figure such as 0.48."));
        }

        if (purpose is null && AlipayCells.Amount(reader, _refunded, out var refunded) == ParseOutcome.Parsed && refunded != 0)
        {
            // Money back on a payment (支出) comes in; a refund of money received (收入) goes out.
            var back = amount < 0 ? Math.Abs(refunded) : -Math.Abs(refunded);
            _extraLines++;
            output.Add(new RecordRow(line, new StatementLineRecord(date, back, AmountConvention.CashFlow)
            {
                Purpose = LinePurpose.Refund,
                CounterpartyName = name,
                CounterpartyAccount = account,
                Account = Preamble.Account,
                DocumentNumber = order,
                Reference = transaction,
                SourceId = transaction is null ? null : transaction + "/refund",
                Text = AlipayCells.Join("成功退款", goods),
                Credit = back > 0 ? Math.Abs(back) : null,
                Debit = back < 0 ? Math.Abs(back) : null,
            }));
        }
        else if (AlipayCells.Text(reader, _refunded) is { } badRefund && AlipayCells.Amount(reader, _refunded, out _) == ParseOutcome.Invalid)
        {
            output.Add(Error(line, _refunded, $"'{badRefund}' is not an amount; expected a figure such as 36.40."));
        }
    }

    public override void Footer(string text, long line, List<ImportRow> output)
    {
        if (text.StartsWith("---", StringComparison.Ordinal))
        {
            _sawFooterSeparator = true;
        }

        if (BillPreamble.RecordCount(text) is { } count)
        {
            _footerCount = count;
            _footerCountLine = line;
        }
    }

    public override void End(long lastLine, List<ImportRow> output)
    {
        if (_kind == AlipayBillKind.PersonalLegacy && (!_sawFooterSeparator || _footerCount is null))
        {
            throw new ImportException(
                $"The {Name} ends on line {lastLine} without its footer (a '-----' line and '共N笔记录'): the file is truncated. Export it again from Alipay.",
                lastLine);
        }

        var declared = _footerCount ?? Preamble.DeclaredCount;

        // 共N笔记录 counts every row: the closed ones passed over are not lines, a fee or refund beside a trade is one more.
        int? expected = declared is { } n ? Math.Max(0, n - _skipped + _extraLines) : null;
        output.Add(new RecordRow(_footerCountLine ?? lastLine, new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            Account = Preamble.Account,
            OpeningDate = Preamble.From,
            ClosingDate = Preamble.To,
            DeclaredCount = expected,
        }));
    }

    private static bool IsRefund(string? status, string? category, string? goods) =>
        status?.Contains("退款", StringComparison.Ordinal) == true
        || category == "退款"
        || goods?.StartsWith("退款", StringComparison.Ordinal) == true;
}
