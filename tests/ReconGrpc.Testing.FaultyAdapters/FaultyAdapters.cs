using System.Runtime.CompilerServices;
using ReconGrpc.Plugins.Abstractions;

[assembly: ReconPlugin(PluginSdk.VersionText)]

namespace ReconGrpc.Testing.FaultyAdapters;

/// <summary>
/// Adapters that read a few hundred good ledger rows (option <c>rows</c>, default 300) for the customer in option
/// <c>customer</c> and then fail, each in its own way. More rows than the server hands over at once come first, so
/// that the import holds some of them when it fails: the tests then see that none is stored.
/// </summary>
public abstract class FaultyAdapter : IImportAdapter
{
    public const int RowsBeforeFault = 300;

    protected abstract string Id { get; }

    public AdapterDescriptor Descriptor => new(Id, "Faulty: " + Id, new Version(1, 0, 0), RecordKind.LedgerEntries)
    {
        Options =
        [
            new AdapterOption("customer", OptionType.Text, "the customer code the rows are for") { Required = true },
            new AdapterOption("rows", OptionType.Integer, "good rows before the fault") { DefaultValue = "300" },
        ],
    };

    public DetectionResult Detect(FileProbe probe) => DetectionResult.No("a test adapter, only used by name");

    protected static int RowsBefore(ImportContext context) =>
        context.GetOption("rows") is { } rows ? int.Parse(rows, System.Globalization.CultureInfo.InvariantCulture) : RowsBeforeFault;

    public abstract IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, CancellationToken cancellationToken = default);

    protected static ImportRow Row(ImportContext context, int i) =>
        new RecordRow(i + 2, new LedgerEntryRecord(context.GetOption("customer"), null, new DateOnly(2024, 4, 1), DocumentType.SalesInvoice, 10m + i)
        {
            DocumentNumber = $"HANG-{i}",
        });

    /// <summary>Blocks the calling thread, as a synchronous read of a stalled network share would, until the read is cancelled (at most 30 s).</summary>
    protected static void BlockThread(CancellationToken cancellationToken) => cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
}

/// <summary>Awaits something that never comes, ignoring its token.</summary>
public sealed class AsyncHang : FaultyAdapter
{
    protected override string Id => "testing.async-hang";

    public override async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < RowsBefore(context); i++)
        {
            yield return Row(context, i);
        }

        await new TaskCompletionSource().Task;
    }
}

/// <summary>Blocks its thread inside MoveNextAsync after its rows, never returning a pending task the server could time.</summary>
public sealed class SyncHang : FaultyAdapter
{
    protected override string Id => "testing.sync-hang";

    public override async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < RowsBefore(context); i++)
        {
            yield return Row(context, i);
        }

        BlockThread(cancellationToken);
        await Task.CompletedTask;
    }
}

/// <summary>Blocks its thread in ReadAsync itself, before it returns anything to enumerate.</summary>
public sealed class SyncHangOnOpen : FaultyAdapter
{
    protected override string Id => "testing.sync-hang-on-open";

    public override IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, CancellationToken cancellationToken = default)
    {
        BlockThread(cancellationToken);
        return Empty();
    }

    private static async IAsyncEnumerable<ImportRow> Empty()
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>Throws after its rows, as an adapter with a bug would.</summary>
public sealed class Throws : FaultyAdapter
{
    protected override string Id => "testing.throws";

    public override async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < RowsBefore(context); i++)
        {
            yield return Row(context, i);
        }

        await Task.Yield();
        throw new InvalidOperationException("the test adapter's deliberate bug");
    }
}

/// <summary>
/// Not faulty either: three data rows (lines 2–4) that each yield a record and an error about it, the way an
/// adapter reports a row it read but doubts, and a check at the end reported against line 2 (a total's). The
/// import reads three rows, not seven.
/// </summary>
public sealed class RecordsWithErrors : IImportAdapter
{
    public AdapterDescriptor Descriptor => new("testing.records-with-errors", "Each row a record and an error", new Version(1, 0, 0), RecordKind.LedgerEntries)
    {
        Options = [new AdapterOption("customer", OptionType.Text, "the customer code the rows are for") { Required = true }],
    };

    public DetectionResult Detect(FileProbe probe) => DetectionResult.No("a test adapter, only used by name");

    public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var line = 2; line <= 4; line++)
        {
            yield return new RecordRow(line, new LedgerEntryRecord(context.GetOption("customer"), null, new DateOnly(2024, 4, line), DocumentType.SalesInvoice, 100m * line)
            {
                DocumentNumber = $"DOUBT-{line}",
            });
            yield return new RowError(line, "摘要", $"line {line}: the memo was cut short");
        }

        await Task.Yield();
        yield return new RowError(2, "合计", "the total on line 2 does not match its detail");
    }
}

/// <summary>
/// Not faulty: reads <c>rows</c> ledger rows for the customer in option <c>customer</c> at full speed and then, unless
/// <c>trickle</c> is false, one more row every 100 ms until the read is cancelled (for at most 30 s). An import through
/// it is certainly still going — with thousands of rows stored in its transaction — when the client sees the progress
/// report for the last fast row, so a test can cancel it there without racing its end. With <c>trickle=false</c> it
/// reads the same rows (the same fingerprints) and ends; with <c>trickle-rows=N</c> it ends after N slow rows.
/// </summary>
public sealed class Trickles : IImportAdapter
{
    public AdapterDescriptor Descriptor => new("testing.trickles", "Trickles rows until cancelled", new Version(1, 0, 0), RecordKind.LedgerEntries)
    {
        Options =
        [
            new AdapterOption("customer", OptionType.Text, "the customer code the rows are for") { Required = true },
            new AdapterOption("rows", OptionType.Integer, "rows read at full speed") { DefaultValue = "20000" },
            new AdapterOption("trickle", OptionType.Boolean, "after them, a row every 100 ms until cancelled") { DefaultValue = "true" },
            new AdapterOption("trickle-rows", OptionType.Integer, "end after this many slow rows instead of when cancelled"),
        ],
    };

    public DetectionResult Detect(FileProbe probe) => DetectionResult.No("a test adapter, only used by name");

    public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var customer = context.GetOption("customer");
        var rows = int.Parse(context.GetOption("rows") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        var trickle = !string.Equals(context.GetOption("trickle"), "false", StringComparison.OrdinalIgnoreCase);
        var slowRows = context.GetOption("trickle-rows") is { } count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
        var until = DateTime.UtcNow.AddSeconds(30);
        for (var i = 0; i < rows || (trickle && i < rows + slowRows && DateTime.UtcNow < until); i++)
        {
            if (i >= rows)
            {
                await Task.Delay(100, cancellationToken);
            }

            yield return new RecordRow(i + 2, new LedgerEntryRecord(customer, null, new DateOnly(2024, 4, 1), DocumentType.SalesInvoice, 10m + i)
            {
                DocumentNumber = $"TRICKLE-{i}",
            });
        }
    }
}

/// <summary>
/// Offers ledger templates and fails to make them, each in its own way. Their ids sort before the bundled
/// template adapter's, so a template asked for without an adapter meets them first.
/// </summary>
public abstract class FaultyTemplates : IImportAdapter, IImportTemplateProvider
{
    protected abstract string Id { get; }

    public AdapterDescriptor Descriptor => new(Id, "Faulty templates: " + Id, new Version(1, 0, 0), RecordKind.LedgerEntries);

    public RecordKind TemplateKinds => RecordKind.LedgerEntries;

    public DetectionResult Detect(FileProbe probe) => DetectionResult.No("a test adapter, only used by name");

    public IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("this test adapter only makes (bad) templates");

    public abstract ImportTemplate GetTemplate(RecordKind kind);
}

/// <summary>Throws when asked for its template.</summary>
public sealed class TemplateThrows : FaultyTemplates
{
    protected override string Id => "broken-template.throws";

    public override ImportTemplate GetTemplate(RecordKind kind) => throw new InvalidOperationException("the test adapter's deliberate template bug");
}

/// <summary>
/// Blocks its thread for 10 s when asked for its template, as one waiting on a dead network share would: ten times the
/// tests' template timeout, and two such waits outlast their patience.
/// </summary>
public sealed class TemplateHangs : FaultyTemplates
{
    protected override string Id => "broken-template.hangs";

    public override ImportTemplate GetTemplate(RecordKind kind)
    {
        Thread.Sleep(TimeSpan.FromSeconds(10));
        return new ImportTemplate(kind, "late.csv", "text/csv", new byte[] { (byte)'x' }, ["x"]);
    }
}
