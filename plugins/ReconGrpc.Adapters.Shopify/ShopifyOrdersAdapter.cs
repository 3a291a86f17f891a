using System.Globalization;
using System.Text;
using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shopify;

/// <summary>
/// Shopify's orders export — one row per line item, the order's own fields on its first row only — read into one
/// order record per order, its line items checked against its Total.
/// </summary>
public sealed class ShopifyOrdersAdapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "shopify";

    /// <summary>How many rows may come before the header.</summary>
    private const int HeaderSearchRows = 5;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "Shopify orders export", new Version(1, 0, 0), RecordKind.Orders)
    {
        Description = "Shopify's orders export (Orders › Export, orders_export.csv): one row per line item, folded into one order each, "
                      + "with its Total, Shipping, Taxes, Discount Amount, Refunded Amount, Financial Status, payment and terms. UTF-8 CSV.",
        FileExtensions = [".csv"],
        Options =
        [
            new AdapterOption("encoding", OptionType.Choice,
                "The file's text encoding. Shopify writes UTF-8; a file opened and saved again in Excel may be windows-1252 (or gbk on a Chinese Windows).")
            {
                DefaultValue = "utf-8",
                Choices = ["utf-8", "windows-1252", "gbk"],
            },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return ShopifyDetection.Detect(ProbeText.From(probe));
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
        // Shopify writes UTF-8: read it strictly, so a file saved again in another encoding fails instead of guessing.
        var encoding = context.EncodingHint ?? TextEncodings.Utf8Strict;
        if (context.GetOption("encoding") is { } name)
        {
            encoding = TextEncodings.FromName(name) ?? throw new ImportException($"The encoding option '{name}' is not one of utf-8, windows-1252, gbk.");
        }

        return new TabularOptions(context.FileName, encoding, Delimiter: ',');
    }

    private static ImportException EncodingHint(ImportException e) =>
        new($"{e.Message} Shopify exports are UTF-8; a file opened and saved again in Excel is often windows-1252: "
            + "try encoding=windows-1252, or export the orders again.", e.Line, e);

    /// <summary>The reading state of one export: the header, and the order whose rows are being read.</summary>
    private sealed class OrderFolder(string description) : IRowFolder
    {
        private ShopifyColumns? _columns;
        private PendingOrder? _order;
        private (long Line, int Cells)? _shortRow;
        private string? _skipping;

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
                Output.Add(new RowError(cut.Line, null, $"{ShortRowReason(cut.Cells, columns.Width)} The row is not imported."));
                _shortRow = null;
            }

            if (reader.FieldCount < columns.Width)
            {
                Flush();
                _shortRow = (reader.Line, reader.FieldCount);
                return;
            }

            var name = ValueParser.Text(reader[columns[ShopifyField.Name]]);
            if (name is null)
            {
                Flush();
                Output.Add(new RowError(reader.Line, ShopifyColumns.Heading(ShopifyField.Name), "The row has no order Name (such as #1001); it is not imported."));
                return;
            }

            if (_order is not null && _order.Name == name)
            {
                _order.Continue(reader, columns, Output);
                return;
            }

            if (_skipping == name)
            {
                return;
            }

            Flush();
            _skipping = null;
            if (ValueParser.Text(reader[columns[ShopifyField.Total]]) is null)
            {
                // Shopify writes the order's fields on its first row; without them the order's first row is missing.
                Output.Add(new RowError(reader.Line, ShopifyColumns.Heading(ShopifyField.Total),
                    $"Order {name} starts on this line without its order fields (Total, Financial Status …), which Shopify writes on an order's first row: "
                    + "the rows of the order are not together, or its first row is missing. Export the orders again without sorting them; the order is not imported."));
                _skipping = name;
                return;
            }

            _order = PendingOrder.Start(reader, columns, name, Output);
        }

        public void End()
        {
            if (_columns is null)
            {
                throw new ImportException(
                    $"No Shopify orders export header was found in the first {HeaderSearchRows} rows of the {description}: looked for Name, Financial Status, "
                    + "Total, Created at and the Lineitem columns.");
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
            var columns = ShopifyColumns.From(reader.Texts());
            if (columns.Found >= 3)
            {
                var missing = columns.Missing().ToList();
                if (missing.Count > 0)
                {
                    throw new ImportException(
                        $"The header on line {reader.Line} lacks {string.Join(", ", missing)}; export the orders again with all columns.", reader.Line);
                }

                _columns = columns;
                return;
            }

            if (reader.Line >= HeaderSearchRows)
            {
                End();
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

        private static string ShortRowReason(int cells, int width) => $"the row has {cells} of the header's {width} columns.";
    }

    /// <summary>One order being read: its first row's fields, and the sum of its line items.</summary>
    private sealed class PendingOrder
    {
        private const int MemoLength = 200;

        private readonly string?[] _texts = new string?[ShopifyColumns.OrderLevel.Length];
        private readonly StringBuilder _memo = new();
        private int _items;
        private decimal _lineSum;
        private bool _linesComplete = true;
        private bool _failed;
        private DateOnly _date;
        private decimal _total;
        private decimal? _shipping;
        private decimal? _taxes;
        private decimal? _discount;
        private decimal? _duties;
        private decimal? _refunded;
        private string? _currency;
        private DateOnly? _dueDate;
        private DateOnly? _cancelled;

        private PendingOrder(string name, long line)
        {
            Name = name;
            Line = line;
        }

        public string Name { get; }

        public long Line { get; }

        public static PendingOrder Start(TabularReader reader, ShopifyColumns columns, string name, List<ImportRow> output)
        {
            var order = new PendingOrder(name, reader.Line);
            for (var i = 0; i < ShopifyColumns.OrderLevel.Length; i++)
            {
                var field = ShopifyColumns.OrderLevel[i];
                order._texts[i] = columns.Has(field) ? ValueParser.Text(reader[columns[field]]) : null;
            }

            order._total = order.Amount(output, reader.Line, ShopifyField.Total) ?? 0m;
            order._shipping = order.Amount(output, reader.Line, ShopifyField.Shipping);
            order._taxes = order.Amount(output, reader.Line, ShopifyField.Taxes);
            order._discount = order.Amount(output, reader.Line, ShopifyField.DiscountAmount);
            order._duties = order.Amount(output, reader.Line, ShopifyField.Duties);
            order._refunded = order.Amount(output, reader.Line, ShopifyField.RefundedAmount);
            if (order._refunded is < 0)
            {
                order.Fail(output, reader.Line, ShopifyField.RefundedAmount,
                    $"The Refunded Amount of order {name} is negative ({ValueParser.Format(order._refunded.Value)}); it is what was paid back, a positive figure.");
            }

            if (order.Text(ShopifyField.Currency) is { } currency)
            {
                if (currency.Length == 3 && currency.All(char.IsAsciiLetter))
                {
                    order._currency = currency.ToUpperInvariant();
                }
                else
                {
                    order.Fail(output, reader.Line, ShopifyField.Currency, $"'{currency}' is not a currency code such as USD or EUR.");
                }
            }

            var created = order.Date(output, reader.Line, ShopifyField.CreatedAt);
            var paid = order.Date(output, reader.Line, ShopifyField.PaidAt);
            order._cancelled = order.Date(output, reader.Line, ShopifyField.CancelledAt);
            var when = paid ?? created;
            if (when is not { } date)
            {
                if (!order._failed)
                {
                    order.Fail(output, reader.Line, ShopifyField.CreatedAt, $"Order {name} has neither a Paid at nor a Created at date.");
                }
            }
            else
            {
                order._date = date;
            }

            order._dueDate = order.Date(output, reader.Line, ShopifyField.NextPaymentDueAt) ?? Terms(order.Text(ShopifyField.PaymentTermsName), created);
            order.AddLine(reader, columns, output);
            return order;
        }

        /// <summary>A further line item of the order: any order field it carries must be the first row's.</summary>
        public void Continue(TabularReader reader, ShopifyColumns columns, List<ImportRow> output)
        {
            for (var i = 0; i < ShopifyColumns.OrderLevel.Length; i++)
            {
                var field = ShopifyColumns.OrderLevel[i];
                if (!columns.Has(field) || ValueParser.Text(reader[columns[field]]) is not { } value || Same(field, value, _texts[i]))
                {
                    continue;
                }

                var heading = ShopifyColumns.Heading(field);
                var first = _texts[i] is { } given ? $"'{given}'" : "empty";
                Fail(output, reader.Line, field,
                    $"Order {Name}: {heading} is '{value}' on this line but {first} on its first line, {Line}; an order has one {heading}. The order is not imported.");
            }

            AddLine(reader, columns, output);
        }

        public void Finish(List<ImportRow> output)
        {
            if (_failed)
            {
                return;
            }

            CheckTotal(output);
            var payment = Text(ShopifyField.PaymentReference) ?? Text(ShopifyField.PaymentId) ?? FirstOf(Text(ShopifyField.PaymentReferences));
            var memo = _memo.ToString();
            if (_items > 1 && _memo.Length >= MemoLength)
            {
                memo = $"{memo} ({_items} line items)";
            }

            if (_cancelled is { } cancelled)
            {
                memo = memo.Length == 0 ? $"cancelled {cancelled:yyyy-MM-dd}" : $"{memo}; cancelled {cancelled:yyyy-MM-dd}";
            }

            output.Add(new RecordRow(Line, new OrderRecord(Name, _date, _total)
            {
                SourceId = Name,
                CustomerName = Text(ShopifyField.BillingName) ?? Text(ShopifyField.Email),
                Currency = _currency,
                Status = Text(ShopifyField.FinancialStatus),
                Reference = payment,
                PaymentMethod = Text(ShopifyField.PaymentMethod),
                ShippingAmount = _shipping,
                DiscountAmount = _discount,
                TaxAmount = _taxes,
                RefundedAmount = _refunded,
                DueDate = _dueDate,
                Memo = memo,
            }));
        }

        /// <summary>
        /// The line items + Shipping + Taxes + Duties − Discount Amount must come to the Total; a shop whose prices
        /// include tax adds no Taxes on top, so that sum is accepted too. Checked only when every figure is given.
        /// </summary>
        private void CheckTotal(List<ImportRow> output)
        {
            if (!_linesComplete || _items == 0 || _shipping is not { } shipping || _taxes is not { } taxes)
            {
                return;
            }

            var discount = _discount ?? 0m;
            var duties = _duties ?? 0m;
            var expected = _lineSum + shipping + taxes + duties - discount;
            if (expected == _total || expected - taxes == _total)
            {
                return;
            }

            var dutiesText = duties != 0 ? $" + duties {ValueParser.Format(duties)}" : string.Empty;
            output.Add(new RowError(Line, ShopifyColumns.Heading(ShopifyField.Total),
                $"Order {Name}: the line items {ValueParser.Format(_lineSum)} + shipping {ValueParser.Format(shipping)} + taxes {ValueParser.Format(taxes)}{dutiesText} "
                + $"− discount {ValueParser.Format(discount)} come to {ValueParser.Format(expected)}, but Total is {ValueParser.Format(_total)} "
                + $"(a difference of {ValueParser.Format(_total - expected)}). The order is imported at its Total; check it in Shopify."));
        }

        private void AddLine(TabularReader reader, ShopifyColumns columns, List<ImportRow> output)
        {
            var name = columns.Has(ShopifyField.LineName) ? ValueParser.Text(reader[columns[ShopifyField.LineName]]) : null;
            decimal? quantity = null, price = null;
            foreach (var field in (ReadOnlySpan<ShopifyField>)[ShopifyField.LineQuantity, ShopifyField.LinePrice])
            {
                if (!columns.Has(field))
                {
                    _linesComplete = false;
                    continue;
                }

                var cell = reader[columns[field]];
                switch (ValueParser.ParseAmount(cell, out var value))
                {
                    case ParseOutcome.Parsed:
                        if (field == ShopifyField.LineQuantity)
                        {
                            quantity = value;
                        }
                        else
                        {
                            price = value;
                        }

                        break;
                    case ParseOutcome.Invalid:
                        _linesComplete = false;
                        output.Add(new RowError(reader.Line, ShopifyColumns.Heading(field),
                            $"'{ValueParser.Text(cell)}' is not a {(field == ShopifyField.LineQuantity ? "quantity" : "price such as 19.99")}; order {Name}'s line items are not checked against its Total."));
                        break;
                    default:
                        _linesComplete = false;
                        break;
                }
            }

            if (quantity is { } q && price is { } p)
            {
                _lineSum += q * p;
            }

            _items++;
            if (name is null || _memo.Length >= MemoLength)
            {
                return;
            }

            if (_memo.Length > 0)
            {
                _memo.Append("; ");
            }

            _memo.Append(quantity is { } n ? $"{n.ToString("0.###", CultureInfo.InvariantCulture)}× {name}" : name);
            if (_memo.Length > MemoLength)
            {
                _memo.Length = MemoLength - 1;
                _memo.Append('…');
            }
        }

        private decimal? Amount(List<ImportRow> output, long line, ShopifyField field)
        {
            var text = Text(field);
            var value = 0m;
            switch (text is null ? ParseOutcome.Blank : ValueParser.ParseAmountText(text, out value))
            {
                case ParseOutcome.Parsed:
                    return value;
                case ParseOutcome.Invalid:
                    Fail(output, line, field, $"'{text}' is not an amount; expected a figure such as 54.50.");
                    return null;
                default:
                    return null;
            }
        }

        private DateOnly? Date(List<ImportRow> output, long line, ShopifyField field)
        {
            var text = Text(field);
            var date = default(DateOnly);
            switch (text is null ? ParseOutcome.Blank : ValueParser.ParseDateText(text, null, out date))
            {
                case ParseOutcome.Parsed:
                    return date;
                case ParseOutcome.Invalid:
                    Fail(output, line, field, $"'{text}' is not a date; expected a time such as 2024-03-05 14:22:10 -0500, as Shopify writes it.");
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>A due date from payment terms: Net N (N days after the order), or Due on receipt (the order's date).</summary>
        private static DateOnly? Terms(string? terms, DateOnly? created)
        {
            if (terms is null || created is not { } from)
            {
                return null;
            }

            var text = terms.Trim();
            if (text.Equals("Due on receipt", StringComparison.OrdinalIgnoreCase))
            {
                return from;
            }

            if (text.StartsWith("Net", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(text.AsSpan(3).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 0 and <= 3650)
            {
                return from.AddDays(days);
            }

            return null;
        }

        private static string? FirstOf(string? references)
        {
            if (references is null)
            {
                return null;
            }

            var first = references.Split([',', ';', ' ', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return first.Length > 0 ? first[0] : null;
        }

        private static bool Same(ShopifyField field, string value, string? first)
        {
            if (first is null)
            {
                return false;
            }

            if (string.Equals(value, first, StringComparison.Ordinal))
            {
                return true;
            }

            return ShopifyColumns.IsAmount(field)
                   && ValueParser.ParseAmountText(value, out var a) == ParseOutcome.Parsed
                   && ValueParser.ParseAmountText(first, out var b) == ParseOutcome.Parsed
                   && a == b;
        }

        private string? Text(ShopifyField field) => _texts[Array.IndexOf(ShopifyColumns.OrderLevel, field)];

        private void Fail(List<ImportRow> output, long line, ShopifyField field, string reason)
        {
            _failed = true;
            output.Add(new RowError(line, ShopifyColumns.Heading(field), reason));
        }
    }
}
