namespace ReconGrpc.Matching;

/// <summary>What one rule did in a run.</summary>
/// <param name="RuleIndex">The rule's position in the rule set.</param>
/// <param name="RuleName">The rule's name.</param>
/// <param name="Matches">Matches made.</param>
/// <param name="OurItems">Items of ours they hold.</param>
/// <param name="TheirItems">Items of theirs they hold.</param>
/// <param name="Elapsed">Time the rule took, key hashing included.</param>
public sealed record RuleStatistics(int RuleIndex, string RuleName, int Matches, int OurItems, int TheirItems, TimeSpan Elapsed)
{
    /// <summary>The rule's tier: all its matches are in it (the reversal stage's are accepted).</summary>
    public MatchDecision Decision { get; init; }

    /// <summary>Matches accepted outright (<see cref="MatchDecision.Accepted"/>).</summary>
    public int AcceptedMatches => Decision == MatchDecision.Accepted ? Matches : 0;

    /// <summary>Matches proposed for a person to confirm (<see cref="MatchDecision.Proposed"/>).</summary>
    public int ProposedMatches => Decision == MatchDecision.Proposed ? Matches : 0;

    /// <summary>Matches accepted but flagged for review (<see cref="MatchDecision.ToCheck"/>).</summary>
    public int ToCheckMatches => Decision == MatchDecision.ToCheck ? Matches : 0;
}

/// <summary>The outcome of a run in figures, with the 余额调节表.</summary>
/// <param name="RuleSetName">The rule set used.</param>
/// <param name="OurItems">Items of ours reconciled.</param>
/// <param name="TheirItems">Items of theirs reconciled.</param>
/// <param name="Matches">Matches made: <paramref name="AcceptedMatches"/> + <paramref name="ProposedMatches"/> + <see cref="ReconSummary.ToCheckMatches"/>.</param>
/// <param name="AcceptedMatches">Of which accepted outright (自动核销), reversal pairs included.</param>
/// <param name="ProposedMatches">Of which proposed (建议).</param>
/// <param name="MatchedOurItems">Items of ours in a match.</param>
/// <param name="MatchedTheirItems">Items of theirs in a match.</param>
/// <param name="ExceptionsByReason">Unmatched items per reason.</param>
/// <param name="Rules">Per rule, in rule-set order.</param>
/// <param name="Balances">余额调节表, one per currency, in currency-code order.</param>
/// <param name="IntakeElapsed">Time to take in and check both sides.</param>
/// <param name="ExplainElapsed">Time to explain the unmatched items.</param>
/// <param name="Elapsed">Time for the whole run.</param>
public sealed record ReconSummary(
    string RuleSetName,
    int OurItems,
    int TheirItems,
    int Matches,
    int AcceptedMatches,
    int ProposedMatches,
    int MatchedOurItems,
    int MatchedTheirItems,
    IReadOnlyDictionary<ExceptionReason, int> ExceptionsByReason,
    IReadOnlyList<RuleStatistics> Rules,
    IReadOnlyList<BalanceReconciliation> Balances,
    TimeSpan IntakeElapsed,
    TimeSpan ExplainElapsed,
    TimeSpan Elapsed)
{
    /// <summary>
    /// Of the matches, those accepted but flagged for review (待复核, <see cref="MatchDecision.ToCheck"/>): matched, and
    /// counted as accepted by the 余额调节表, but listed apart so someone looks at them.
    /// </summary>
    public int ToCheckMatches { get; init; }
}

/// <summary>The full result of a run held in memory.</summary>
/// <param name="Matches">Every match, in rule order (then a fixed order within a rule).</param>
/// <param name="Exceptions">Every unmatched item with its reason, ours first, each side in id order.</param>
/// <param name="Summary">Figures and the 余额调节表.</param>
public sealed record ReconciliationResult(MatchList Matches, IReadOnlyList<ReconException> Exceptions, ReconSummary Summary);

/// <summary>Where a run is.</summary>
public enum ReconStage
{
    /// <summary>Taking in both sides.</summary>
    Intake = 0,

    /// <summary>Running a rule.</summary>
    Matching = 1,

    /// <summary>Explaining what is left.</summary>
    Explaining = 2,

    /// <summary>Done.</summary>
    Completed = 3,
}

/// <summary>A progress report.</summary>
/// <param name="Stage">Where the run is.</param>
/// <param name="RuleIndex">The rule just finished (when matching), else -1.</param>
/// <param name="RuleCount">Rules in the set.</param>
/// <param name="OurItems">Items of ours in the run.</param>
/// <param name="TheirItems">Items of theirs in the run.</param>
/// <param name="MatchedOurItems">Items of ours matched so far.</param>
/// <param name="MatchedTheirItems">Items of theirs matched so far.</param>
/// <param name="Matches">Matches so far.</param>
public sealed record ReconProgress(
    ReconStage Stage,
    int RuleIndex,
    int RuleCount,
    int OurItems,
    int TheirItems,
    int MatchedOurItems,
    int MatchedTheirItems,
    int Matches);

/// <summary>Something a streamed run reports, in order: progress, batches of matches and exceptions, then the summary.</summary>
public abstract record ReconEvent;

/// <summary>Progress of a streamed run.</summary>
/// <param name="Progress">The report.</param>
public sealed record ProgressReported(ReconProgress Progress) : ReconEvent;

/// <summary>A batch of matches, as a rule decides them.</summary>
/// <param name="Matches">The batch.</param>
public sealed record MatchesFound(MatchList Matches) : ReconEvent;

/// <summary>A batch of explained, unmatched items.</summary>
/// <param name="Exceptions">The batch.</param>
public sealed record ExceptionsFound(IReadOnlyList<ReconException> Exceptions) : ReconEvent;

/// <summary>The last event of a run.</summary>
/// <param name="Summary">Figures and the 余额调节表.</param>
public sealed record RunCompleted(ReconSummary Summary) : ReconEvent;
