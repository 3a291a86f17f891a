using System.Runtime.CompilerServices;
using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Ofx;

/// <summary>
/// OFX — reads Open Financial Exchange statement downloads (.ofx, .qfx, .qbo): bank (<c>STMTRS</c>) and credit-card
/// (<c>CCSTMTRS</c>) statements in OFX 1.x SGML or 2.x XML, into statement lines in the cash-flow convention and
/// one closing balance per statement.
/// </summary>
public sealed class OfxAdapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "ofx";

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "OFX (Open Financial Exchange)", new Version(1, 0, 0), RecordKind.StatementLines)
    {
        Description = "OFX / QFX / QBO bank and credit-card statement downloads, 1.x SGML or 2.x XML: one line per STMTTRN (money in positive), "
                      + "FITID as the line's identity, and each statement's LEDGERBAL as its closing balance (OFX states no opening balance).",
        FileExtensions = [".ofx", ".qfx", ".qbo"],
        Options =
        [
            new AdapterOption("encoding", OptionType.Choice,
                "The text encoding, when the file's header names a wrong one; auto follows the header (CHARSET / ENCODING, or the XML declaration).")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "windows-1252", "iso-8859-1"],
            },
            new AdapterOption("account", OptionType.Text,
                "Read only the statements of this account (its ACCTID as the file writes it); by default every statement in the file is read."),
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return OfxDetection.Detect(probe);
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
        var forced = OfxHeader.FromOption(context.GetOption("encoding")) ?? context.EncodingHint;
        var account = context.GetOption("account");

        var bytes = new byte[FileProbe.HeadLength];
        var read = await content.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new ImportException("The file is empty; an OFX file starts with OFXHEADER:100 (OFX 1.x) or <?xml …?><?OFX OFXHEADER=\"200\" …?> (OFX 2.x).");
        }

        var header = OfxHeader.Read(bytes.AsSpan(0, read), forced) ?? throw NotOfx(bytes.AsSpan(0, read));
        var tokenizer = new OfxTokenizer(content, bytes, header.PreambleLength, read, streamEnded: read < bytes.Length, header.Encoding, header.EncodingName);
        var reader = new OfxStatementReader(account);
        var pending = reader.Pending;
        while (!reader.Finished)
        {
            var token = tokenizer.TryRead();
            if (token == OfxToken.NeedMore)
            {
                await tokenizer.FillAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (token == OfxToken.End)
            {
                break;
            }

            reader.Handle(token, tokenizer);
            if (pending.Count > 0)
            {
                foreach (var row in pending)
                {
                    yield return row;
                }

                pending.Clear();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        reader.Finish(tokenizer.Line);
    }

    private static ImportException NotOfx(ReadOnlySpan<byte> head)
    {
        var start = Encoding.Latin1.GetString(head[..Math.Min(head.Length, 200)]).TrimStart();
        var firstLine = start.Split('\n', 2)[0].Trim();
        if (firstLine.Length > 60)
        {
            firstLine = firstLine[..60] + "…";
        }

        return new ImportException(
            $"The file is not OFX: it starts with '{firstLine}', where an OFX file starts with OFXHEADER:100 (OFX 1.x SGML), "
            + "<?xml …?><?OFX OFXHEADER=\"200\" …?> (OFX 2.x XML) or <OFX>.",
            1);
    }
}
