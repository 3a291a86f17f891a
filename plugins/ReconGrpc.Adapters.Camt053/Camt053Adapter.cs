using System.Runtime.CompilerServices;
using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Camt053;

/// <summary>
/// ISO 20022 camt.053 (BankToCustomerStatement), message versions 001.02 to 001.13: one statement line per booked
/// transaction and one balance record per <c>Stmt</c>. Elements are matched by local name, so every version's
/// namespace reads alike; the file is streamed one entry at a time.
/// </summary>
public sealed class Camt053Adapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "camt053";

    private const int MessageSearchElements = 500;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "ISO 20022 camt.053 银行对账单 (BankToCustomerStatement)", new Version(1, 0, 0), RecordKind.StatementLines)
    {
        Description = "ISO 20022 camt.053 bank statements (001.02 to 001.13), one or several Stmt per file: a line per booked entry, or per "
                      + "transaction detail of a batch entry whose details add up to it, and each statement's OPBD/PRCD and CLBD balances and "
                      + "declared totals for the balance check. Pending (PDNG) and information-only entries are left out.",
        FileExtensions = [".xml", ".053", ".camt"],
        Options =
        [
            new AdapterOption("account", OptionType.Text,
                "Read only the statements of this account (IBAN or account number, spaces ignored); statements of other accounts in the file are skipped."),
            new AdapterOption("encoding", OptionType.Choice,
                "The file's text encoding when its XML declaration is wrong; auto reads the byte-order mark and the declaration.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "utf-16", "iso-8859-1", "windows-1252", "gbk", "gb18030"],
            },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return CamtDetection.Detect(probe);
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
        var settings = Settings.From(context);
        using var xml = CamtXml.Open(content, settings.Encoding, cancellationToken);
        var messageDepth = await FindMessageAsync(xml).ConfigureAwait(false);
        var output = new List<ImportRow>();
        var statements = 0;
        var read = 0;
        var accounts = new List<string>();
        while (await xml.NextChildAsync(messageDepth).ConfigureAwait(false))
        {
            if (xml.LocalName != "Stmt" || xml.IsEmptyElement)
            {
                await xml.SkipAsync().ConfigureAwait(false);
                continue;
            }

            statements++;
            var statement = new StatementBuilder(xml.Line);
            var depth = xml.Depth;
            var wanted = true;
            while (await xml.NextChildAsync(depth).ConfigureAwait(false))
            {
                if (!wanted)
                {
                    await xml.SkipAsync().ConfigureAwait(false);
                    continue;
                }

                switch (xml.LocalName)
                {
                    case "Id":
                        statement.Id = (await xml.LoadAsync().ConfigureAwait(false)).Value.Trim();
                        break;
                    case "Acct":
                        statement.SetAccount(await xml.LoadAsync().ConfigureAwait(false));
                        if (settings.Account is { } only)
                        {
                            accounts.Add(statement.Account ?? "(none)");
                            wanted = SameAccount(statement.Account, only);
                        }

                        break;
                    case "Bal":
                        statement.AddBalance(await xml.LoadAsync().ConfigureAwait(false), output);
                        break;
                    case "TxsSummry":
                        statement.AddSummary(await xml.LoadAsync().ConfigureAwait(false), output);
                        break;
                    case "Ntry":
                        var line = xml.Line;
                        var entry = await xml.LoadAsync().ConfigureAwait(false);
                        statement.Add(EntryReader.Read(entry, line, statement.Info, output));
                        break;
                    default:
                        await xml.SkipAsync().ConfigureAwait(false);
                        break;
                }

                foreach (var row in output)
                {
                    yield return row;
                }

                output.Clear();
            }

            if (wanted)
            {
                read++;
                yield return new RecordRow(statement.Line, statement.Build());
            }
        }

        if (statements == 0)
        {
            throw new ImportException("The BkToCstmrStmt message holds no statement (Stmt element); a camt.053 file has at least one.");
        }

        if (read == 0 && settings.Account is { } account)
        {
            throw new ImportException(
                $"No statement in the file is of account '{account}'; the file holds statements of {string.Join(", ", accounts.Distinct())}. "
                + "Give one of these in the account option, or leave it out to read them all.");
        }
    }

    /// <summary>Finds the BkToCstmrStmt element (below Document, or below an envelope); its depth.</summary>
    private static async ValueTask<int> FindMessageAsync(CamtXml xml)
    {
        if (!await xml.NextElementAsync().ConfigureAwait(false))
        {
            throw new ImportException("The file holds no XML element; a camt.053 file starts with <?xml ...?> and a <Document> element.");
        }

        var root = xml.LocalName;
        var rootNamespace = xml.NamespaceUri;
        for (var seen = 0; seen < MessageSearchElements; seen++)
        {
            switch (xml.LocalName)
            {
                case "BkToCstmrStmt" when xml.IsEmptyElement:
                    throw new ImportException("The BkToCstmrStmt message is empty; a camt.053 file holds at least one statement (Stmt).", xml.Line);
                case "BkToCstmrStmt":
                    return xml.Depth;
                case "BkToCstmrAcctRpt":
                    throw new ImportException(
                        "The file is a camt.052 account report (BkToCstmrAcctRpt), not a camt.053 statement (BkToCstmrStmt). Download the end-of-day statement (camt.053) instead.",
                        xml.Line);
                case "BkToCstmrDbtCdtNtfctn":
                    throw new ImportException(
                        "The file is a camt.054 debit/credit notification (BkToCstmrDbtCdtNtfctn), not a camt.053 statement (BkToCstmrStmt). Download the statement (camt.053) instead.",
                        xml.Line);
            }

            if (!await xml.NextElementAsync().ConfigureAwait(false))
            {
                break;
            }
        }

        var ns = rootNamespace.Length == 0 ? string.Empty : $" in namespace '{rootNamespace}'";
        throw new ImportException(
            $"The file is XML but not a camt.053 bank statement: its root element is <{root}>{ns} and no <BkToCstmrStmt> element follows. "
            + "Expected <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.xx\"><BkToCstmrStmt>.");
    }

    private static bool SameAccount(string? account, string wanted) =>
        account is not null && string.Equals(account.Replace(" ", string.Empty), wanted.Replace(" ", string.Empty), StringComparison.OrdinalIgnoreCase);

    /// <summary>The adapter's options, parsed once per import.</summary>
    private sealed record Settings(string? Account, Encoding? Encoding)
    {
        public static Settings From(ImportContext context)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            var encoding = context.EncodingHint is { } hint ? Strict(hint.WebName) : null;
            if (context.GetOption("encoding") is { } name && !name.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                encoding = Strict(name) ?? throw new ImportException($"The encoding option '{name}' is not an encoding this system knows; use utf-8, utf-16, iso-8859-1, windows-1252, gbk or gb18030.");
            }

            return new Settings(context.GetOption("account"), encoding);
        }

        /// <summary>The encoding, throwing on bytes it cannot decode so a wrong choice fails loudly.</summary>
        private static Encoding? Strict(string name)
        {
            try
            {
                var key = name.Trim().ToLowerInvariant() is "gbk" or "gb2312" or "cp936" ? "GB18030" : name.Trim();
                return Encoding.GetEncoding(key, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }
}
