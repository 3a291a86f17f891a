namespace ReconGrpc.Matching;

/// <summary>A text field of an item that a rule's condition reads.</summary>
public enum TextField
{
    /// <summary>摘要 — <see cref="ReconItem.Text"/>: where banks and ledgers write what a line is for (a fee, a reversal, a remark).</summary>
    Text = 0,

    /// <summary><see cref="ReconItem.Reference"/>: a payment reference, batch or serial.</summary>
    Reference = 1,

    /// <summary>付款人/收款人 — <see cref="ReconItem.CounterpartyName"/>, as the line names the other party.</summary>
    CounterpartyName = 2,

    /// <summary>单据号 — <see cref="ReconItem.DocumentNumber"/>, as written (a prefix such as <c>CN-</c> tells a credit note).</summary>
    DocumentNumber = 3,
}

/// <summary>How a <see cref="TextCondition"/> compares a field with its pattern.</summary>
public enum TextOperator
{
    /// <summary>
    /// The field holds the pattern. Case is ignored and full-width letters, digits and signs count as their ASCII
    /// forms (<c>ＦＥＥ</c> holds <c>fee</c>); unlike keys, spaces and punctuation are kept, so a pattern is found as
    /// written. An empty field holds nothing.
    /// </summary>
    Contains = 0,

    /// <summary>The field does not hold the pattern (compared as <see cref="Contains"/>); an empty field passes.</summary>
    NotContains = 1,

    /// <summary>
    /// The field matches a .NET regular expression, culture-invariant and case-sensitive unless the pattern says
    /// <c>(?i)</c>. An empty field is matched as the empty string. A field that takes longer than
    /// <see cref="TextCondition.RegexTimeout"/> to match does not satisfy the condition.
    /// </summary>
    Regex = 2,
}

/// <summary>
/// A condition on a text field of the items of one side: under the rule, every item of that side in a match must
/// satisfy it. Lets a rule take only the lines it is meant for — bank charges whose 摘要 says 手续费, lines of one
/// payer, everything except lines marked 冲销 — so a specific rule (its own tolerance, write-off or reason code)
/// does not catch ordinary lines, and ordinary rules can leave these to it.
/// </summary>
/// <param name="Side">Whose items the condition reads.</param>
/// <param name="Field">Which field.</param>
/// <param name="Operator">Contains, does not contain, or matches a regular expression.</param>
/// <param name="Pattern">The text or regular expression, 1 to <see cref="MaxPatternLength"/> characters.</param>
public sealed record TextCondition(Side Side, TextField Field, TextOperator Operator, string Pattern)
{
    /// <summary>The longest pattern allowed: a condition is a phrase or a short expression, not a document.</summary>
    public const int MaxPatternLength = 200;

    /// <summary>
    /// How long one field may take to match a regular expression: a badly written pattern (nested repetition) cannot
    /// hold a run of a million items hostage; such a field simply does not satisfy the condition.
    /// </summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc />
    public override string ToString() => $"{Side}.{Field} {Operator} '{Pattern}'";
}

/// <summary>
/// An amount written in a text field — a bank charge in the memo (<c>手续费5.00</c>, <c>fee 12.50</c>) — that the
/// other side deducted: under the rule, that side's item is compared as if it had not been deducted (its magnitude
/// plus the amount read, its sign kept), so 995.00 received with "手续费5.00" matches our 1,000.00 receipt. The
/// match's <see cref="ReconMatch.Difference"/> stays the true difference (their total less ours), which a
/// write-off then books. An item of that side whose field holds no readable amount does not match under the rule.
/// In a grouped rule each item of that side carries its own amount (a payout of several charged transfers).
/// </summary>
/// <param name="Side">Whose items carry the amount in their text (usually theirs: the bank's line).</param>
/// <param name="Field">Which field holds it.</param>
/// <param name="Pattern">
/// A .NET regular expression (culture-invariant, case-sensitive unless it says <c>(?i)</c>) whose group named
/// <c>amount</c>, or else its first group, captures the amount: e.g. <c>手续费\s*(?&lt;amount&gt;[\d,.]+)</c>. The
/// captured text may use thousands separators (<c>1,234.50</c>) and full-width digits (<c>５．００</c>); a sign is
/// ignored (the amount is always added to the item's magnitude). At most four decimals.
/// </param>
public sealed record TextAmount(Side Side, TextField Field, string Pattern)
{
    /// <inheritdoc />
    public override string ToString() => $"amount from {Side}.{Field} '{Pattern}'";
}

/// <summary>
/// Which partners (customers) a rule is for: customers named one by one, customer categories (客户分类), or both. A
/// match holds when every item's customer is listed or falls in a listed category; an item of theirs without a
/// customer (a bank line whose payer was not resolved) is decided by the match's items of ours, which always have
/// one. Lets a rule apply a looser tolerance, another allocation order or a write-off to the partners it suits
/// (a marketplace, the key accounts, one group of distributors) without touching the others.
/// </summary>
/// <remarks>An empty condition (no customers, no categories) is refused by <see cref="RuleSet.Validate"/>; leave
/// <see cref="MatchRule.Partners"/> null for a rule that is for every partner.</remarks>
public sealed record PartnerCondition
{
    /// <summary>
    /// Customers by key (<see cref="ReconItem.CustomerKey"/>, compared as keys are: case, width and punctuation
    /// ignored).
    /// </summary>
    public IReadOnlyList<string> Customers { get; init; } = [];

    /// <summary>
    /// Category codes (<see cref="ReconItem.CustomerCategory"/>). A category includes its descendants: by the coding
    /// scheme their codes start with its code (<c>01</c> holds <c>0101</c> and <c>010203</c>), compared ignoring case.
    /// </summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"partners [{string.Join(", ", Customers)}] categories [{string.Join(", ", Categories)}]";
}

/// <summary>Whether a rule pairs items of one currency only or across currencies.</summary>
public enum CurrencyMode
{
    /// <summary>Both sides in the same currency, amounts compared as they are (every rule before cross-currency rules existed).</summary>
    SameOnly = 0,

    /// <summary>
    /// Our item in one currency, theirs in another, both converted to <see cref="ReconcileOptions.BaseCurrency"/>
    /// with <see cref="ReconcileOptions.ExchangeRates"/> and compared within
    /// <see cref="CurrencyCondition.RateTolerancePercent"/>. Pairs in one currency are left to the other rules.
    /// </summary>
    Across = 1,
}

/// <summary>
/// How a rule treats currencies. Default: the same currency only. Across currencies (one to one only): a USD
/// invoice of ours settled by a CNY receipt on their side (a customer paying in its own currency) matches when both,
/// converted to the base currency at the latest rate on or before each item's date, agree within
/// <see cref="RateTolerancePercent"/> of our converted amount; the match exposes the exchange difference
/// (<see cref="ReconMatch.ExchangeDifference"/>, 汇兑损益) in the base currency. An item whose currency has no rate on
/// or before its date does not match across currencies.
/// </summary>
/// <param name="Mode">Same currency only, or across currencies.</param>
/// <param name="RateTolerancePercent">
/// For <see cref="CurrencyMode.Across"/>: how far apart the converted amounts may be, as a percentage of ours
/// (0 to below 100, at most four decimals; rates move between the dates the two sides booked). Zero for
/// <see cref="CurrencyMode.SameOnly"/>.
/// </param>
public sealed record CurrencyCondition(CurrencyMode Mode, decimal RateTolerancePercent)
{
    /// <summary>Items of one currency only (the default).</summary>
    public static CurrencyCondition SameOnly { get; } = new(CurrencyMode.SameOnly, 0m);

    /// <summary>Across currencies, converted amounts within <paramref name="percent"/> % of ours.</summary>
    public static CurrencyCondition Across(decimal percent) => new(CurrencyMode.Across, percent);

    /// <inheritdoc />
    public override string ToString() => Mode == CurrencyMode.SameOnly ? "same currency" : $"across currencies within {RateTolerancePercent}%";
}

/// <summary>
/// Which candidates a rule takes first when several could pair (核销顺序). Whatever the order, the result is the same
/// for any input order and thread count: every ranking ends in ids.
/// </summary>
public enum Allocation
{
    /// <summary>
    /// The nearest date, then the nearest amount, then the lowest ids (the engine's tie-break; groups: the smallest
    /// group of the nearest candidates).
    /// </summary>
    Nearest = 0,

    /// <summary>
    /// 先进先出 — the oldest items first, as T3 and ERPNext settle receipts against the oldest open invoices. One to
    /// one: pairs ranked by the earlier of their two dates, then the later, then the nearest amount and the ids.
    /// Grouped: anchors in date order, candidates oldest first, and of the groups of the smallest size the one of the
    /// oldest candidates wins.
    /// </summary>
    OldestFirst = 1,

    /// <summary>
    /// The newest items first (a payment settling the latest invoice, as some customers instruct). One to one: pairs
    /// ranked by the later of their dates, newest first, then the earlier, newest first. Grouped: anchors newest
    /// first, candidates newest first.
    /// </summary>
    NewestFirst = 2,
}
