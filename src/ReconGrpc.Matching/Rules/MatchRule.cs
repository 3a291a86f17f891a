using System.Text.Json.Serialization;

namespace ReconGrpc.Matching;

/// <summary>
/// 对账规则 — one rule of a rule set: the keys that must agree, how amounts and dates must agree, how many items
/// a match may hold, and whether its matches are accepted or only proposed.
/// </summary>
public sealed record MatchRule
{
    /// <summary>The largest <see cref="MaxGroupSize"/> allowed.</summary>
    public const int GroupSizeLimit = 1000;

    /// <summary>The largest <see cref="MaxCandidates"/> allowed: the subset search grows with 2^candidates.</summary>
    public const int CandidateLimit = 24;

    /// <summary>The name under which the engine's own reversal stage reports its matches; no rule may take it.</summary>
    public const string ReversalPairName = "reversal-pair";

    /// <summary>
    /// The label of a match pairing both sides' opening balances (期初余额), whichever rule paired them: an opening is
    /// no document, so calling the pair after a document rule would mislead. No rule may take the name.
    /// </summary>
    public const string OpeningBalancePairName = "opening-balance";

    /// <summary>
    /// What a reversing item's document number may end with: the one definition, which the ledger's reversal
    /// (<c>LedgerEntry.ReversalDraft</c>) writes and the engine's reversal stage reads.
    /// </summary>
    public const string ReversalSuffix = "-R";

    /// <summary>
    /// 冲销对 — not a rule of any set but the engine's last matching stage: after the rules, an item and the item that
    /// reverses it on the same side (same customer, currency and document number, or that number with <c>-R</c>
    /// appended; the amount negated) are matched with each other. They cancel in the books that hold them, so neither
    /// is missing on the other side. Accepted outright.
    /// </summary>
    public static MatchRule ReversalPair { get; } = new() { Name = ReversalPairName, Keys = [KeyPair.Same(KeyField.DocumentNumber)] };

    /// <summary>A name unique within the rule set, shown with every match the rule makes.</summary>
    public required string Name { get; init; }

    /// <summary>The keys that must agree (all of them); currency always must. Empty means amount and date only.</summary>
    public IReadOnlyList<KeyPair> Keys { get; init; } = [];

    /// <summary>How the totals must agree.</summary>
    public AmountCondition Amount { get; init; } = AmountCondition.Exact;

    /// <summary>How the dates must agree.</summary>
    public DateWindow Window { get; init; } = DateWindow.Any;

    /// <summary>How many items of each side a match may hold.</summary>
    public Cardinality Cardinality { get; init; } = Cardinality.OneToOne;

    /// <summary>Whether matches are accepted outright or proposed for a person to confirm.</summary>
    public MatchDecision Decision { get; init; } = MatchDecision.Accepted;

    /// <summary>
    /// For grouped rules, the most items on the grouped side (on each side for many-to-many). A block that is a
    /// whole group (one item on one side, the rest on the other) is taken up to this size; the subset search
    /// looks at groups of 2 to this size among <see cref="MaxCandidates"/> candidates.
    /// </summary>
    public int MaxGroupSize { get; init; } = 5;

    /// <summary>For grouped rules, how many candidates (nearest date first) the subset search considers per anchor item.</summary>
    public int MaxCandidates { get; init; } = 16;

    /// <summary>Whether the rule groups several items on a side.</summary>
    [JsonIgnore]
    public bool IsGrouped => Cardinality != Cardinality.OneToOne;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: keys [{string.Join(", ", Keys)}], amount {Amount}, {Window}, {Cardinality}, {Decision}";
}
