using System.Globalization;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching.Settlement;

namespace ReconGrpc.Domain.Platforms;

/// <summary>Where a three-way run stands.</summary>
public enum SettlementRunStatus
{
    Running = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>
/// 三方对账 — a shop's orders against the payment platform's bill, and the bill's payouts against our bank statement,
/// for one period. Its items and figures are stored with it, so it reads the same later whatever is imported since.
/// </summary>
public sealed class SettlementRun
{
    public const int MaxFailureLength = 2000;

    private SettlementRun()
    {
    }

    public long Id { get; private set; }

    /// <summary>The shop's orders (a statement of kind shop orders).</summary>
    public long OrdersStatementId { get; private set; }

    /// <summary>The payment platform's bill (a statement of kind platform bill).</summary>
    public long BillStatementId { get; private set; }

    /// <summary>Our bank statement that receives the payouts; null when the run stops at the bill.</summary>
    public long? BankStatementId { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    /// <summary>The platform as a customer of ours (应收账款—支付宝), whom the fees are booked against.</summary>
    public string? CustomerCode { get; private set; }

    /// <summary>How many days after a payout the bank may book it.</summary>
    public int PayoutDays { get; private set; }

    public SettlementRunStatus Status { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public string StartedBy { get; private set; } = "";

    public string? Failure { get; private set; }

    public int ItemCount { get; private set; }

    public int ExceptionCount { get; private set; }

    public SettlementPeriod Period => new(StartDate, EndDate, PayoutDays);

    public static SettlementRun Start(long ordersStatementId, long billStatementId, long? bankStatementId, DateOnly startDate, DateOnly endDate,
        string? customerCode, int? payoutDays, string startedBy, DateTimeOffset now)
    {
        AccountingDates.Check(startDate, "settlement_run.start_date", "The start date");
        AccountingDates.Check(endDate, "settlement_run.end_date", "The end date");
        if (endDate < startDate)
        {
            throw RuleViolation.Invalid("settlement_run.period", $"The period ends on {endDate:yyyy-MM-dd}, before it starts on {startDate:yyyy-MM-dd}.");
        }

        if (ordersStatementId == billStatementId || bankStatementId == ordersStatementId || bankStatementId == billStatementId)
        {
            throw RuleViolation.Invalid("settlement_run.statements", "The orders, the platform's bill and the bank statement are three different statements.");
        }

        if (payoutDays is < 0 or > 31)
        {
            throw RuleViolation.Invalid("settlement_run.payout_days", "A payout reaches the bank within 0 to 31 days; give a number in that range.");
        }

        return new SettlementRun
        {
            OrdersStatementId = ordersStatementId,
            BillStatementId = billStatementId,
            BankStatementId = bankStatementId,
            StartDate = startDate,
            EndDate = endDate,
            CustomerCode = string.IsNullOrWhiteSpace(customerCode) ? null : customerCode.Trim(),
            PayoutDays = payoutDays ?? SettlementPeriod.DefaultPayoutDays,
            Status = SettlementRunStatus.Running,
            StartedAt = now,
            StartedBy = startedBy,
        };
    }

    public void Complete(int items, int exceptions, DateTimeOffset now)
    {
        Status = SettlementRunStatus.Completed;
        ItemCount = items;
        ExceptionCount = exceptions;
        CompletedAt = now;
    }

    /// <summary>The run ended without its results: cancelled by its caller, or failed with a reason. A run that ended already keeps how it ended.</summary>
    public void End(bool cancelled, string? failure, DateTimeOffset now)
    {
        if (Status != SettlementRunStatus.Running)
        {
            return;
        }

        Status = cancelled ? SettlementRunStatus.Cancelled : SettlementRunStatus.Failed;
        Failure = failure is null ? null : failure[..Math.Min(failure.Length, MaxFailureLength)];
        CompletedAt = now;
    }
}

/// <summary>One item of a three-way run and how it ends (an order, a bill line, a payout or a bank line).</summary>
public sealed class SettlementRunItem
{
    private SettlementRunItem()
    {
    }

    public long RunId { get; private set; }

    /// <summary>Position in the run from 0: the period's orders by date, then bill lines, payouts and bank lines.</summary>
    public int Sequence { get; private set; }

    public SettlementSubject Subject { get; private set; }

    public long LineId { get; private set; }

    public SettlementOutcome Outcome { get; private set; }

    public string Currency { get; private set; } = "";

    public decimal Amount { get; private set; }

    public decimal Difference { get; private set; }

    /// <summary>The lines it was found with, comma-separated, in the order found.</summary>
    public string Related { get; private set; } = "";

    public string? Explanation { get; private set; }

    public bool IsException => Outcome.IsException();

    public IReadOnlyList<long> RelatedIds => IdList.Parse(Related);

    public static SettlementRunItem Of(long runId, int sequence, SettlementItem item) => new()
    {
        RunId = runId,
        Sequence = sequence,
        Subject = item.Subject,
        LineId = item.LineId,
        Outcome = item.Outcome,
        Currency = item.Currency,
        Amount = item.Amount,
        Difference = item.Difference,
        Related = item.Related.Length == 0 ? "" : IdList.Format(item.Related),
        Explanation = item.Explanation,
    };
}

/// <summary>A three-way run's figures in one currency, and the ledger entry its fees were booked with.</summary>
public sealed class SettlementRunTotal
{
    private SettlementRunTotal()
    {
    }

    public long RunId { get; private set; }

    public string Currency { get; private set; } = "";

    public int Orders { get; private set; }

    public decimal OrderAmount { get; private set; }

    public int Settled { get; private set; }

    public int Refunded { get; private set; }

    public int Open { get; private set; }

    public int SettledAfterPeriod { get; private set; }

    public int AmountDiffers { get; private set; }

    public decimal Sales { get; private set; }

    public decimal Refunds { get; private set; }

    public decimal Fees { get; private set; }

    public int FeeLines { get; private set; }

    public decimal Payouts { get; private set; }

    public int PayoutCount { get; private set; }

    public decimal PayoutsOnBank { get; private set; }

    public decimal InTransit { get; private set; }

    public int Exceptions { get; private set; }

    /// <summary>The ledger entry that booked <see cref="Fees"/>; null until they are booked.</summary>
    public long? FeesEntryId { get; private set; }

    public static SettlementRunTotal Of(long runId, SettlementTotals totals) => new()
    {
        RunId = runId,
        Currency = totals.Currency,
        Orders = totals.Orders,
        OrderAmount = totals.OrderAmount,
        Settled = totals.Settled,
        Refunded = totals.Refunded,
        Open = totals.Open,
        SettledAfterPeriod = totals.SettledAfterPeriod,
        AmountDiffers = totals.AmountDiffers,
        Sales = totals.Sales,
        Refunds = totals.Refunds,
        Fees = totals.Fees,
        FeeLines = totals.FeeLines,
        Payouts = totals.Payouts,
        PayoutCount = totals.PayoutCount,
        PayoutsOnBank = totals.PayoutsOnBank,
        InTransit = totals.InTransit,
        Exceptions = totals.Exceptions,
    };

    public void FeesBookedBy(long entryId)
    {
        if (FeesEntryId is { } booked)
        {
            throw RuleViolation.FailedPrecondition("settlement_run.fees_booked",
                $"The run's {Currency} fees are booked already, by ledger entry {booked.ToString(CultureInfo.InvariantCulture)}.");
        }

        FeesEntryId = entryId;
    }
}
