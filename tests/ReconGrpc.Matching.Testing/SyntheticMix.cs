namespace ReconGrpc.Matching.Testing;

/// <summary>
/// How often each situation occurs in synthetic data, as weights per scenario drawn (an exact pair counts one,
/// a settlement of eight orders counts one too). The defaults follow what customer statements, bank files and
/// platform bills look like: mostly exact pairs, some timing differences and keyless lines, a few percent of
/// errors, missing and grouped items.
/// </summary>
public sealed record SyntheticMix
{
    /// <summary>Same document number on both sides (written differently in a quarter of cases), same amount, 0–5 days apart.</summary>
    public int DocumentExact { get; init; } = 630;

    /// <summary>Their line carries our document number in its reference (bank and platform lines).</summary>
    public int DocumentInReference { get; init; } = 60;

    /// <summary>Their line carries our document number in its text (摘要).</summary>
    public int DocumentInText { get; init; } = 40;

    /// <summary>Both sides share a payment reference but not a document number.</summary>
    public int ReferenceOnly { get; init; } = 30;

    /// <summary>Their line names only the customer: same amount, 0–2 days apart.</summary>
    public int CustomerOnly { get; init; } = 40;

    /// <summary>Their line names nothing: same amount, 0–2 days apart.</summary>
    public int AmountOnly { get; init; } = 10;

    /// <summary>Same document, their amount short by a bank charge (under 0.9 %).</summary>
    public int SmallDifferenceWithDocument { get; init; } = 20;

    /// <summary>Only the customer in common, amounts up to 1.00 apart (rounding).</summary>
    public int SmallDifferenceWithCustomer { get; init; } = 10;

    /// <summary>Same document, amounts 5–50 % apart: an <see cref="ExceptionReason.AmountDiffers"/> pair.</summary>
    public int LargeDifference { get; init; } = 5;

    /// <summary>Same document and amount, 45–120 days apart: a <see cref="ExceptionReason.DateOutsideWindow"/> pair.</summary>
    public int DateOutsideWindow { get; init; } = 5;

    /// <summary>Ours only.</summary>
    public int MissingOnTheirSide { get; init; } = 20;

    /// <summary>Theirs only.</summary>
    public int MissingOnOurSide { get; init; } = 20;

    /// <summary>An exact pair whose line they list twice.</summary>
    public int Duplicate { get; init; } = 5;

    /// <summary>Same document, their line in another currency.</summary>
    public int CurrencyMismatch { get; init; } = 3;

    /// <summary>2–4 receipts of ours, one payment of theirs (customer only).</summary>
    public int SplitManyToOne { get; init; } = 25;

    /// <summary>One entry of ours, 2–4 payments of theirs (customer only).</summary>
    public int SplitOneToMany { get; init; } = 25;

    /// <summary>A platform settlement netting 3–8 orders, refunds and a fee under one batch reference, either way round.</summary>
    public int Settlement { get; init; } = 20;

    /// <summary>
    /// A bank line short by a charge that its memo states (<c>货款 手续费12.50</c>), customer only: matched by a rule
    /// reading the amount from the text (<see cref="SyntheticRules.FeeInMemo"/>). None by default.
    /// </summary>
    public int FeeInMemo { get; init; }

    /// <summary>
    /// A marketplace customer (category 0901) paying an invoice less a 1.2–1.9 % commission, customer only: matched by a
    /// rule for that category with a 2 % tolerance (<see cref="SyntheticRules.MarketplaceCommission"/>). None by default.
    /// </summary>
    public int PartnerCommission { get; init; }

    /// <summary>
    /// A payment settling a customer's two oldest receipts while a third, of the same amount as the oldest, lies
    /// nearer the payment (it stays open): only oldest-first allocation pairs it right
    /// (<see cref="SyntheticRules.OldestFirstSplit"/>). Their line says 按账龄核销. None by default.
    /// </summary>
    public int OldestFirstSplit { get; init; }

    /// <summary>The default mix plus the cases that need the rule conditions (<see cref="SyntheticRules.WithConditions"/>).</summary>
    public static SyntheticMix WithConditionCases { get; } = new() { FeeInMemo = 20, PartnerCommission = 15, OldestFirstSplit = 15 };

    // New scenarios go last, so the default mix (their weight 0) draws exactly the data it drew before.
    internal int[] Weights() =>
    [
        DocumentExact, DocumentInReference, DocumentInText, ReferenceOnly, CustomerOnly, AmountOnly,
        SmallDifferenceWithDocument, SmallDifferenceWithCustomer, LargeDifference, DateOutsideWindow,
        MissingOnTheirSide, MissingOnOurSide, Duplicate, CurrencyMismatch, SplitManyToOne, SplitOneToMany, Settlement,
        FeeInMemo, PartnerCommission, OldestFirstSplit,
    ];
}

/// <summary>What to generate.</summary>
public sealed record SyntheticOptions
{
    /// <summary>How many items of ours to generate (theirs come out about as many).</summary>
    public int Size { get; init; } = 10_000;

    /// <summary>The seed: the same seed and options give the same data.</summary>
    public int Seed { get; init; } = 20_240_601;

    /// <summary>The first day of the period.</summary>
    public DateOnly PeriodStart { get; init; } = new(2024, 1, 1);

    /// <summary>The period's length in days.</summary>
    public int PeriodDays { get; init; } = 366;

    /// <summary>The mix of situations.</summary>
    public SyntheticMix Mix { get; init; } = new();

    /// <summary>Where their ids start (ours start at 1), so the two sides' ids never look alike.</summary>
    public long TheirIdBase { get; init; } = 1_000_000_000;

    /// <summary>The balance both sides open the period with.</summary>
    public decimal OpeningBalance { get; init; } = 1_000_000m;
}
