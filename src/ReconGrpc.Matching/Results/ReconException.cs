using System.Globalization;

namespace ReconGrpc.Matching;

/// <summary>Why an item ended unmatched. Every unmatched item has exactly one.</summary>
/// <remarks>On the wire (recon.v1) the values end in the same names: <c>EXCEPTION_REASON_MISSING_ON_THEIR_SIDE</c> …</remarks>
public enum ExceptionReason
{
    /// <summary>我方有对方无 — ours, with nothing on their side (e.g. an invoice they have not booked yet).</summary>
    MissingOnTheirSide = 1,

    /// <summary>对方有我方无 — theirs, with nothing on our side (e.g. a payment we have not booked yet).</summary>
    MissingOnOurSide = 2,

    /// <summary>金额不符 — paired by key with an item of the other side whose amount differs beyond tolerance.</summary>
    AmountDiffers = 3,

    /// <summary>日期超出范围 — paired by key, amounts agree, but the dates are further apart than the rules allow.</summary>
    DateOutsideWindow = 4,

    /// <summary>重复 — the same document (key, amount, currency) appears again on the same side.</summary>
    Duplicate = 5,

    /// <summary>币种不符 — paired by key with an item of the other side in another currency.</summary>
    CurrencyMismatch = 6,
}

/// <summary>The key a duplicate shares with the item it repeats.</summary>
public enum DuplicateKeyKind
{
    /// <summary>Not a duplicate.</summary>
    None = 0,

    /// <summary>单据号 — the document number.</summary>
    DocumentNumber = 1,

    /// <summary>The reference (when the item has no document number, or under a rule keyed on it).</summary>
    Reference = 2,

    /// <summary>The document token written in the text (摘要).</summary>
    TextToken = 3,
}

/// <summary>What a reason says about the books.</summary>
public static class ExceptionReasons
{
    /// <summary>
    /// Whether items of this reason are booked on both sides, paired with an item of the other side in the same
    /// currency (amount differs, date outside window). In the 余额调节表 such a pair adjusts our balance by its
    /// difference only; any other unmatched item is booked by one side alone and adjusts the other side by its amount.
    /// </summary>
    public static bool BookedOnBothSides(this ExceptionReason reason) => reason is ExceptionReason.AmountDiffers or ExceptionReason.DateOutsideWindow;
}

/// <summary>差异 — an unmatched item and why.</summary>
public sealed class ReconException
{
    internal ReconException(ExceptionReason reason, ReconItem item, ReconItem? counterpart)
    {
        Reason = reason;
        Item = item;
        Counterpart = counterpart;
    }

    /// <summary>Why the item is unmatched.</summary>
    public ExceptionReason Reason { get; }

    /// <summary>The unmatched item.</summary>
    public ReconItem Item { get; }

    /// <summary>Which side the item is on.</summary>
    public Side Side => Item.Side;

    /// <summary>
    /// The item it was paired with: the other side's item for <see cref="ExceptionReason.AmountDiffers"/>,
    /// <see cref="ExceptionReason.DateOutsideWindow"/> and <see cref="ExceptionReason.CurrencyMismatch"/>; the
    /// first occurrence on the same side for <see cref="ExceptionReason.Duplicate"/>; otherwise none.
    /// </summary>
    public ReconItem? Counterpart { get; }

    /// <summary>
    /// For an item missing on the other side, the other side's closest item that is missing too (same customer,
    /// currency and sign, amount within 2 %, date within 31 days): a hint for matching by hand, not a pair — it
    /// changes neither the reason nor the 余额调节表.
    /// </summary>
    public ReconItem? Closest { get; init; }

    /// <summary>For a duplicate, the key it shares with its original; <see cref="DuplicateKeyKind.None"/> otherwise.</summary>
    public DuplicateKeyKind DuplicateKey { get; init; }

    /// <summary>For a duplicate whose original a match holds, that match; otherwise null.</summary>
    public ReconMatch? OriginalMatch { get; init; }

    /// <summary>For a pair across sides, their amount minus ours (in our convention); otherwise null.</summary>
    public decimal? Difference => Counterpart is null || Counterpart.Side == Item.Side || Reason == ExceptionReason.CurrencyMismatch
        ? null
        : TheirItem.Amount - OurItem.Amount;

    /// <summary>For a pair across sides, their date minus ours in days; otherwise null.</summary>
    public int? DayGap => Counterpart is null || Counterpart.Side == Item.Side
        ? null
        : TheirItem.Date.DayNumber - OurItem.Date.DayNumber;

    /// <summary>A sentence an accountant can read: the reason in Chinese, then the items with their amounts in full.</summary>
    public string Explanation => Reason switch
    {
        ExceptionReason.MissingOnTheirSide => Text($"我方已记对方未记 — our item {Item.Id} ({Money(Item.Amount)} {Item.Currency} on {Item.Date:yyyy-MM-dd}) is not on their side.") + Hint,
        ExceptionReason.MissingOnOurSide => Text($"对方已记我方未记 — their item {Item.Id} ({Money(Item.Amount)} {Item.Currency} on {Item.Date:yyyy-MM-dd}) is not on our side.") + Hint,
        ExceptionReason.AmountDiffers when OurItem.IsOpeningBalance && TheirItem.IsOpeningBalance =>
            Text($"期初差异 — our opening balance (item {OurItem.Id}, {Money(OurItem.Amount)}) and theirs (item {TheirItem.Id}, {Money(TheirItem.Amount)}) differ by {Money(Difference ?? 0m)} {Item.Currency}."),
        ExceptionReason.AmountDiffers => Text($"金额不符 — our item {OurItem.Id} ({Money(OurItem.Amount)}) and their item {TheirItem.Id} ({Money(TheirItem.Amount)}) share a key but differ by {Money(Difference ?? 0m)} {Item.Currency}."),
        ExceptionReason.DateOutsideWindow => Text($"日期超窗 — our item {OurItem.Id} ({OurItem.Date:yyyy-MM-dd}) and their item {TheirItem.Id} ({TheirItem.Date:yyyy-MM-dd}) agree in amount ({Money(Item.Amount)} {Item.Currency}) but are {Math.Abs(DayGap ?? 0)} days apart."),
        ExceptionReason.Duplicate => Text($"重复 — {(Side == Side.Ours ? "our" : "their")} item {Item.Id} repeats item {Counterpart?.Id} (same {KeyName(DuplicateKey)}, amount {Money(Item.Amount)} and currency)") + HeldBy + ".",
        _ => Text($"币种不符 — our item {OurItem.Id} is in {OurItem.Currency} ({Money(OurItem.Amount)}), their item {TheirItem.Id} in {TheirItem.Currency} ({Money(TheirItem.Amount)})."),
    };

    private static string KeyName(DuplicateKeyKind key) => key switch
    {
        DuplicateKeyKind.DocumentNumber => "document number",
        DuplicateKeyKind.Reference => "reference",
        DuplicateKeyKind.TextToken => "document in the text",
        _ => "key",
    };

    // The original's match, by its position in the run (the match's sequence) and the items it pairs the original with.
    private string HeldBy
    {
        get
        {
            if (OriginalMatch is not { } match)
            {
                return "";
            }

            var partners = Side == Side.Ours ? match.Theirs : match.Ours;
            var whose = Side == Side.Ours ? "their" : "our";
            return partners.Count == 0
                ? Text($", which match {match.Sequence} ({match.RuleName}) holds")
                : Text($", which match {match.Sequence} ({match.RuleName}) holds with {whose} item{(partners.Count == 1 ? "" : "s")} {string.Join(", ", partners.Select(p => p.Id))}");
        }
    }

    private string Hint => Closest is not { } c
        ? ""
        : Text($" Closest unmatched item of {(c.Side == Side.Ours ? "ours" : "theirs")}: {c.Id} ({Money(c.Amount)} {c.Currency} on {c.Date:yyyy-MM-dd}, {Money(Math.Abs(c.Amount - Item.Amount))} apart) — if it is the same business, match them by hand.");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // Amounts as an accountant writes them: at least two decimals, more only when the amount has them.
    private static string Money(decimal amount) => amount.ToString("0.00##########", CultureInfo.InvariantCulture);

    private ReconItem OurItem => Item.Side == Side.Ours ? Item : Counterpart!;

    private ReconItem TheirItem => Item.Side == Side.Theirs ? Item : Counterpart!;

    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Explanation}";
}
