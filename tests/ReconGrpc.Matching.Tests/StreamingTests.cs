using System.Runtime.CompilerServices;
using ReconGrpc.Matching.Testing;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>ReconcileAsync streams what Reconcile returns at once: progress, match batches, exception batches, the summary.</summary>
public sealed class StreamingTests
{
    private static readonly Lazy<SyntheticData> Data = new(() => SyntheticGenerator.Generate(new SyntheticOptions { Size = 3_000, Seed = 17 }));

    [Fact]
    public async Task The_stream_reports_progress_batches_and_a_final_summary_equal_to_the_synchronous_run()
    {
        var data = Data.Value;
        var options = new ReconcileOptions { MaxDegreeOfParallelism = 2, BatchSize = 50 };
        var engine = new ReconciliationEngine(RuleSet.Default, options);
        var expected = engine.Reconcile(data.Ours, data.Theirs, data.ClosingBalances);

        var events = new List<ReconEvent>();
        await foreach (var e in engine.ReconcileAsync(Stream(data.Ours), Stream(data.Theirs), data.ClosingBalances))
        {
            events.Add(e);
        }

        // Progress: intake, one per rule in order, explaining, completed.
        var progress = events.OfType<ProgressReported>().Select(p => p.Progress).ToList();
        var rules = RuleSet.Default.Rules.Count;
        Assert.Equal(rules + 3, progress.Count);
        Assert.Equal(ReconStage.Intake, progress[0].Stage);
        Assert.Equal(Enumerable.Range(0, rules), progress.Where(p => p.Stage == ReconStage.Matching).Select(p => p.RuleIndex));
        Assert.Equal([ReconStage.Explaining, ReconStage.Completed], progress.TakeLast(2).Select(p => p.Stage));
        Assert.All(progress, p => Assert.Equal(data.Ours.Count, p.OurItems));
        Assert.Equal(expected.Summary.Matches, progress[^1].Matches);

        // Batches no larger than asked, matches before exceptions, the summary last.
        var matchBatches = events.OfType<MatchesFound>().Select(b => b.Matches).ToList();
        var exceptionBatches = events.OfType<ExceptionsFound>().Select(b => b.Exceptions).ToList();
        Assert.All(matchBatches, b => Assert.InRange(b.Count, 1, options.BatchSize));
        Assert.All(exceptionBatches, b => Assert.InRange(b.Count, 1, options.BatchSize));
        Assert.True(matchBatches.Count > 1 && exceptionBatches.Count > 1);
        Assert.True(events.FindLastIndex(e => e is MatchesFound) < events.FindIndex(e => e is ExceptionsFound));
        var completed = Assert.IsType<RunCompleted>(events[^1]);

        // The same matches, exceptions and figures as the synchronous run.
        Assert.Equal(Canonical(expected), Canonical(matchBatches.SelectMany(b => b), exceptionBatches.SelectMany(b => b)));
        Assert.Equal(Figures(expected.Summary), Figures(completed.Summary));
    }

    [Fact]
    public async Task Each_rules_matches_are_streamed_right_after_its_progress_report()
    {
        var data = Data.Value;
        var engine = new ReconciliationEngine(RuleSet.Default, new ReconcileOptions { BatchSize = 100 });

        var currentRule = -1;
        await foreach (var e in engine.ReconcileAsync(Stream(data.Ours), Stream(data.Theirs)))
        {
            switch (e)
            {
                case ProgressReported { Progress.Stage: ReconStage.Matching } p:
                    currentRule = p.Progress.RuleIndex;
                    break;
                case MatchesFound m:
                    Assert.All(m.Matches, match => Assert.Equal(currentRule, match.RuleIndex));
                    break;
            }
        }

        Assert.Equal(RuleSet.Default.Rules.Count - 1, currentRule);
    }

    [Fact]
    public async Task Cancelling_while_reading_the_stream_stops_the_run()
    {
        var data = Data.Value;
        var engine = new ReconciliationEngine(RuleSet.Default, new ReconcileOptions { BatchSize = 10 });
        using var cancellation = new CancellationTokenSource();

        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in engine.ReconcileAsync(Stream(data.Ours), Stream(data.Theirs), cancellationToken: cancellation.Token))
            {
                if (++seen == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(3, seen);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_run_stops_it_before_the_first_event()
    {
        var data = Data.Value;
        var engine = new ReconciliationEngine(RuleSet.Default);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var events = new List<ReconEvent>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in engine.ReconcileAsync(Stream(data.Ours), Stream(data.Theirs), cancellationToken: cancellation.Token))
            {
                events.Add(e);
            }
        });

        Assert.Empty(events);
    }

    [Fact]
    public void The_synchronous_run_reports_progress_and_honours_cancellation()
    {
        var data = Data.Value;
        var engine = new ReconciliationEngine(RuleSet.Default);
        var log = new ProgressLog();

        var result = engine.Reconcile(data.Ours, data.Theirs, progress: log);

        Assert.Equal(RuleSet.Default.Rules.Count + 3, log.Reports.Count);
        Assert.Equal([ReconStage.Intake, ReconStage.Matching], log.Reports.Take(2).Select(p => p.Stage));
        Assert.Equal(ReconStage.Completed, log.Reports[^1].Stage);
        // Matched counts only grow, and end at the summary's.
        Assert.Equal(log.Reports.Select(p => p.MatchedOurItems).Order(), log.Reports.Select(p => p.MatchedOurItems));
        Assert.Equal(result.Summary.MatchedOurItems, log.Reports[^1].MatchedOurItems);
        Assert.Equal(result.Summary.MatchedTheirItems, log.Reports[^1].MatchedTheirItems);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Reconcile(data.Ours, data.Theirs, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task Invalid_items_in_a_stream_are_refused_with_a_code()
    {
        var engine = new ReconciliationEngine(RuleSet.Default);

        var error = await Assert.ThrowsAsync<ReconciliationInputException>(async () =>
        {
            await foreach (var _ in engine.ReconcileAsync(Stream([Item.Ours(1, 1m), Item.Ours(1, 2m)]), Stream([])))
            {
            }
        });

        Assert.Equal("matching.item.id_duplicate", error.Rule);
    }

    private static async IAsyncEnumerable<ReconItem> Stream(IEnumerable<ReconItem> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
        }
    }
}
