using ReconGrpc.Matching;

namespace ReconGrpc.Domain.Reconciliation;

/// <summary>Where a stored match stands.</summary>
public enum MatchStatus
{
    Accepted = 1,
    Proposed = 2,
    Confirmed = 3,
    Manual = 4,
    Rejected = 5,
    Unmatched = 6,

    /// <summary>待复核 — accepted by a to-check rule, flagged for a person to review: it stands as accepted until confirmed or undone.</summary>
    ToCheck = 7,
}

/// <summary>
/// 核销记录 — a stored match of a run. Its items are kept as id lists: a match is read and written whole, and
/// one row per match keeps storing a million-match run cheap.
/// </summary>
public sealed class RunMatch
{
    public const string ManualRuleName = "manual";

    /// <summary>The longest note a decision keeps.</summary>
    public const int MaxNoteLength = 1000;

    private RunMatch()
    {
    }

    public long RunId { get; private set; }

    /// <summary>Position in the run from 0; the engine's matches first, manual ones after.</summary>
    public int Sequence { get; private set; }

    public string RuleName { get; private set; } = "";

    public MatchStatus Status { get; private set; }

    /// <summary>Our ledger entry ids, comma-separated, ascending.</summary>
    public string OurIds { get; private set; } = "";

    /// <summary>Their statement line ids, comma-separated, ascending.</summary>
    public string TheirIds { get; private set; } = "";

    public string Currency { get; private set; } = "";

    public decimal OurAmount { get; private set; }

    public decimal TheirAmount { get; private set; }

    /// <summary>Their total minus ours, in our convention.</summary>
    public decimal Difference { get; private set; }

    /// <summary>
    /// The ledger entry posted for the difference of a manual match. Kept once the match is undone, for the
    /// history: <see cref="ReversalEntryId"/> then names the entry that reversed it.
    /// </summary>
    public long? AdjustmentEntryId { get; private set; }

    /// <summary>
    /// The ledger entry that reversed the adjustment (红字冲销) when the match was undone; null while the match
    /// stands or when it posted none. Booked entries are never deleted: an undone adjustment is offset instead.
    /// </summary>
    public long? ReversalEntryId { get; private set; }

    /// <summary>
    /// The write-off model (核销模板) whose entries closed the difference, by name; null for a free-form adjustment or
    /// none. Kept as the name: the match's history stays whole when the model is changed or deleted.
    /// </summary>
    public string? WriteOffModel { get; private set; }

    /// <summary>The ledger entry of the tax share of a write-off with VAT (the net share is <see cref="AdjustmentEntryId"/>).</summary>
    public long? TaxEntryId { get; private set; }

    /// <summary>The ledger entry that reversed <see cref="TaxEntryId"/> when the match was undone.</summary>
    public long? TaxReversalEntryId { get; private set; }

    /// <summary>原因代码 of the rule that made the match; null when the rule gives none.</summary>
    public string? ReasonCode { get; private set; }

    /// <summary>The write-off model the rule names for the difference, which confirming posts when no other is named; null for none.</summary>
    public string? SuggestedWriteOff { get; private set; }

    /// <summary>
    /// For a match across currencies: the currency of their items (<see cref="Currency"/> is ours); null otherwise.
    /// Such a match has no <see cref="Difference"/> (the totals are in two currencies): <see cref="ExchangeDifference"/> says it.
    /// </summary>
    public string? TheirCurrency { get; private set; }

    /// <summary>For a match across currencies: their total less ours, both in the base currency (汇兑损益); null otherwise.</summary>
    public decimal? ExchangeDifference { get; private set; }

    /// <summary>Whether the match pairs items of two currencies.</summary>
    public bool IsAcrossCurrencies => TheirCurrency is not null;

    /// <summary>Whether the match's posted adjustment still counts in our ledger (posted and not reversed).</summary>
    public bool AdjustmentStands => AdjustmentEntryId is not null && ReversalEntryId is null;

    public string? DecidedBy { get; private set; }

    /// <summary>The person who decided, when the key named one.</summary>
    public string? DecidedFor { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? Note { get; private set; }

    /// <summary>
    /// Why the engine proposed it, where a rule alone does not say: for a match learned from people's manual
    /// matches (<c>learned-counterparty</c>), which manual matches taught it. Null for the rest.
    /// </summary>
    public string? Why { get; private set; }

    /// <summary>Whether the match still stands (its items are not exceptions).</summary>
    public bool Stands => Status is MatchStatus.Accepted or MatchStatus.ToCheck or MatchStatus.Proposed or MatchStatus.Confirmed or MatchStatus.Manual;

    // Parsed once: a run's watchers read each match's ids, and the lists do not change once a match is made.
    private IReadOnlyList<long>? _parsedOurIds;
    private IReadOnlyList<long>? _parsedTheirIds;

    public IReadOnlyList<long> OurIdList => _parsedOurIds ??= IdList.Parse(OurIds);

    public IReadOnlyList<long> TheirIdList => _parsedTheirIds ??= IdList.Parse(TheirIds);

    /// <summary>A match as the engine made it.</summary>
    /// <param name="decision">The tier of the rule that made it.</param>
    /// <param name="exchange">For a match across currencies: their currency and the exchange difference in the base currency.</param>
    public static RunMatch FromEngine(long runId, int sequence, string ruleName, MatchDecision decision, IEnumerable<long> ourIds, IEnumerable<long> theirIds,
        string currency, decimal ourAmount, decimal theirAmount, string? reasonCode = null, string? suggestedWriteOff = null,
        (string TheirCurrency, decimal Difference)? exchange = null)
    {
        long[] ours = IdList.Ascending(ourIds), theirs = IdList.Ascending(theirIds);
        return new()
        {
            RunId = runId,
            Sequence = sequence,
            RuleName = ruleName,
            Status = decision switch
            {
                MatchDecision.Proposed => MatchStatus.Proposed,
                MatchDecision.ToCheck => MatchStatus.ToCheck,
                _ => MatchStatus.Accepted,
            },
            OurIds = IdList.Format(ours),
            TheirIds = IdList.Format(theirs),
            _parsedOurIds = ours,
            _parsedTheirIds = theirs,
            Currency = currency,
            OurAmount = ourAmount,
            TheirAmount = theirAmount,
            // Totals in two currencies have no difference between them; the exchange difference says it instead.
            Difference = exchange is null ? theirAmount - ourAmount : 0m,
            ReasonCode = reasonCode,
            SuggestedWriteOff = suggestedWriteOff,
            TheirCurrency = exchange?.TheirCurrency,
            ExchangeDifference = exchange?.Difference,
        };
    }

    public static RunMatch Manual(long runId, int sequence, IEnumerable<long> ourIds, IEnumerable<long> theirIds, string currency,
        decimal ourAmount, decimal theirAmount, long? adjustmentEntryId, Access.Actor decidedBy, DateTimeOffset now, string note) => new()
    {
        RunId = runId,
        Sequence = sequence,
        RuleName = ManualRuleName,
        Status = MatchStatus.Manual,
        OurIds = IdList.Format(ourIds),
        TheirIds = IdList.Format(theirIds),
        Currency = currency,
        OurAmount = ourAmount,
        TheirAmount = theirAmount,
        Difference = theirAmount - ourAmount,
        AdjustmentEntryId = adjustmentEntryId,
        DecidedBy = decidedBy.KeyId,
        DecidedFor = decidedBy.Person,
        DecidedAt = now,
        Note = note,
    };

    /// <summary>
    /// Records the entries a write-off posted for the match's difference: the net share (and the tax share). A
    /// proposed match is confirmed by it; an accepted one becomes confirmed, as a person has now decided on it; a
    /// manual match stays manual. Only a standing match whose difference has no standing adjustment takes one.
    /// </summary>
    public void RecordWriteOff(string model, long netEntryId, long? taxEntryId, Access.Actor decidedBy, DateTimeOffset now, string? note)
    {
        RequireWriteOffAllowed();
        AdjustmentEntryId = netEntryId;
        TaxEntryId = taxEntryId;
        ReversalEntryId = null;
        TaxReversalEntryId = null;
        WriteOffModel = model;
        Decide(Status == MatchStatus.Manual ? MatchStatus.Manual : MatchStatus.Confirmed, decidedBy, now, note);
    }

    /// <summary>Refuses a write-off on a match that does not stand, has no difference, or whose difference is already posted.</summary>
    public void RequireWriteOffAllowed()
    {
        if (!Stands)
        {
            throw RuleViolation.FailedPrecondition("match.not_standing",
                $"Match {Sequence} is {Status.ToString().ToLowerInvariant()}; only a proposed, accepted, confirmed or manual match can take a write-off.");
        }

        if (AdjustmentEntryId is not null)
        {
            throw RuleViolation.FailedPrecondition("match.written_off",
                $"The difference of match {Sequence} is posted already (ledger entry {AdjustmentEntryId}); undo the match to post it again.");
        }

        if (Difference == 0)
        {
            throw RuleViolation.FailedPrecondition("writeoff.no_difference", $"Match {Sequence} has no difference to write off; confirm it without a write-off model.");
        }
    }

    /// <summary>Records a manual match's write-off posted when it was made, by a model.</summary>
    public void NameWriteOff(string model, long? taxEntryId)
    {
        if (AdjustmentEntryId is null)
        {
            throw new InvalidOperationException("A write-off names the entries it posted; the net entry comes first.");
        }

        WriteOffModel = model;
        TaxEntryId = taxEntryId;
    }

    /// <summary>Records the entry that reversed the tax share of the write-off, once the net share's reversal is recorded.</summary>
    public void RecordTaxReversal(long reversalEntryId)
    {
        if (ReversalEntryId is null || TaxEntryId is null || TaxReversalEntryId is not null)
        {
            throw RuleViolation.FailedPrecondition("match.tax_reversal", $"Match {Sequence} has no tax entry left to reverse.");
        }

        TaxReversalEntryId = reversalEntryId;
    }
    /// <summary>Says why the engine made the match (see <see cref="Why"/>); kept to <see cref="MaxNoteLength"/> characters.</summary>
    public void Explain(string why) => Why = why.Length > MaxNoteLength ? why[..MaxNoteLength] : why;

    public void Confirm(Access.Actor decidedBy, DateTimeOffset now, string? note)
    {
        if (Status is not (MatchStatus.Proposed or MatchStatus.ToCheck))
        {
            throw RuleViolation.FailedPrecondition("match.not_proposed",
                $"Match {Sequence} is {Status.ToString().ToLowerInvariant()}; only a proposed match or one to check can be confirmed.");
        }

        Decide(MatchStatus.Confirmed, decidedBy, now, note);
    }

    /// <summary>
    /// Confirms a proposal a person already confirmed in an earlier run: the same items, so the same decision. It
    /// keeps who decided and when, and says where it comes from.
    /// </summary>
    public void ConfirmAsBefore(RunMatch earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        if (earlier.Status != MatchStatus.Confirmed || earlier.OurIds != OurIds || earlier.TheirIds != TheirIds)
        {
            throw new ArgumentException("Only a confirmation of the same items carries over.", nameof(earlier));
        }

        var note = $"confirmed in run {earlier.RunId} (match {earlier.Sequence}){(earlier.Note is { } said ? ": " + said : "")}";
        Confirm(new Access.Actor(earlier.DecidedBy!, earlier.DecidedFor), earlier.DecidedAt!.Value, note.Length > MaxNoteLength ? note[..MaxNoteLength] : note);
    }

    public void Reject(Access.Actor decidedBy, DateTimeOffset now, string reason)
    {
        if (Status != MatchStatus.Proposed)
        {
            throw RuleViolation.FailedPrecondition("match.not_proposed",
                $"Match {Sequence} is {Status.ToString().ToLowerInvariant()}; only a proposed match can be rejected; undo the others with Unmatch (recon match undo).");
        }

        Decide(MatchStatus.Rejected, decidedBy, now, reason);
    }

    public void Undo(Access.Actor decidedBy, DateTimeOffset now, string reason)
    {
        if (Status is not (MatchStatus.Accepted or MatchStatus.ToCheck or MatchStatus.Confirmed or MatchStatus.Manual))
        {
            throw RuleViolation.FailedPrecondition("match.not_standing",
                $"Match {Sequence} is {Status.ToString().ToLowerInvariant()}; only an accepted, to-check, confirmed or manual match can be undone (reject a proposed one).");
        }

        Decide(MatchStatus.Unmatched, decidedBy, now, reason);
    }

    /// <summary>
    /// Records the ledger entry that reversed the match's adjustment. Only a match no longer standing has its
    /// adjustment reversed, and only once.
    /// </summary>
    public void RecordReversal(long reversalEntryId)
    {
        if (Stands)
        {
            throw RuleViolation.FailedPrecondition("match.standing", $"Match {Sequence} still stands; its adjustment is reversed only when it is undone.");
        }

        if (AdjustmentEntryId is null)
        {
            throw RuleViolation.FailedPrecondition("match.no_adjustment", $"Match {Sequence} posted no adjustment; there is nothing to reverse.");
        }

        if (ReversalEntryId is not null)
        {
            throw RuleViolation.FailedPrecondition("match.adjustment_reversed", $"The adjustment of match {Sequence} was reversed already (ledger entry {ReversalEntryId}).");
        }

        ReversalEntryId = reversalEntryId;
    }

    private void Decide(MatchStatus status, Access.Actor decidedBy, DateTimeOffset now, string? note)
    {
        Status = status;
        DecidedBy = decidedBy.KeyId;
        DecidedFor = decidedBy.Person;
        DecidedAt = now;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }
}

/// <summary>差异 — a stored unmatched item of a run and why.</summary>
public sealed class RunException
{
    private RunException()
    {
    }

    public long RunId { get; private set; }

    /// <summary>Position in the run's exceptions from 0; the engine's first, those a person's undo made after.</summary>
    public int Sequence { get; private set; }

    /// <summary>The engine's reason, stored by its name: renaming a member of <see cref="ExceptionReason"/> or <see cref="Side"/> changes stored data.</summary>
    public ExceptionReason Reason { get; private set; }

    public Side Side { get; private set; }

    public long ItemId { get; private set; }

    public Side? CounterpartSide { get; private set; }

    public long? CounterpartId { get; private set; }

    /// <summary>Their amount minus ours, for a pair across sides.</summary>
    public decimal? Difference { get; private set; }

    public string Explanation { get; private set; } = "";

    /// <summary>The manual match that took the item in; null while the exception is open.</summary>
    public int? ResolvedByMatch { get; private set; }

    public bool IsOpen => ResolvedByMatch is null;

    public static RunException Create(long runId, int sequence, ExceptionReason reason, Side side, long itemId,
        Side? counterpartSide, long? counterpartId, decimal? difference, string explanation) => new()
    {
        RunId = runId,
        Sequence = sequence,
        Reason = reason,
        Side = side,
        ItemId = itemId,
        CounterpartSide = counterpartSide,
        CounterpartId = counterpartId,
        Difference = difference,
        Explanation = explanation.Length > 1000 ? explanation[..1000] : explanation,
    };

    public void ResolveBy(int matchSequence) => ResolvedByMatch = matchSequence;

    /// <summary>The manual match that resolved it was undone: the exception stands again as it was.</summary>
    public void Reopen() => ResolvedByMatch = null;
}

/// <summary>Ids kept as a comma-separated list.</summary>
public static class IdList
{
    public static string Format(IEnumerable<long> ids)
    {
        // Written for every stored match: sorted in place and joined without intermediate sequences.
        var sorted = ids.ToArray();
        if (sorted.Length == 1)
        {
            return sorted[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Array.Sort(sorted);
        var text = new System.Text.StringBuilder(sorted.Length * 8);
        foreach (var id in sorted)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The ids as an ascending array; ids that come in order (as the engine gives them) are only checked.</summary>
    public static long[] Ascending(IEnumerable<long> ids)
    {
        var array = ids as long[] ?? [.. ids];
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i] < array[i - 1])
            {
                array = [.. array];
                Array.Sort(array);
                break;
            }
        }

        return array;
    }

    public static IReadOnlyList<long> Parse(string ids) =>
        [.. ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}
