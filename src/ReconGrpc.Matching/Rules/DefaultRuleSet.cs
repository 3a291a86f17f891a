namespace ReconGrpc.Matching;

/// <summary>
/// 默认规则集 — the rules a run uses when none is named. Strong keys first, so cheap and certain matches take
/// their items out of the pool before the weaker, costlier rules look at what is left; tolerance and grouped
/// matches found without a document key are only proposed.
/// </summary>
public static class DefaultRuleSet
{
    /// <summary>The name of the default rule set.</summary>
    public const string Name = "default";

    /// <summary>How far apart the two sides may date the same document (booking and value dates, month-end cut-off).</summary>
    public const int DocumentWindowDays = 31;

    /// <summary>Creates the default rule set.</summary>
    public static RuleSet Create()
    {
        var doc = KeyPair.Same(KeyField.DocumentNumber);
        var docInReference = new KeyPair(KeyField.DocumentNumber, KeyField.Reference);
        var docInText = new KeyPair(KeyField.DocumentNumber, KeyField.TextToken);
        var reference = KeyPair.Same(KeyField.Reference);
        var customer = KeyPair.Same(KeyField.Customer);
        var documentWindow = DateWindow.Within(DocumentWindowDays);

        return new RuleSet(Name,
        [
            // The exact-key stage: same document number, same amount.
            new MatchRule { Name = "document-exact", Keys = [doc], Window = documentWindow },
            // Bank and platform lines carry our document number in their reference or their text.
            new MatchRule { Name = "document-in-reference", Keys = [docInReference], Window = documentWindow },
            new MatchRule { Name = "reference-exact", Keys = [reference], Window = documentWindow },
            new MatchRule { Name = "document-in-text", Keys = [docInText], Window = documentWindow },
            // Same document, small difference (bank charges, rounding): a person decides.
            new MatchRule
            {
                Name = "document-tolerance", Keys = [doc], Amount = AmountCondition.WithinPercent(1m),
                Window = documentWindow, Decision = MatchDecision.Proposed,
            },
            new MatchRule
            {
                Name = "document-in-reference-tolerance", Keys = [docInReference], Amount = AmountCondition.WithinPercent(1m),
                Window = documentWindow, Decision = MatchDecision.Proposed,
            },
            // A settlement batch (platform payout, 汇总结算) shares its reference with the orders, refunds and fees it nets.
            new MatchRule
            {
                Name = "settlement-many-to-one", Keys = [reference], Window = documentWindow,
                Cardinality = Cardinality.ManyToOne, MaxGroupSize = 200,
            },
            new MatchRule
            {
                Name = "settlement-one-to-many", Keys = [reference], Window = documentWindow,
                Cardinality = Cardinality.OneToMany, MaxGroupSize = 200,
            },
            // No shared document: same customer, same amount, a few days apart.
            new MatchRule { Name = "customer-amount-date", Keys = [customer], Window = DateWindow.Within(3) },
            // One payment for several invoices, one invoice paid in parts: bounded subset-sum within the customer.
            new MatchRule
            {
                Name = "customer-split-many-to-one", Keys = [customer], Window = DateWindow.Within(5),
                Cardinality = Cardinality.ManyToOne, MaxGroupSize = 5, MaxCandidates = 16, Decision = MatchDecision.Proposed,
            },
            new MatchRule
            {
                Name = "customer-split-one-to-many", Keys = [customer], Window = DateWindow.Within(5),
                Cardinality = Cardinality.OneToMany, MaxGroupSize = 5, MaxCandidates = 16, Decision = MatchDecision.Proposed,
            },
            new MatchRule
            {
                Name = "customer-tolerance", Keys = [customer], Amount = AmountCondition.Within(1m),
                Window = DateWindow.Within(5), Decision = MatchDecision.Proposed,
            },
            // Last resort for lines that name neither document nor customer.
            new MatchRule
            {
                Name = "amount-date", Window = DateWindow.Within(3), Decision = MatchDecision.Proposed,
            },
        ]);
    }
}
