namespace ReconGrpc.Domain.Reconciliation;

/// <summary>
/// A customer's period: either the customer's confirmation of it (对账确认: who at the customer confirmed and
/// when) or our lock on it (no more runs, match changes or postings in it).
/// </summary>
public sealed class PeriodRecord
{
    public const int MaxTextLength = 200;

    private PeriodRecord()
    {
    }

    public long Id { get; private set; }

    public string CustomerCode { get; private set; } = "";

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    public bool Locked { get; private set; }

    /// <summary>For a confirmation, the person at the customer who confirmed.</summary>
    public string? ConfirmedBy { get; private set; }

    /// <summary>When the customer confirmed, or when the lock was set.</summary>
    public DateTimeOffset Time { get; private set; }

    /// <summary>The API key that recorded it.</summary>
    public string RecordedBy { get; private set; } = "";

    /// <summary>The person the recording key acted for.</summary>
    public string? RecordedFor { get; private set; }

    public long? RunId { get; private set; }

    public string? Note { get; private set; }

    /// <summary>For a confirmation, the balance the customer confirmed, in our convention.</summary>
    public decimal? ConfirmedBalance { get; private set; }

    /// <summary>For a lock lifted (反结账): when.</summary>
    public DateTimeOffset? UnlockedAt { get; private set; }

    /// <summary>Who lifted the lock (API key id).</summary>
    public string? UnlockedBy { get; private set; }

    /// <summary>The person who lifted the lock.</summary>
    public string? UnlockedFor { get; private set; }

    /// <summary>Why the lock was lifted.</summary>
    public string? UnlockReason { get; private set; }

    /// <summary>Whether this is a lock that still holds.</summary>
    public bool HoldsLock => Locked && UnlockedAt is null;

    public bool Covers(DateOnly date) => StartDate <= date && date <= EndDate;

    /// <summary>
    /// 反结账 — lifts the lock. It stays on record with who lifted it, when and why; a lock is never deleted, so the
    /// history shows every time a closed period was opened again.
    /// </summary>
    public void Unlock(Access.Actor unlockedBy, DateTimeOffset now, string reason)
    {
        if (!Locked)
        {
            throw RuleViolation.FailedPrecondition("period.not_a_lock",
                $"Record {Id} of customer '{CustomerCode}' is a confirmation, not a lock; there is nothing to unlock.");
        }

        if (UnlockedAt is not null)
        {
            throw RuleViolation.FailedPrecondition("period.already_unlocked",
                $"The lock of customer '{CustomerCode}' on {StartDate:yyyy-MM-dd} to {EndDate:yyyy-MM-dd} was lifted at {UnlockedAt:yyyy-MM-dd HH:mm} by {UnlockedBy}.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RuleViolation.Invalid("period.reason_required", "Say why the lock is lifted; it is kept in the audit log.");
        }

        UnlockedAt = now;
        UnlockedBy = unlockedBy.KeyId;
        UnlockedFor = unlockedBy.Person;
        UnlockReason = Clean(reason);
    }

    public bool Overlaps(DateOnly start, DateOnly end) => StartDate <= end && start <= EndDate;

    public static PeriodRecord Confirmation(string customerCode, DateOnly start, DateOnly end, string confirmedBy, DateTimeOffset confirmedAt,
        Access.Actor recordedBy, long? runId, decimal? confirmedBalance, string? note)
    {
        Check(start, end);
        if (confirmedBalance is { } balance)
        {
            Amounts.Check(balance, "period.confirmed_balance_range", "The confirmed balance");
        }

        if (string.IsNullOrWhiteSpace(confirmedBy) || confirmedBy.Trim().Length > MaxTextLength)
        {
            throw RuleViolation.Invalid("period.confirmed_by", $"Say who at the customer confirmed the period (1 to {MaxTextLength} characters).");
        }

        return new PeriodRecord
        {
            CustomerCode = customerCode,
            StartDate = start,
            EndDate = end,
            ConfirmedBy = confirmedBy.Trim(),
            Time = confirmedAt,
            RecordedBy = recordedBy.KeyId,
            RecordedFor = recordedBy.Person,
            RunId = runId,
            ConfirmedBalance = confirmedBalance,
            Note = Clean(note),
        };
    }

    public static PeriodRecord Lock(string customerCode, DateOnly start, DateOnly end, Access.Actor recordedBy, DateTimeOffset now, string reason)
    {
        Check(start, end);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RuleViolation.Invalid("period.reason_required", "Say why the period is locked; it is kept in the audit log.");
        }

        return new PeriodRecord
        {
            CustomerCode = customerCode,
            StartDate = start,
            EndDate = end,
            Locked = true,
            Time = now,
            RecordedBy = recordedBy.KeyId,
            RecordedFor = recordedBy.Person,
            Note = Clean(reason),
        };
    }

    /// <summary>The error for a change that falls in this locked period.</summary>
    public RuleViolation Refusal(string what) => RuleViolation.FailedPrecondition("period.locked",
        $"Customer '{CustomerCode}' has its period {StartDate:yyyy-MM-dd} to {EndDate:yyyy-MM-dd} locked; {what} is no longer possible.");

    private static void Check(DateOnly start, DateOnly end)
    {
        AccountingDates.Check(start, "period.date_range", "The start date");
        AccountingDates.Check(end, "period.date_range", "The end date");
        if (end < start)
        {
            throw RuleViolation.Invalid("period.dates", $"The period ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).");
        }
    }

    private static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim() is var t && t.Length > MaxTextLength ? t[..MaxTextLength] : text.Trim();
}
