using System.Runtime.CompilerServices;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Plugins.Testing;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Kit;

/// <summary>The plugin test kit runs an adapter as the server does and reports what the server would refuse.</summary>
public sealed class AdapterRunTests
{
    [Fact]
    public async Task The_kit_detects_and_reads_the_sample_bank_file_into_a_bank_statement()
    {
        var result = await AdapterRun.ReadFileAsync(new SimpleBankCsvAdapter(), Fixture.PathOf("sample-bank-statement.csv"),
            new AdapterRunOptions { IntoStatement = StatementKind.BankStatement }, TestContext.Cancellation);

        Assert.Equal(0.95, result.Detection.Confidence);
        Assert.Equal(("sample-bank-statement.csv", true), (result.Probe.FileName, result.Probe.IsComplete));
        Assert.Equal((RecordKind.StatementLines, StatementKind.BankStatement), (result.Context.ExpectedKind, result.Context.StatementKind));
        Assert.Equal([9_360.00m, -1_200.00m, 12_500.00m], result.RecordsOf<StatementLineRecord>().Select(l => l.Amount));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task An_option_the_adapter_does_not_take_is_refused_before_a_row_is_read()
    {
        var options = new AdapterRunOptions { Options = new Dictionary<string, string> { ["delimiter"] = "tab" } };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            AdapterRun.ReadFileAsync(new SimpleBankCsvAdapter(), Fixture.PathOf("sample-bank-statement.csv"), options, TestContext.Cancellation));

        Assert.Contains("has no option 'delimiter'", refused.Message);
    }

    [Fact]
    public async Task An_adapter_that_seeks_fails_as_it_would_on_an_upload()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            AdapterRun.ReadAsync(new SeekingAdapter(), "a,b\n"u8.ToArray(), "a.csv", cancellationToken: TestContext.Cancellation));
    }

    [Fact]
    public async Task An_adapter_that_yields_no_row_in_time_is_given_up_on_and_its_token_cancelled()
    {
        var problem = await Assert.ThrowsAsync<AdapterContractException>(() => AdapterRun.ReadAsync(new StallingAdapter(), "x"u8.ToArray(), "x.csv",
            new AdapterRunOptions { RowTimeout = TimeSpan.FromMilliseconds(300) }, TestContext.Cancellation));

        Assert.Contains("produced no row for 0.3 s (after 1 rows)", problem.Message);
        Assert.Contains("the adapter ended, as it should", problem.Message);
    }

    [Fact]
    public async Task An_adapter_that_ignores_its_token_is_told_so()
    {
        using var release = new ManualResetEventSlim();
        var adapter = new StallingAdapter(release);

        var problem = await Assert.ThrowsAsync<AdapterContractException>(() => AdapterRun.ReadAsync(adapter, "x"u8.ToArray(), "x.csv",
            new AdapterRunOptions { RowTimeout = TimeSpan.FromMilliseconds(300) }, TestContext.Cancellation));
        release.Set();

        Assert.Contains("had not ended 2 s after its token was cancelled", problem.Message);
    }

    [Fact]
    public async Task A_detect_that_throws_breaks_the_contract()
    {
        var problem = await Assert.ThrowsAsync<AdapterContractException>(() =>
            AdapterRun.ReadAsync(new SeekingAdapter(), "a,b\n"u8.ToArray(), "throw.csv", cancellationToken: TestContext.Cancellation));

        Assert.Contains("threw from Detect (InvalidOperationException", problem.Message);
    }

    /// <summary>Asks the stream for its length, which an upload cannot tell; its Detect throws for a file named throw.csv.</summary>
    private sealed class SeekingAdapter : IImportAdapter
    {
        public AdapterDescriptor Descriptor { get; } = new("tests.seeking", "Seeking", new Version(1, 0, 0), RecordKind.StatementLines);

        public DetectionResult Detect(FileProbe probe) =>
            probe.FileName == "throw.csv" ? throw new InvalidOperationException("broken") : DetectionResult.No("never");

        public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new RowError(1, null, $"{content.Length} bytes");
        }
    }

    /// <summary>Yields one row, then waits: on its token, or (when given an event) on the event alone, ignoring the token.</summary>
    private sealed class StallingAdapter(ManualResetEventSlim? blockUntil = null) : IImportAdapter
    {
        public AdapterDescriptor Descriptor { get; } = new("tests.stalling", "Stalling", new Version(1, 0, 0), RecordKind.StatementLines);

        public DetectionResult Detect(FileProbe probe) => DetectionResult.No("never");

        public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new RecordRow(1, new StatementLineRecord(new DateOnly(2024, 3, 1), 1m, AmountConvention.CashFlow));
            if (blockUntil is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            else
            {
                blockUntil.Wait(TimeSpan.FromSeconds(30));
            }

            yield return new RecordRow(2, new StatementLineRecord(new DateOnly(2024, 3, 2), 2m, AmountConvention.CashFlow));
        }
    }
}
