namespace ReconGrpc.Domain.Reconciliation;

/// <summary>Where a run is.</summary>
public enum RunStatus
{
    Pending = 1,
    Running = 2,
    Completed = 3,
    Cancelled = 4,
    Failed = 5,
    /// <summary>The server stopped while the run was going; it can be restarted.</summary>
    Interrupted = 6,
}

/// <summary>
/// 对账任务 — one reconciliation of our ledger entries in a date range against one or more statements, with the
/// rule set version it used. Its matches and exceptions are stored as they are decided; the counts here always
/// equal what is stored, because both are written in the same transaction.
/// </summary>
public sealed class ReconciliationRun
{
    public const int MaxStatements = 50;

    private ReconciliationRun()
    {
    }

    public long Id { get; private set; }

    /// <summary>The customer reconciled; null for every customer.</summary>
    public string? CustomerCode { get; private set; }

    /// <summary>The category (客户分类) whose customers, with its descendants', the run covers; null when not scoped by one.</summary>
    public string? CategoryCode { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    /// <summary>The statements reconciled against, comma-separated ids in ascending order.</summary>
    public string StatementIds { get; private set; } = "";

    public string RuleSetName { get; private set; } = "";

    public int RuleSetVersion { get; private set; }

    /// <summary>What they say they owe us at the end date, in our convention; null when not given.</summary>
    public decimal? TheirClosingBalance { get; private set; }

    public RunStatus Status { get; private set; }

    public string? Error { get; private set; }

    public string StartedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Matches the engine decided that are stored so far.</summary>
    public int StoredMatches { get; private set; }

    /// <summary>Exceptions the engine explained that are stored so far (stored only after every match is).</summary>
    public int StoredExceptions { get; private set; }

    /// <summary>The run's figures and 余额调节表 as JSON, once completed.</summary>
    public string? SummaryJson { get; private set; }

    /// <summary>
    /// A dry run: matched and explained as a real run and streamed to whoever watches, but only this row is kept —
    /// its figures and its comparison with the last real run of its scope. It never stands for the reconciliation of
    /// its period (month-end board, statements, reports, period confirmations, carried decisions all pass it by).
    /// </summary>
    public bool DryRun { get; private set; }

    /// <summary>What a completed dry run changed against the real run it was compared with, as JSON; null otherwise.</summary>
    public string? ComparisonJson { get; private set; }

    /// <summary>What the caller should know before trusting the result (a statement that barely overlaps the period), one per line; null for none.</summary>
    public string? Warnings { get; private set; }

    /// <summary>The warnings, one each.</summary>
    public IReadOnlyList<string> WarningList => Warnings is null ? [] : Warnings.Split('\n');

    /// <summary>The most characters the warnings of a run keep.</summary>
    public const int MaxWarningsLength = 4000;

    /// <summary>Records what the caller should know before trusting the result.</summary>
    public void Warn(IEnumerable<string> warnings)
    {
        var text = string.Join('\n', warnings.Select(w => w.Replace('\n', ' ').Trim()).Where(w => w.Length > 0));
        Warnings = text.Length == 0 ? null : text.Length > MaxWarningsLength ? text[..MaxWarningsLength] : text;
    }

    public IReadOnlyList<long> StatementIdList =>
        [.. StatementIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];

    public bool IsFinished => Status is RunStatus.Completed or RunStatus.Cancelled or RunStatus.Failed or RunStatus.Interrupted;

    public static ReconciliationRun Create(string? customerCode, DateOnly startDate, DateOnly endDate, IReadOnlyCollection<long> statementIds,
        string ruleSetName, int ruleSetVersion, decimal? theirClosingBalance, string startedBy, DateTimeOffset now, string? categoryCode = null, bool dryRun = false)
    {
        if (!string.IsNullOrWhiteSpace(customerCode) && !string.IsNullOrWhiteSpace(categoryCode))
        {
            throw RuleViolation.Invalid("run.scope", "Give a customer or a category to reconcile, not both.");
        }

        AccountingDates.Check(startDate, "run.date_range", "The start date");
        AccountingDates.Check(endDate, "run.date_range", "The end date");
        if (theirClosingBalance is { } closing)
        {
            Amounts.Check(closing, "run.closing_balance_range", "Their closing balance");
        }

        if (endDate < startDate)
        {
            throw RuleViolation.Invalid("run.dates", $"The end date {endDate:yyyy-MM-dd} is before the start date {startDate:yyyy-MM-dd}.");
        }

        if (statementIds.Count == 0)
        {
            throw RuleViolation.Invalid("run.statements", "Name at least one statement to reconcile against.");
        }

        if (statementIds.Count > MaxStatements)
        {
            throw RuleViolation.Invalid("run.statements", $"A run takes at most {MaxStatements} statements.");
        }

        return new ReconciliationRun
        {
            CustomerCode = string.IsNullOrWhiteSpace(customerCode) ? null : customerCode.Trim(),
            CategoryCode = string.IsNullOrWhiteSpace(categoryCode) ? null : categoryCode.Trim(),
            StartDate = startDate,
            EndDate = endDate,
            StatementIds = string.Join(',', statementIds.Distinct().Order()),
            RuleSetName = ruleSetName,
            RuleSetVersion = ruleSetVersion,
            TheirClosingBalance = theirClosingBalance,
            Status = RunStatus.Pending,
            StartedBy = startedBy,
            CreatedAt = now,
            DryRun = dryRun,
        };
    }

    /// <summary>Whether the run covers any day of [start, end].</summary>
    public bool Overlaps(DateOnly start, DateOnly end) => StartDate <= end && start <= EndDate;

    /// <summary>Clears what a previous attempt left so the run can go again with the same scope and rules.</summary>
    public void Restart()
    {
        if (Status is not (RunStatus.Interrupted or RunStatus.Failed or RunStatus.Cancelled))
        {
            throw RuleViolation.FailedPrecondition("run.not_restartable",
                $"Run {Id} is {Status.ToString().ToLowerInvariant()}; only an interrupted, failed or cancelled run can be restarted.");
        }

        Status = RunStatus.Pending;
        Error = null;
        EndedAt = null;
        StoredMatches = 0;
        StoredExceptions = 0;
        SummaryJson = null;
        ComparisonJson = null;
    }

    /// <summary>
    /// Takes over a run an instance that stopped or died left pending or running: its partial results are gone, and it
    /// starts again from the beginning, as pending, on the instance that took it.
    /// </summary>
    public void TakeOver()
    {
        if (IsFinished)
        {
            throw RuleViolation.FailedPrecondition("run.finished", $"Run {Id} is {Status.ToString().ToLowerInvariant()}; only an unfinished run can be taken over.");
        }

        Status = RunStatus.Pending;
        StoredMatches = 0;
        StoredExceptions = 0;
    }

    public void MarkRunning()
    {
        if (Status != RunStatus.Pending)
        {
            throw RuleViolation.FailedPrecondition("run.not_pending", $"Run {Id} is {Status.ToString().ToLowerInvariant()}; only a pending run can start.");
        }

        Status = RunStatus.Running;
    }

    public void Complete(string summaryJson, DateTimeOffset now, string? comparisonJson = null)
    {
        Status = RunStatus.Completed;
        SummaryJson = summaryJson;
        ComparisonJson = DryRun ? comparisonJson : null;
        EndedAt = now;
    }

    /// <summary>Ends the run without results (cancelled, failed or interrupted): what it stored is removed with it.</summary>
    public void EndWithoutResults(RunStatus status, string? error, DateTimeOffset now)
    {
        if (status is not (RunStatus.Cancelled or RunStatus.Failed or RunStatus.Interrupted))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Only cancelled, failed or interrupted end a run without results.");
        }

        Status = status;
        Error = error is { Length: > 1000 } ? error[..1000] : error;
        EndedAt = now;
        StoredMatches = 0;
        StoredExceptions = 0;
        SummaryJson = null;
        ComparisonJson = null;
    }

    /// <summary>Replaces the figures after a person's decision changed them.</summary>
    public void ReviseSummary(string summaryJson)
    {
        RequireCompleted();
        SummaryJson = summaryJson;
    }

    public void RequireCompleted()
    {
        RequireReal("its matches can be decided");
        if (Status != RunStatus.Completed)
        {
            throw RuleViolation.FailedPrecondition("run.not_completed",
                $"Run {Id} is {Status.ToString().ToLowerInvariant()}; matches can be changed only on a completed run.");
        }
    }

    /// <summary>Refuses a dry run where only a real run will do: a dry run keeps no matches and stands for nothing.</summary>
    /// <param name="what">What the caller wanted of the run, as "… only of a real run": e.g. "it can back a confirmation".</param>
    public void RequireReal(string what)
    {
        if (DryRun)
        {
            throw RuleViolation.FailedPrecondition("run.dry_run",
                $"Run {Id} is a dry run: it kept only its figures and its comparison, so {what} only for a real run. " +
                "Start the run again without --dry-run (dry_run false) to keep its results.");
        }
    }
}
