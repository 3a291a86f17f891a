using System.Globalization;
using System.Text;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Jd;

/// <summary>
/// 京东商家 订单导出 — one row per SKU, the order's totals (订单金额, 结算金额, 余额支付, 应付金额, 运费金额) repeated on
/// each of its rows. The rows of an order are folded into one <see cref="OrderRecord"/>, its totals counted once; rows
/// whose repeated totals disagree refuse the order. Orders never paid or called off (等待付款, 已取消, and the
/// <c>(删除)</c> parent of an order JD split into others, which carry its amount) are left out.
/// </summary>
internal sealed class JdOrders : JdFile
{
    private const int MemoLength = 200;

    private static readonly string[] TotalHeadings = ["订单金额", "结算金额", "余额支付", "应付金额", "运费金额"];
    private const int OrderTotal = 0;
    private const int Settled = 1;
    private const int FromBalance = 2;
    private const int Payable = 3;
    private const int Shipping = 4;

    private readonly int _number;
    private readonly int _sku;
    private readonly int _product;
    private readonly int _quantity;
    private readonly int _paymentMethod;
    private readonly int _placed;
    private readonly int _paid;
    private readonly int _status;
    private readonly int _account;
    private readonly int _customer;
    private readonly int[] _totals;
    private readonly int _lastNeeded;

    /// <summary>Each order read, with the line it began on: an order whose rows come apart is told, not read twice.</summary>
    private readonly Dictionary<string, long> _finished = new(StringComparer.Ordinal);
    private Draft? _current;

    public JdOrders(JdHeader header)
        : base(header)
    {
        _number = header.Column("订单号");
        _sku = header.Column("商品ID", "商品编号");
        _product = header.Column("商品名称");
        _quantity = header.Column("订购数量", "商品数量");
        _paymentMethod = header.Column("支付方式");
        _placed = header.Column("下单时间");
        _paid = header.Column("付款确认时间", "付款时间");
        _status = header.Column("订单状态");
        _account = header.Column("下单帐号", "下单账号");
        _customer = header.Column("客户姓名");
        _totals = TotalHeadings.Select(h => header.Column(h)).ToArray();
        _lastNeeded = Math.Max(_number, _totals[Payable]);
        if (_placed < 0 && _paid < 0)
        {
            throw new ImportException("The order export has no 下单时间 or 付款确认时间 column, so its orders have no date.");
        }
    }

    public override void Row(TabularReader reader)
    {
        var line = reader.Line;
        if (CutShort(reader, _lastNeeded))
        {
            // A row of the order being read that is cut short leaves its totals unchecked: the order is not imported.
            if (_current is { } cut && _number < reader.FieldCount && string.Equals(JdCells.Text(reader[_number]), cut.Number, StringComparison.Ordinal))
            {
                cut.Break();
            }

            return;
        }

        var number = JdCells.Text(reader[_number]);
        if (number is null)
        {
            Output.Add(new RowError(line, Header.Heading(_number), "The row has no 订单号."));
            return;
        }

        if (_current is null || !string.Equals(_current.Number, number, StringComparison.Ordinal))
        {
            Flush();
            if (_finished.TryGetValue(number, out var first))
            {
                Output.Add(new RowError(line, Header.Heading(_number),
                    $"Order {number} began at line {first.ToString(CultureInfo.InvariantCulture)} and its rows stopped before this one: an order's rows come together in "
                    + "JD's export, so this row was not added to it. Export the orders again, or sort the file by 订单号."));
                return;
            }

            _current = Start(reader, number, line);
        }

        var order = _current;
        for (var i = 0; i < _totals.Length; i++)
        {
            var column = _totals[i];
            if (column < 0)
            {
                continue;
            }

            switch (JdCells.Amount(reader[column], out var value))
            {
                case ParseOutcome.Invalid:
                    Output.Add(BadAmount(line, column, reader));
                    order.Break();
                    break;
                case ParseOutcome.Parsed when order.Totals[i] is null:
                    order.Totals[i] = value;
                    order.TotalLines[i] = line;
                    break;
                case ParseOutcome.Parsed when order.Totals[i] != value:
                    Output.Add(new RowError(line, Header.Heading(column),
                        $"Order {number}: {Header.Heading(column)} is {JdCells.Money(value)} on this row but {JdCells.Money(order.Totals[i]!.Value)} on line "
                        + $"{order.TotalLines[i].ToString(CultureInfo.InvariantCulture)}. An order's totals repeat on each of its SKU rows and must agree; the order is not imported."));
                    order.Break();
                    break;
            }
        }

        order.AddSku(JdCells.Text(reader, _product) ?? JdCells.Text(reader, _sku), JdCells.Text(reader, _quantity));
    }

    public override void End(long lastLine) => Flush();

    private Draft Start(TabularReader reader, string number, long line)
    {
        var order = new Draft(number, line)
        {
            Status = JdCells.Text(reader, _status),
            Customer = JdCells.Text(reader, _account) ?? JdCells.Text(reader, _customer),
            PaymentMethod = JdCells.Text(reader, _paymentMethod),
        };

        // The day the buyer's payment was confirmed; an order paid on delivery (货到付款) has none yet: the day it was placed.
        foreach (var column in (ReadOnlySpan<int>)[_paid, _placed])
        {
            if (column < 0)
            {
                continue;
            }

            switch (JdCells.Date(reader[column], out var date))
            {
                case ParseOutcome.Parsed:
                    order.Date = date;
                    return order;
                case ParseOutcome.Invalid:
                    Output.Add(BadDate(line, column, reader));
                    order.Break();
                    return order;
            }
        }

        Output.Add(new RowError(line, Header.Heading(_paid >= 0 ? _paid : _placed), $"Order {number} has no 付款确认时间 or 下单时间."));
        order.Break();
        return order;
    }

    private void Flush()
    {
        if (_current is not { } order)
        {
            return;
        }

        _current = null;
        _finished[order.Number] = order.Line;
        if (order.Broken || NeverPaid(order.Status))
        {
            return;
        }

        if (order.Totals[Payable] is not { } payable)
        {
            Output.Add(new RowError(order.Line, Header.Heading(_totals[Payable]), $"Order {order.Number} has no 应付金额."));
            return;
        }

        // 应付金额 is what is left to pay after the part paid from the buyer's JD balance (余额支付): the buyer pays both.
        var amount = payable + (order.Totals[FromBalance] ?? 0m);
        decimal? discount = order.Totals[OrderTotal] is { } total && order.Totals[Settled] is { } settled && total > settled ? total - settled : null;
        Output.Add(new RecordRow(order.Line, new OrderRecord(order.Number, order.Date!.Value, amount)
        {
            CustomerName = order.Customer,
            Status = order.Status,
            PaymentMethod = order.PaymentMethod,
            ShippingAmount = order.Totals[Shipping],
            DiscountAmount = discount,
            Memo = order.Memo,
            SourceId = order.Number,
        }));
    }

    /// <summary>An order that is no sale: called off (取消), never paid (等待付款), or deleted — the parent of a split order.</summary>
    private static bool NeverPaid(string? status)
    {
        if (status is null)
        {
            return false;
        }

        var text = ValueParser.HalfWidth(status);
        return text.StartsWith("(删除)", StringComparison.Ordinal)
               || text.Contains("取消", StringComparison.Ordinal)
               || text.Contains("等待付款", StringComparison.Ordinal)
               || text.Contains("待付款", StringComparison.Ordinal)
               || text.Contains("未付款", StringComparison.Ordinal);
    }

    /// <summary>An order as its rows are read.</summary>
    private sealed class Draft(string number, long line)
    {
        private readonly StringBuilder _memo = new();
        private int _skus;

        public string Number { get; } = number;

        public long Line { get; } = line;

        public DateOnly? Date { get; set; }

        public string? Status { get; init; }

        public string? Customer { get; init; }

        public string? PaymentMethod { get; init; }

        public decimal?[] Totals { get; } = new decimal?[TotalHeadings.Length];

        public long[] TotalLines { get; } = new long[TotalHeadings.Length];

        public bool Broken { get; private set; }

        public string? Memo => _memo.Length == 0 ? null : _skus > 1 && _memo.Length >= MemoLength ? $"{_memo} ({_skus.ToString(CultureInfo.InvariantCulture)} SKUs)" : _memo.ToString();

        public void Break() => Broken = true;

        public void AddSku(string? name, string? quantity)
        {
            _skus++;
            if (name is null || _memo.Length >= MemoLength)
            {
                return;
            }

            if (_memo.Length > 0)
            {
                _memo.Append("; ");
            }

            var room = MemoLength - _memo.Length;
            _memo.Append(name.Length > room ? string.Concat(name.AsSpan(0, room), "…") : name);
            if (quantity is not null)
            {
                _memo.Append(" ×").Append(quantity);
            }
        }
    }
}
