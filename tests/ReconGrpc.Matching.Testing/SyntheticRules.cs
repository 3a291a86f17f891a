namespace ReconGrpc.Matching.Testing;

/// <summary>
/// Rules that use the rule conditions, for data generated with <see cref="SyntheticMix.WithConditionCases"/>: each
/// catches one planted case that the default rule set leaves open or pairs wrongly.
/// </summary>
public static class SyntheticRules
{
    /// <summary>The customer category of the synthetic marketplaces (their codes start with it).</summary>
    public const string MarketplaceCategory = "09";

    /// <summary>A bank line short by the charge its memo states: customer, exact once the charge is added back, ±5 days.</summary>
    public static MatchRule FeeInMemo { get; } = new()
    {
        Name = "fee-in-memo",
        Keys = [KeyPair.Same(KeyField.Customer)],
        Window = DateWindow.Within(5),
        Conditions = [new TextCondition(Side.Theirs, TextField.Text, TextOperator.Contains, "手续费")],
        AmountFromText = new TextAmount(Side.Theirs, TextField.Text, @"手续费\s*(?<amount>[\d,.]+)"),
        ReasonCode = "BANK-FEE",
        WriteOff = "bank-charges",
    };

    /// <summary>Marketplaces (category 09 and below) pay less their commission: within 2 %, proposed.</summary>
    public static MatchRule MarketplaceCommission { get; } = new()
    {
        Name = "marketplace-commission",
        Keys = [KeyPair.Same(KeyField.Customer)],
        Amount = AmountCondition.WithinPercent(2m),
        Window = DateWindow.Within(5),
        Partners = new PartnerCondition { Categories = [MarketplaceCategory] },
        Decision = MatchDecision.Proposed,
        ReasonCode = "COMMISSION",
    };

    /// <summary>A payment its payer marks 按账龄核销 (settle by age): the oldest receipts that make it up, to check.</summary>
    public static MatchRule OldestFirstSplit { get; } = new()
    {
        Name = "oldest-first-split",
        Keys = [KeyPair.Same(KeyField.Customer)],
        Window = DateWindow.Within(31),
        Cardinality = Cardinality.ManyToOne,
        Allocation = Allocation.OldestFirst,
        Conditions = [new TextCondition(Side.Theirs, TextField.Text, TextOperator.Contains, "按账龄")],
        Decision = MatchDecision.ToCheck,
        ReasonCode = "FIFO",
    };

    /// <summary>The three rules above, then the default rule set: what the conditions benchmark and tests run.</summary>
    public static RuleSet WithConditions() =>
        new("synthetic-conditions", [FeeInMemo, MarketplaceCommission, OldestFirstSplit, .. RuleSet.Default.Rules]);
}
