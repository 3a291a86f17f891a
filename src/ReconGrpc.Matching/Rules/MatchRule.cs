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
    public static MatchRule ReversalPair { get; } = new()
    {
        Name = ReversalPairName,
        Keys = [KeyPair.Same(KeyField.DocumentNumber)],
        ReasonCode = ReversalReasonCode,
    };

    /// <summary>
    /// The reason code every reversal pair carries (<see cref="ReversalPair"/>): a report grouping matches by reason
    /// shows 红字冲销 apart from the rules' matches without anyone configuring it.
    /// </summary>
    public const string ReversalReasonCode = "REVERSAL";

    /// <summary>The longest <see cref="ReasonCode"/> allowed.</summary>
    public const int ReasonCodeMaxLength = 40;

    /// <summary>The longest <see cref="WriteOff"/> name allowed.</summary>
    public const int WriteOffMaxLength = 60;

    /// <summary>The most <see cref="Conditions"/> a rule may hold.</summary>
    public const int MaxConditions = 16;

    /// <summary>The most customers or categories a <see cref="PartnerCondition"/> may list.</summary>
    public const int MaxPartners = 10_000;

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

    /// <summary>
    /// Text conditions on the items of either side (<see cref="TextCondition"/>); all must hold for every item of
    /// that side in a match. Empty (the default): no condition. They are checked once per item before the rule
    /// looks for matches, so an item failing one is simply not offered to the rule.
    /// </summary>
    public IReadOnlyList<TextCondition> Conditions { get; init; } = [];

    /// <summary>
    /// An amount read from one side's text (a bank charge written in the memo) that the rule adds back to that
    /// side's items before comparing amounts (see <see cref="TextAmount"/>). Null (the default): amounts as booked.
    /// </summary>
    public TextAmount? AmountFromText { get; init; }

    /// <summary>Which customers or categories the rule is for (see <see cref="PartnerCondition"/>); null (the default): all.</summary>
    public PartnerCondition? Partners { get; init; }

    /// <summary>Same currency only (the default) or across currencies (see <see cref="CurrencyCondition"/>).</summary>
    public CurrencyCondition Currency { get; init; } = CurrencyCondition.SameOnly;

    /// <summary>
    /// 查找期限 — the rule leaves alone items dated more than this many calendar months before the run's reference
    /// date (<see cref="ReconcileOptions.PeriodEnd"/>, else the latest date of either side): an item exactly that many
    /// months back is still taken. Keeps a loose rule (customer and amount only) from settling this month's receipt
    /// against a two-year-old invoice of the same amount. Null (the default): no limit. 1 to <see cref="HorizonLimit"/>.
    /// </summary>
    public int? HorizonMonths { get; init; }

    /// <summary>The largest <see cref="HorizonMonths"/> allowed (ten years).</summary>
    public const int HorizonLimit = 120;

    /// <summary>
    /// Which candidates the rule takes first (see <see cref="Allocation"/>): nearest (the default), oldest first
    /// (FIFO 核销) or newest first. Many-to-many rules take the nearest only.
    /// </summary>
    public Allocation Allocation { get; init; } = Allocation.Nearest;

    /// <summary>
    /// 原因代码 — a code every match of the rule carries (<see cref="ReconMatch.ReasonCode"/>), e.g. <c>BANK-FEE</c>, so
    /// reports and write-offs can group matches by why they were made rather than by rule name (rules get renamed,
    /// codes are what the books and the auditors use). 1 to <see cref="ReasonCodeMaxLength"/> letters, digits,
    /// <c>-</c> or <c>_</c>. Null (the default): none.
    /// </summary>
    public string? ReasonCode { get; init; }

    /// <summary>
    /// The name of a write-off model (a posting template stored by the server: account, reason, tax treatment) for
    /// the difference the rule accepts within tolerance. The engine only carries it with the rule
    /// (<c>ReconMatch.Rule.WriteOff</c>) and checks its shape (1 to <see cref="WriteOffMaxLength"/> characters); the
    /// server checks that the model exists and posts it. Null (the default): the difference stays a match difference.
    /// </summary>
    public string? WriteOff { get; init; }

    /// <summary>Whether the rule only offers some items (text, partner or horizon conditions, an amount read from text, or rates).</summary>
    [JsonIgnore]
    public bool HasItemConditions =>
        Conditions is { Count: > 0 } || AmountFromText is not null || Partners is not null || HorizonMonths is not null
        || Currency is { Mode: CurrencyMode.Across };

    /// <summary>Whether the rule groups several items on a side.</summary>
    [JsonIgnore]
    public bool IsGrouped => Cardinality != Cardinality.OneToOne;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: keys [{string.Join(", ", Keys)}], amount {Amount}, {Window}, {Cardinality}, {Decision}"
        + (Conditions is { Count: > 0 } ? $", when {string.Join(" and ", Conditions)}" : "")
        + (AmountFromText is null ? "" : $", {AmountFromText}")
        + (Partners is null ? "" : $", {Partners}")
        + (Currency is null || Currency.Mode == CurrencyMode.SameOnly ? "" : $", {Currency}")
        + (HorizonMonths is null ? "" : $", within {HorizonMonths} months")
        + (Allocation == Allocation.Nearest ? "" : $", {Allocation}")
        + (ReasonCode is null ? "" : $", reason {ReasonCode}")
        + (WriteOff is null ? "" : $", write-off {WriteOff}");
}
