namespace ReconGrpc.Domain.Reconciliation;

/// <summary>
/// 期初结转 — our balance carried forward to the start of a run, for a customer whose statement states its opening
/// balance (期初余额) while our books hold no opening-balance entry in the run's range: from the second month on, our
/// ledger simply goes on. The run takes it from the ledger (every entry before the start, from the latest opening
/// balance on) and keeps it here, so that its results read the same later, and offers it to the matching as our
/// opening: equal to theirs it matches, apart it is the opening difference (期初差异). It is no ledger entry; as an
/// item of ours it goes by <see cref="ItemId"/>, the negative of its own id, which no ledger entry can have.
/// </summary>
public sealed class CarriedOpening
{
    private CarriedOpening()
    {
    }

    public long Id { get; private set; }

    public long RunId { get; private set; }

    public string CustomerCode { get; private set; } = "";

    /// <summary>ISO 4217 code of the balance (the currency their opening is stated in).</summary>
    public string Currency { get; private set; } = "";

    /// <summary>The run's start: the balance stands at the start of this day.</summary>
    public DateOnly Date { get; private set; }

    /// <summary>Our balance before <see cref="Date"/>, in our convention (positive: the customer owes us).</summary>
    public decimal Amount { get; private set; }

    /// <summary>How a run's results name it among our items.</summary>
    public long ItemId => -Id;

    /// <summary>Whether an item id of ours names a carried opening rather than a ledger entry.</summary>
    public static bool IsCarriedOpening(long ourItemId) => ourItemId < 0;

    /// <summary>The id of the carried opening an item id of ours names.</summary>
    public static long IdOf(long ourItemId) => -ourItemId;

    /// <summary>What a carried opening says of itself where an entry would show its 摘要.</summary>
    public string Memo => $"期初余额 — our balance carried forward to {Date:yyyy-MM-dd}";

    public static CarriedOpening Create(long runId, string customerCode, string currency, DateOnly date, decimal amount) => new()
    {
        RunId = runId,
        CustomerCode = customerCode,
        Currency = currency,
        Date = date,
        Amount = amount,
    };
}
