using System.Text;
using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Taobao;

/// <summary>
/// 淘宝 / 天猫 订单报表 — reads the seller center's order export (one row per order), or its join with the 宝贝报表
/// (one row per SKU, the order's totals repeated on each), into one order record per order.
/// </summary>
public sealed class TaobaoOrdersAdapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "taobao";

    /// <summary>How many rows may come before the header.</summary>
    private const int HeaderSearchRows = 10;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "淘宝/天猫 订单报表 (Taobao/Tmall order export)", new Version(1, 0, 0), RecordKind.Orders)
    {
        Description = "The seller center's 订单报表 (ExportOrderList…csv): one order per row, or one row per SKU when joined with the 宝贝报表 "
                      + "(the order's totals repeated on each of its rows count once). CSV in GBK or UTF-8, or XLSX. Order numbers written "
                      + "=\"…\" or led by a tab or apostrophe are read as text.",
        FileExtensions = [".csv", ".xlsx", ".xls"],
        Options =
        [
            new AdapterOption("encoding", OptionType.Choice, "The text encoding of a CSV export; auto takes a byte-order mark, else UTF-8 when the head is valid UTF-8, else GBK.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "gbk", "gb18030"],
            },
            new AdapterOption("sheet", OptionType.Text, "The workbook sheet to read, by name or 1-based number. Default: the first.") { DefaultValue = "1" },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return TaobaoDetection.Detect(ProbeText.From(probe));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return DetectionResult.No($"The file could not be examined: {e.Message}");
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        return FoldedRows.ReadAsync(content, Options(context), reader => new OrderFolder(reader.Description), EncodingHint, cancellationToken);
    }

    private static TabularOptions Options(ImportContext context)
    {
        var encoding = context.EncodingHint;
        if (context.GetOption("encoding") is { } name && !name.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            encoding = TextEncodings.FromName(name) ?? throw new ImportException($"The encoding option '{name}' is not one of auto, utf-8, gbk, gb18030.");
        }

        return new TabularOptions(context.FileName, encoding, Sheet: context.GetOption("sheet"));
    }

    private static ImportException EncodingHint(ImportException e) =>
        HintedReading.FailedAsUtf8(e)
            ? new ImportException($"{e.Message} The seller center writes its CSV exports in GBK: try encoding=gbk.", e.Line, e)
            : new ImportException($"{e.Message} If the export was saved as UTF-8, try encoding=utf-8.", e.Line, e);

    /// <summary>
    /// The reading state of one export: the header, and the order whose rows are being read. Rows of one order come
    /// together; the order is yielded, on the line of its first row, when a row of another order (or the end) comes.
    /// </summary>
    private sealed class OrderFolder(string description) : IRowFolder
    {
        private TaobaoColumns? _columns;
        private PendingOrder? _order;
        private (long Line, int Cells)? _shortRow;
        private bool _sawReplacementCharacter;
        private string? _itemReportHeading;

        /// <summary>What the last row gave, for the caller to yield and clear.</summary>
        public List<ImportRow> Output { get; } = [];

        public void Row(TabularReader reader)
        {
            if (_columns is null)
            {
                Header(reader);
                return;
            }

            var columns = _columns;
            if (_shortRow is { } cut)
            {
                // A short row followed by more rows was cut short where it stands, not by the end of the file.
                Output.Add(new RowError(cut.Line, null, ShortRowReason(cut.Cells, columns.Width) + " The row is not imported."));
                _shortRow = null;
            }

            if (reader.FieldCount < columns.Width)
            {
                Flush();
                _shortRow = (reader.Line, reader.FieldCount);
                return;
            }

            var numberCell = reader[columns[TaobaoField.OrderNumber]];
            var number = TaobaoCells.OrderNumber(numberCell, out var problem);
            if (problem is not null)
            {
                Flush();
                Output.Add(new RowError(reader.Line, columns.Heading(TaobaoField.OrderNumber), problem));
                return;
            }

            if (number is null)
            {
                Flush();
                Output.Add(new RowError(reader.Line, columns.Heading(TaobaoField.OrderNumber), "The row has no order number (订单编号); it is not imported."));
                return;
            }

            if (number == columns.Heading(TaobaoField.OrderNumber))
            {
                // The header repeated (exports joined by hand).
                return;
            }

            if (_order is not null && _order.Number == number)
            {
                _order.Continue(reader, columns, Output);
                return;
            }

            Flush();
            _order = PendingOrder.Start(reader, columns, number, Output);
        }

        public void End()
        {
            if (_columns is null)
            {
                throw NoHeader(null);
            }

            if (_shortRow is { } cut)
            {
                throw new ImportException(
                    $"The file ends in the middle of line {cut.Line}: {ShortRowReason(cut.Cells, _columns.Width)} It was cut off during download or upload; export it again.",
                    cut.Line);
            }

            Flush();
        }

        private void Header(TabularReader reader)
        {
            var texts = reader.Texts();
            foreach (var text in texts)
            {
                if (text is not null && text.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    _sawReplacementCharacter = true;
                }
            }

            var columns = TaobaoColumns.From(texts);
            if (columns.IsOrderReport)
            {
                _columns = columns;
                return;
            }

            if (columns.IsItemReportOnly)
            {
                _itemReportHeading ??= string.Join(", ", texts.Where(t => t is not null).Take(6));
            }

            if (reader.Line >= HeaderSearchRows)
            {
                throw NoHeader(reader.Line);
            }
        }

        private void Flush()
        {
            if (_order is { } order)
            {
                order.Finish(Output);
                _order = null;
            }
        }

        private ImportException NoHeader(long? line)
        {
            if (_itemReportHeading is not null)
            {
                return new ImportException(
                    $"This is a 宝贝报表 ({_itemReportHeading} …): it lists the SKUs of each order but not what the buyer paid. "
                    + "Import the 订单报表 (ExportOrderList…) of the same period, or the 宝贝报表 joined to it with the order columns.", line);
            }

            var hint = _sawReplacementCharacter
                ? " The headings hold replacement characters (\uFFFD): the export is GBK but was read (or once saved) as UTF-8; try encoding=gbk, or export it again."
                : description.Contains("GBK", StringComparison.Ordinal)
                    ? " The file was read as GBK; if it is UTF-8, try encoding=utf-8."
                    : string.Empty;
            return new ImportException(
                $"No 淘宝 订单报表 header was found in the first {HeaderSearchRows} rows of the {description}: looked for 订单编号, "
                + $"买家实际支付金额 or 总金额, and 订单付款时间 or 订单创建时间.{hint}", line);
        }

        private static string ShortRowReason(int cells, int width) =>
            $"the row has {cells} of the header's {width} columns.";
    }

    /// <summary>One order being read: its first row's figures, and the items of its rows.</summary>
    private sealed class PendingOrder
    {
        private const int MemoLength = 200;

        /// <summary>The order-level figures that repeat on every row of an order in the per-SKU form, and must agree.</summary>
        private static readonly TaobaoField[] RepeatedTotals =
            [TaobaoField.Paid, TaobaoField.Total, TaobaoField.GoodsDue, TaobaoField.ShippingDue, TaobaoField.Refund];

        private readonly decimal?[] _totals = new decimal?[RepeatedTotals.Length];
        private readonly StringBuilder _memo = new();
        private int _items;
        private bool _failed;
        private DateOnly _date;
        private string? _status;
        private string? _buyer;
        private string? _reference;
        private string? _closeReason;

        private PendingOrder(string number, long line)
        {
            Number = number;
            Line = line;
        }

        public string Number { get; }

        public long Line { get; }

        public static PendingOrder Start(TabularReader reader, TaobaoColumns columns, string number, List<ImportRow> output)
        {
            var order = new PendingOrder(number, reader.Line);
            for (var i = 0; i < RepeatedTotals.Length; i++)
            {
                var field = RepeatedTotals[i];
                if (!columns.Has(field))
                {
                    continue;
                }

                switch (TaobaoCells.Amount(reader[columns[field]], out var value))
                {
                    case ParseOutcome.Parsed:
                        order._totals[i] = value;
                        break;
                    case ParseOutcome.Invalid:
                        order.Fail(output, reader.Line, columns.Heading(field),
                            $"'{TaobaoCells.Text(reader[columns[field]])}' is not an amount; expected a figure such as 128.00.");
                        break;
                }
            }

            if (order.Total(TaobaoField.Paid) is null && order.Total(TaobaoField.Total) is null && !order._failed)
            {
                var heading = columns.Has(TaobaoField.Paid) ? columns.Heading(TaobaoField.Paid) : columns.Heading(TaobaoField.Total);
                order.Fail(output, reader.Line, heading, $"Order {number} has no amount: {heading} is empty.");
            }

            if (order.Total(TaobaoField.Refund) is < 0)
            {
                order.Fail(output, reader.Line, columns.Heading(TaobaoField.Refund),
                    $"The refund of order {number} is negative ({ValueParser.Format(order.Total(TaobaoField.Refund)!.Value)}); 退款金额 is what was paid back, written as a positive figure.");
            }

            order.ReadDate(reader, columns, output);
            order._status = Text(reader, columns, TaobaoField.Status);
            order._buyer = Text(reader, columns, TaobaoField.Buyer);
            order._reference = Text(reader, columns, TaobaoField.PaymentNumber);
            order._closeReason = Text(reader, columns, TaobaoField.CloseReason) is { } reason && reason != "订单未关闭" ? reason : null;
            if (columns.IsPerItem)
            {
                order.AddItem(reader, columns);
            }
            else
            {
                order.AddMemo(Text(reader, columns, TaobaoField.Title));
            }

            return order;
        }

        /// <summary>A further row of the same order (a SKU of the per-item form): its repeated totals must be the first row's.</summary>
        public void Continue(TabularReader reader, TaobaoColumns columns, List<ImportRow> output)
        {
            if (_failed)
            {
                return;
            }

            for (var i = 0; i < RepeatedTotals.Length; i++)
            {
                var field = RepeatedTotals[i];
                if (!columns.Has(field))
                {
                    continue;
                }

                var cell = reader[columns[field]];
                switch (TaobaoCells.Amount(cell, out var value))
                {
                    case ParseOutcome.Invalid:
                        Fail(output, reader.Line, columns.Heading(field),
                            $"'{TaobaoCells.Text(cell)}' is not an amount; expected a figure such as 128.00. Order {Number} is not imported.");
                        break;
                    case ParseOutcome.Parsed when value != _totals[i]:
                        var first = _totals[i] is { } given ? ValueParser.Format(given) : "empty";
                        Fail(output, reader.Line, columns.Heading(field),
                            $"Order {Number}: {columns.Heading(field)} is {ValueParser.Format(value)} on this line but {first} on line {Line}; "
                            + $"an order's totals repeat on each of its rows and count once, so they must agree. Order {Number} is not imported.");
                        break;
                }
            }

            if (columns.IsPerItem)
            {
                AddItem(reader, columns);
            }
        }

        public void Finish(List<ImportRow> output)
        {
            if (_failed)
            {
                return;
            }

            var paid = Total(TaobaoField.Paid);
            var record = new OrderRecord(Number, _date, paid ?? Total(TaobaoField.Total)!.Value)
            {
                SourceId = Number,
                CustomerName = _buyer,
                Currency = "CNY",
                Status = _status,
                Reference = _reference,
                PaymentMethod = "支付宝",
                ShippingAmount = Total(TaobaoField.ShippingDue),
                RefundedAmount = Total(TaobaoField.Refund),
                Memo = Memo(),
            };
            output.Add(new RecordRow(Line, record));
        }

        private decimal? Total(TaobaoField field) => _totals[Array.IndexOf(RepeatedTotals, field)];

        private void ReadDate(TabularReader reader, TaobaoColumns columns, List<ImportRow> output)
        {
            foreach (var field in (ReadOnlySpan<TaobaoField>)[TaobaoField.PaidAt, TaobaoField.Created])
            {
                if (!columns.Has(field))
                {
                    continue;
                }

                var cell = reader[columns[field]];
                switch (TaobaoCells.Date(cell, out var date))
                {
                    case ParseOutcome.Parsed:
                        _date = date;
                        return;
                    case ParseOutcome.Invalid:
                        Fail(output, reader.Line, columns.Heading(field),
                            $"'{TaobaoCells.Text(cell)}' is not a date; expected a time such as 2024-03-05 14:22:10.");
                        return;
                }
            }

            Fail(output, reader.Line, columns.Has(TaobaoField.Created) ? columns.Heading(TaobaoField.Created) : columns.Heading(TaobaoField.PaidAt),
                $"Order {Number} has neither a 订单付款时间 nor a 订单创建时间.");
        }

        private void AddItem(TabularReader reader, TaobaoColumns columns)
        {
            var title = Text(reader, columns, TaobaoField.ItemTitle) ?? Text(reader, columns, TaobaoField.Title);
            var quantity = Text(reader, columns, TaobaoField.ItemQuantity);
            AddMemo(title is null ? null : quantity is null ? title : $"{title} ×{quantity}");
        }

        private void AddMemo(string? piece)
        {
            if (piece is null)
            {
                return;
            }

            _items++;
            if (_memo.Length >= MemoLength)
            {
                return;
            }

            if (_memo.Length > 0)
            {
                _memo.Append("; ");
            }

            _memo.Append(piece);
        }

        private string? Memo()
        {
            var memo = _memo.Length > MemoLength ? string.Concat(_memo.ToString(0, MemoLength - 1), "…") : _memo.ToString();
            if (_items > 1 && _memo.Length >= MemoLength)
            {
                memo = $"{memo} ({_items} items)";
            }

            if (_closeReason is not null)
            {
                memo = memo.Length == 0 ? $"关闭原因: {_closeReason}" : $"{memo}; 关闭原因: {_closeReason}";
            }

            return memo.Length == 0 ? null : memo;
        }

        private void Fail(List<ImportRow> output, long line, string field, string reason)
        {
            _failed = true;
            output.Add(new RowError(line, field, reason));
        }

        private static string? Text(TabularReader reader, TaobaoColumns columns, TaobaoField field) =>
            columns.Has(field) ? TaobaoCells.Text(reader[columns[field]]) : null;
    }
}
