using System.Runtime.CompilerServices;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Mt940;

/// <summary>
/// MT940 — reads SWIFT MT940 customer statements (bank statements of our accounts), several statements per file,
/// with or without the SWIFT envelope, into one statement line per <c>:61:</c> and one balance record per statement,
/// as cash flow: money into the account positive.
/// </summary>
public sealed class Mt940Adapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "mt940";

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "MT940 bank statement (SWIFT)", new Version(1, 0, 0), RecordKind.StatementLines)
    {
        Description = "SWIFT MT940 customer statements: :20:/:25:/:28C:, :60F:/:60M: opening and :62F:/:62M: closing balances, :61: lines "
                      + "with their :86: details (German ?20–?33 sub-fields, SEPA /EREF/ /CNTP/ /REMI/ keys, or free text). Several statements "
                      + "per file, with or without the {1:}{2:}{4: envelope. Lines are cash flow (money in positive), dated by their entry date.",
        FileExtensions = [".940", ".sta", ".mt940", ".swi", ".txt"],
        Options =
        [
            new AdapterOption("encoding", OptionType.Choice,
                "The file's text encoding. auto: a byte-order mark, else UTF-8 when the file decodes as UTF-8, else GBK when non-ASCII bytes come in pairs, else ISO-8859-1.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "windows-1252", "iso-8859-1", "gbk"],
            },
            new AdapterOption("account", OptionType.Text,
                "Read only the statements of this account (as :25: gives it, an IBAN or account number; blanks, case and a currency suffix do not matter). Default: all."),
            new AdapterOption("date", OptionType.Choice, "The date a line gets: entry (the booking date, or the value date when the line has none) or value.")
            {
                DefaultValue = "entry",
                Choices = ["entry", "value"],
            },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return Mt940Detection.Detect(probe);
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
        var settings = Mt940Settings.From(context);
        var reader = await LineReader.OpenAsync(content, settings.Encoding, cancellationToken).ConfigureAwait(false);
        var statements = new StatementReader(settings);
        var rows = new List<ImportRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            statements.Take(reader.Current, reader.LineNumber, rows);
            if (rows.Count > 0)
            {
                foreach (var row in rows)
                {
                    yield return row;
                }

                rows.Clear();
            }
        }

        statements.Finish(Math.Max(1, reader.LineNumber), rows);
        foreach (var row in rows)
        {
            yield return row;
        }
    }
}
