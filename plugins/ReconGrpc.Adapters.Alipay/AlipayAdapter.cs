using System.Runtime.CompilerServices;
using System.Text;
using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// 支付宝 bills — reads Alipay's personal 交易明细 (the current export and the older 交易记录明细) and the merchant
/// 账务明细 and 业务明细 downloads into statement lines of the Alipay account, money in positive, each saying what it
/// is for (sale, refund, fee, payout, other). Which kind of bill a file is comes from its header.
/// </summary>
public sealed class AlipayAdapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "alipay";

    /// <summary>How many rows may come before the header.</summary>
    private const int HeaderSearchRows = 60;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "支付宝账单 (Alipay bills)", new Version(1, 0, 0), RecordKind.StatementLines)
    {
        Description = "Alipay bills: the personal 交易明细 (current and older layout) and the merchant 账务明细 (#支付宝账务明细查询) and "
                      + "业务明细 (#支付宝业务明细查询) downloads, CSV in GBK or UTF-8. Lines are money in and out of the Alipay account, "
                      + "marked sale, refund, fee, payout or other; fees are lines of their own. Footer totals and record counts are checked, "
                      + "not imported.",
        FileExtensions = [".csv", ".txt", ".xlsx", ".xls"],
        Options =
        [
            new AdapterOption("encoding", OptionType.Choice, "The text encoding of the bill; auto takes a byte-order mark, else UTF-8 when valid, else GBK.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "gbk", "gb18030"],
            },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return AlipayDetection.Detect(ProbeText.From(probe));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return DetectionResult.No($"The file could not be examined: {e.Message}");
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExpectedKind is not (RecordKind.None or RecordKind.StatementLines))
        {
            throw new ImportException($"An Alipay bill holds statement lines, not {context.ExpectedKind}: import it into a statement (a platform bill).");
        }

        var options = new TabularOptions(context.FileName, Encoding(context));
        await using var reader = await HintedReading.OpenAsync(content, options, EncodingHint, cancellationToken).ConfigureAwait(false);
        var bill = new BillState(reader.Description, options.EncodingHint is not null, reader is DelimitedReader);
        while (await HintedReading.NextAsync(reader, EncodingHint, cancellationToken).ConfigureAwait(false))
        {
            if (reader.IsBlankRow)
            {
                continue;
            }

            bill.Row(reader);
            for (var i = 0; i < bill.Output.Count; i++)
            {
                yield return bill.Output[i];
            }

            bill.Output.Clear();
        }

        bill.End();
        foreach (var row in bill.Output)
        {
            yield return row;
        }
    }

    private static Encoding? Encoding(ImportContext context)
    {
        if (context.GetOption("encoding") is { } name && !name.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return TextEncodings.FromName(name) ?? throw new ImportException($"The encoding option '{name}' is not one of auto, utf-8, gbk, gb18030.");
        }

        return context.EncodingHint;
    }

    private static ImportException EncodingHint(ImportException e) =>
        HintedReading.FailedAsUtf8(e)
            ? new ImportException($"{e.Message} Alipay bills that are not UTF-8 are GBK: try encoding=gbk.", e.Line, e)
            : new ImportException($"{e.Message} If the bill is UTF-8, try encoding=utf-8.", e.Line, e);

    /// <summary>The reading of one file: the preamble until a header is found, then the body's lines and footer.</summary>
    private sealed class BillState(string description, bool encodingForced, bool delimited)
    {
        private readonly BillPreamble _preamble = new();
        private BillBody? _body;
        private bool _inFooter;
        private (long Line, int Cells)? _shortRow;
        private long _lastLine;

        /// <summary>What the last row gave, for the caller to yield and clear.</summary>
        public List<ImportRow> Output { get; } = [];

        public void Row(TabularReader reader)
        {
            _lastLine = reader.Line;
            if (_body is null)
            {
                Preamble(reader);
                return;
            }

            FlushShortRow();
            var first = reader.Text(0) ?? string.Empty;
            if (_inFooter || first.StartsWith('#') || first.StartsWith("---", StringComparison.Ordinal))
            {
                _inFooter = true;
                _body.Footer(AlipayCells.RowText(reader), reader.Line, Output);
                return;
            }

            if (delimited && reader.FieldCount < _body.MinimumCells)
            {
                // Cut short: an error unless it is the file's last row, where it means the file was cut off.
                _shortRow = (reader.Line, reader.FieldCount);
                return;
            }

            if (!char.IsAsciiDigit(first.FirstOrDefault()) && BillBody.Recognise(new Columns(reader.Texts())) is not null)
            {
                // The header repeated.
                return;
            }

            _body.Row(reader, Output);
        }

        public void End()
        {
            if (_body is null)
            {
                throw NoHeader(null);
            }

            if (_shortRow is { } cut)
            {
                throw new ImportException(
                    $"The {_body.Name} ends on line {cut.Line} in the middle of a row ({cut.Cells} of {_body.MinimumCells} cells): the file is truncated. Export it again from Alipay.",
                    cut.Line);
            }

            _body.End(_lastLine, Output);
        }

        private void Preamble(TabularReader reader)
        {
            var texts = reader.Texts();
            var columns = new Columns(texts);
            if (BillBody.Recognise(columns) is { } kind)
            {
                _body = BillBody.Create(kind, columns, _preamble);
                return;
            }

            _preamble.Add(AlipayCells.RowText(reader), reader.Line);
            if (reader.Line >= HeaderSearchRows)
            {
                throw NoHeader(reader.Line);
            }
        }

        private void FlushShortRow()
        {
            if (_shortRow is { } cut && _body is not null)
            {
                _body.NoteUnread();
                Output.Add(new RowError(cut.Line, null,
                    $"The row has {cut.Cells} cells where the header has {_body.MinimumCells}: it is cut short, or a comma is missing."));
                _shortRow = null;
            }
        }

        private ImportException NoHeader(long? line)
        {
            var looked = "the header of a personal 交易明细 (交易时间, 收/支, 金额, 交易订单号), of the older 交易记录明细 (交易号, 交易创建时间, 金额（元）, 收/支), "
                         + "of a 账务明细 (账务流水号, 收入金额, 支出金额) or of a 业务明细 (支付宝交易号, 业务类型, 商家实收)";
            return new ImportException($"No Alipay bill header was found in the first {HeaderSearchRows} rows of the {description}: looked for {looked}.{Garbled()}", line);
        }

        /// <summary>Why the text may not read: replacement characters, or Chinese turned into other Chinese by a wrong encoding.</summary>
        private string Garbled()
        {
            var lines = _preamble.Lines;
            foreach (var line in lines)
            {
                if (Mojibake.Recover(line) is { } recovered)
                {
                    var fix = encodingForced
                        ? "it is UTF-8 read as GBK; try encoding=utf-8"
                        : "it is a UTF-8 bill that was once opened as GBK and saved again; export it again from Alipay";
                    return $" The text is garbled ('{Shorten(line)}' reads '{Shorten(recovered)}' in the right encoding): {fix}.";
                }
            }

            if (lines.Any(l => l.Contains('\uFFFD', StringComparison.Ordinal)))
            {
                return " The text holds replacement characters (\uFFFD): the bill is probably GBK read as UTF-8 and saved again; try encoding=gbk, or export it again.";
            }

            return description.Contains("GBK", StringComparison.Ordinal) ? " The file was read as GBK; if the bill is UTF-8, try encoding=utf-8." : string.Empty;
        }

        private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
    }
}
