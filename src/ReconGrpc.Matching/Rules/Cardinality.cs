namespace ReconGrpc.Matching;

/// <summary>How many items of each side a rule's match may hold.</summary>
public enum Cardinality
{
    /// <summary>One of ours with one of theirs.</summary>
    OneToOne = 0,

    /// <summary>One of ours with several of theirs (a lump-sum entry of ours paid or booked in parts by them).</summary>
    OneToMany = 1,

    /// <summary>Several of ours with one of theirs (one receipt paying several invoices, a settlement netting orders, refunds and fees).</summary>
    ManyToOne = 2,

    /// <summary>Several with several, each side bounded by <see cref="MatchRule.MaxGroupSize"/>.</summary>
    ManyToMany = 3,
}

/// <summary>What happens to a rule's matches.</summary>
public enum MatchDecision
{
    /// <summary>自动核销 — accepted without a person.</summary>
    Accepted = 0,

    /// <summary>建议 — proposed; a person confirms or rejects it.</summary>
    Proposed = 1,

    /// <summary>
    /// 待复核 — accepted like <see cref="Accepted"/> (it counts as matched, and the 余额调节表 takes its difference as
    /// accepted), but flagged for a person to review afterwards: for rules that are right almost always but whose
    /// mistakes are costly (a loose tolerance, a key-less rule on a quiet account).
    /// </summary>
    ToCheck = 2,
}
