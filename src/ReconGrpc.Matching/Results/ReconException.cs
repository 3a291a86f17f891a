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

    /// <summary>For a pair across sides, their amount minus ours (in our convention); otherwise null.</summary>
    public decimal? Difference => Counterpart is null || Counterpart.Side == Item.Side || Reason == ExceptionReason.CurrencyMismatch
        ? null
        : TheirItem.Amount - OurItem.Amount;

    /// <summary>For a pair across sides, their date minus ours in days; otherwise null.</summary>
    public int? DayGap => Counterpart is null || Counterpart.Side == Item.Side
        ? null
        : TheirItem.Date.DayNumber - OurItem.Date.DayNumber;

    /// <summary>A sentence an accountant can read.</summary>
    public string Explanation => Reason switch
    {
        ExceptionReason.MissingOnTheirSide => string.Create(CultureInfo.InvariantCulture, $"Our item {Item.Id} ({Item.Amount} {Item.Currency} on {Item.Date:yyyy-MM-dd}) is not on their side."),
        ExceptionReason.MissingOnOurSide => string.Create(CultureInfo.InvariantCulture, $"Their item {Item.Id} ({Item.Amount} {Item.Currency} on {Item.Date:yyyy-MM-dd}) is not on our side."),
        ExceptionReason.AmountDiffers => string.Create(CultureInfo.InvariantCulture, $"Our item {OurItem.Id} and their item {TheirItem.Id} share a key but differ by {Difference} {Item.Currency}."),
        ExceptionReason.DateOutsideWindow => string.Create(CultureInfo.InvariantCulture, $"Our item {OurItem.Id} and their item {TheirItem.Id} agree in amount but are {Math.Abs(DayGap ?? 0)} days apart."),
        ExceptionReason.Duplicate => string.Create(CultureInfo.InvariantCulture, $"{(Side == Side.Ours ? "Our" : "Their")} item {Item.Id} repeats item {Counterpart?.Id} (same key, amount and currency)."),
        _ => string.Create(CultureInfo.InvariantCulture, $"Our item {OurItem.Id} is in {OurItem.Currency}, their item {TheirItem.Id} in {TheirItem.Currency}."),
    };

    private ReconItem OurItem => Item.Side == Side.Ours ? Item : Counterpart!;

    private ReconItem TheirItem => Item.Side == Side.Theirs ? Item : Counterpart!;

    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Explanation}";
}
