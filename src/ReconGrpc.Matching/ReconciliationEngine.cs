using System.Runtime.CompilerServices;

namespace ReconGrpc.Matching;

/// <summary>
/// 对账引擎 — reconciles our items against theirs with an ordered rule set: every item ends in a match or with a
/// reason, and the 余额调节表 shows what is left between the two balances. The same input gives the same result,
/// match for match and in the same order, whatever the input order and thread count.
/// </summary>
/// <remarks>
/// The engine keeps nothing between runs and is safe to share. A run holds both sides in memory, column by
/// column (about 70 bytes an item besides the items themselves).
/// </remarks>
public sealed class ReconciliationEngine
{
    /// <summary>Creates an engine for a rule set.</summary>
    /// <exception cref="ReconciliationInputException">The rule set or the options are not valid.</exception>
    public ReconciliationEngine(RuleSet ruleSet, ReconcileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        ruleSet.Validate();
        Options = options ?? new ReconcileOptions();
        Options.Validate();
        Options.ValidateFor(ruleSet);
        RuleSet = ruleSet;
    }

    /// <summary>The rules, in the order they run.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>How the engine runs.</summary>
    public ReconcileOptions Options { get; }

    /// <summary>Reconciles two sides in memory and returns everything at once.</summary>
    /// <param name="ours">Our items (<see cref="Side.Ours"/>), in any order.</param>
    /// <param name="theirs">Their items (<see cref="Side.Theirs"/>), amounts already in our convention.</param>
    /// <param name="closingBalances">Closing balances per currency for the 余额调节表; without them it starts from the movements.</param>
    /// <param name="progress">Told after intake, after each rule and at the end.</param>
    /// <param name="cancellationToken">Stops the run between and within stages.</param>
    /// <exception cref="ReconciliationInputException">An item or balance is not valid (duplicate id, missing currency, too many decimals …).</exception>
    public ReconciliationResult Reconcile(IEnumerable<ReconItem> ours, IEnumerable<ReconItem> theirs,
        IReadOnlyList<ClosingBalance>? closingBalances = null, IProgress<ReconProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var run = new ReconRun(RuleSet, Options, ours, theirs, cancellationToken);
        progress?.Report(run.Progress(ReconStage.Intake, -1));
        for (var i = 0; i < run.RuleCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run.RunRule(i, cancellationToken);
            progress?.Report(run.Progress(ReconStage.Matching, i));
        }

        run.PairReversals(cancellationToken);
        var exceptions = run.Explain(cancellationToken);
        progress?.Report(run.Progress(ReconStage.Explaining, -1));
        var summary = run.Summarize(closingBalances);
        progress?.Report(run.Progress(ReconStage.Completed, -1));
        return new ReconciliationResult(new MatchList(run.Store, 0, run.Store.Count), exceptions, summary);
    }

    /// <summary>
    /// Reconciles two streamed sides and streams the outcome: progress after intake and after each rule, each
    /// rule's matches in batches as soon as the rule has decided them, the exceptions in batches, and finally
    /// <see cref="RunCompleted"/>. The run advances only as the caller reads, so a slow reader holds back the run
    /// instead of making it buffer.
    /// </summary>
    /// <param name="ours">Our items, as read from storage.</param>
    /// <param name="theirs">Their items, as read from storage, amounts in our convention.</param>
    /// <param name="closingBalances">Closing balances per currency for the 余额调节表.</param>
    /// <param name="cancellationToken">Stops reading, matching and streaming.</param>
    public async IAsyncEnumerable<ReconEvent> ReconcileAsync(IAsyncEnumerable<ReconItem> ours, IAsyncEnumerable<ReconItem> theirs,
        IReadOnlyList<ClosingBalance>? closingBalances = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var ourItems = await Collect(ours, cancellationToken).ConfigureAwait(false);
        var theirItems = await Collect(theirs, cancellationToken).ConfigureAwait(false);
        await foreach (var reported in ReconcileAsync(ourItems, theirItems, closingBalances, cancellationToken).ConfigureAwait(false))
        {
            yield return reported;
        }
    }

    /// <summary>As <see cref="ReconcileAsync(IAsyncEnumerable{ReconItem}, IAsyncEnumerable{ReconItem}, IReadOnlyList{ClosingBalance}?, CancellationToken)"/>, for sides already in memory.</summary>
    /// <param name="ours">Our items.</param>
    /// <param name="theirs">Their items, amounts in our convention.</param>
    /// <param name="closingBalances">Closing balances per currency for the 余额调节表.</param>
    /// <param name="cancellationToken">Stops matching and streaming.</param>
    public async IAsyncEnumerable<ReconEvent> ReconcileAsync(IEnumerable<ReconItem> ours, IEnumerable<ReconItem> theirs,
        IReadOnlyList<ClosingBalance>? closingBalances = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var run = await Task.Run(() => new ReconRun(RuleSet, Options, ours, theirs, cancellationToken), cancellationToken).ConfigureAwait(false);
        yield return new ProgressReported(run.Progress(ReconStage.Intake, -1));

        for (var i = 0; i < run.RuleCount; i++)
        {
            var index = i;
            var (start, count) = await Task.Run(() => run.RunRule(index, cancellationToken), cancellationToken).ConfigureAwait(false);
            yield return new ProgressReported(run.Progress(ReconStage.Matching, i));
            for (var offset = 0; offset < count; offset += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new MatchesFound(new MatchList(run.Store, start + offset, Math.Min(Options.BatchSize, count - offset)));
            }
        }

        var (reversalStart, reversals) = await Task.Run(() => run.PairReversals(cancellationToken), cancellationToken).ConfigureAwait(false);
        for (var offset = 0; offset < reversals; offset += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new MatchesFound(new MatchList(run.Store, reversalStart + offset, Math.Min(Options.BatchSize, reversals - offset)));
        }

        var exceptions = await Task.Run(() => run.Explain(cancellationToken), cancellationToken).ConfigureAwait(false);
        yield return new ProgressReported(run.Progress(ReconStage.Explaining, -1));
        var array = exceptions.ToArray();
        for (var offset = 0; offset < array.Length; offset += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ExceptionsFound(new ArraySegment<ReconException>(array, offset, Math.Min(Options.BatchSize, array.Length - offset)));
        }

        var summary = run.Summarize(closingBalances);
        yield return new ProgressReported(run.Progress(ReconStage.Completed, -1));
        yield return new RunCompleted(summary);
    }

    private static async Task<List<ReconItem>> Collect(IAsyncEnumerable<ReconItem> source, CancellationToken cancellationToken)
    {
        var items = new List<ReconItem>();
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }
}
