using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reports;

/// <summary>
/// Reads a reconciliation report (<see cref="ReconciliationReport"/>) from one read-only snapshot. The runs are those
/// of each customer alone, completed, whose dates fall within the period or cover it, the latest of each date range
/// (a run done again replaces the earlier one). Runs over a category or every customer are left out, as the month-end
/// board leaves them out: their 余额调节表 adds all their customers together. Matches and exceptions are summed while
/// they are read, per run, reason and currency, never held.
/// </summary>
public sealed class ReconciliationReportQuery(IDbContextFactory<ReconDbContext> contexts, StatementOptions options, TimeProvider clock)
{
    /// <summary>How many ids go in one query's list: well inside every provider's limits.</summary>
    private const int Chunk = 500;

    /// <param name="customerCode">One customer, or null for <paramref name="categoryCode"/>'s.</param>
    public async Task<ReconciliationReport> ReadAsync(string? customerCode, string? categoryCode, int year, int month, DateOnly start, DateOnly end,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);

        string scope;
        IQueryable<string> inScope;
        int scopeSize;
        if (customerCode is not null)
        {
            var trimmed = customerCode.Trim();
            var customer = await db.Customers.AsNoTracking().Where(c => c.Code == trimmed).Select(c => new { c.Code, c.Name }).SingleOrDefaultAsync(cancellationToken)
                ?? throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(trimmed)}'.");
            scope = $"客户 {customer.Code} {customer.Name}";
            var code = customer.Code;
            inScope = db.Customers.Where(c => c.Code == code).Select(c => c.Code);
            scopeSize = 1;
        }
        else
        {
            var category = await CategoryScope.OfAsync(db, categoryCode!, cancellationToken);
            var trimmed = categoryCode!.Trim();
            var name = await db.Categories.AsNoTracking().Where(c => c.Code == trimmed).Select(c => c.Name).SingleAsync(cancellationToken);
            scope = $"分类 {trimmed} {name}（含下级分类）";
            inScope = category.CustomerCodes(db);
            scopeSize = await inScope.CountAsync(cancellationToken);
        }

        var candidates = db.Runs.Where(r => r.Status == RunStatus.Completed && !r.DryRun && r.CustomerCode != null && inScope.Contains(r.CustomerCode)
            && ((start <= r.StartDate && r.EndDate <= end) || (r.StartDate <= start && end <= r.EndDate)));
        var latest = candidates.GroupBy(r => new { r.CustomerCode, r.StartDate, r.EndDate }).Select(g => g.Max(r => r.Id));
        var runs = await db.Runs.AsNoTracking().Where(r => latest.Contains(r.Id))
            .Select(r => new { r.Id, CustomerCode = r.CustomerCode!, r.StartDate, r.EndDate, r.EndedAt, r.RuleSetName, r.RuleSetVersion, r.SummaryJson })
            .ToListAsync(cancellationToken);
        var runIds = runs.Select(r => r.Id).ToList();

        var matched = new Dictionary<(long Run, string Currency), MatchTally>();
        var exceptions = new Dictionary<(long Run, ExceptionReason Reason, string Currency), ReasonTally>();
        foreach (var ids in runIds.Chunk(Chunk))
        {
            await TallyMatchesAsync(db, [.. ids], matched, cancellationToken);
            await TallyExceptionsAsync(db, [.. ids], exceptions, cancellationToken);
        }

        // What people did is listed from every run of the period, also those done again since: a confirmation made
        // in an earlier run is a person's decision, which the later run only carries over.
        var everyRun = (await candidates.Select(r => new { r.Id, CustomerCode = r.CustomerCode! }).ToListAsync(cancellationToken))
            .ToDictionary(r => r.Id, r => r.CustomerCode);
        var runActions = await MatchActionsAsync(db, [.. everyRun.Keys], cancellationToken);
        var customerCodes = runs.Select(r => r.CustomerCode).Distinct().ToList();
        var periodActions = await PeriodActionsAsync(db, customerCodes, start, end, cancellationToken);
        var customers = new Dictionary<string, (string Name, string Category)>(StringComparer.Ordinal);
        foreach (var codes in customerCodes.Chunk(Chunk))
        {
            var list = codes.ToList();
            foreach (var c in await db.Customers.AsNoTracking().Where(c => EF.Parameter(list).Contains(c.Code))
                         .Select(c => new { c.Code, c.Name, c.CategoryCode }).ToListAsync(cancellationToken))
            {
                customers[c.Code] = (c.Name, c.CategoryCode);
            }
        }

        var matchedByRun = matched.ToLookup(p => p.Key.Run);
        var exceptionsByRun = exceptions.ToLookup(p => p.Key.Run);
        var actionsByCustomer = runActions.GroupBy(p => everyRun[p.Key], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Value).ToList(), StringComparer.Ordinal);
        var byCustomer = runs.GroupBy(r => r.CustomerCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var reportRuns = g.OrderBy(r => r.StartDate).ThenBy(r => r.EndDate).ThenBy(r => r.Id).Select(r => new ReportRun(
                r.Id, r.StartDate, r.EndDate, r.EndedAt, $"{r.RuleSetName} v{r.RuleSetVersion.ToString(CultureInfo.InvariantCulture)}",
                [.. matchedByRun[r.Id].OrderBy(p => p.Key.Currency, StringComparer.Ordinal)
                    .Select(p => new MatchedFigures(p.Key.Currency, p.Value.Count, p.Value.Debit, p.Value.Credit, p.Value.Proposed, p.Value.Confirmed, p.Value.Manual))],
                [.. exceptionsByRun[r.Id].OrderBy(p => p.Key.Reason).ThenBy(p => p.Key.Currency, StringComparer.Ordinal)
                    .Select(p => new ReasonFigures(p.Key.Reason, p.Key.Currency, p.Value.OurItems, p.Value.OurAmount, p.Value.TheirItems, p.Value.TheirAmount))],
                RunFigures.FromJson(r.SummaryJson)?.Balances ?? [])).ToList();
            var actions = actionsByCustomer.GetValueOrDefault(g.Key, [])
                .Concat(periodActions.GetValueOrDefault(g.Key, []))
                .OrderBy(a => a.Time).ThenBy(a => a.Kind).ToList();
            var (name, category) = customers.GetValueOrDefault(g.Key, ("", ""));
            return new CustomerReconciliation(g.Key, name, category, reportRuns, actions);
        }).ToList();

        return new ReconciliationReport(options.CompanyName.Trim(), scope, year, month, start, end, clock.GetUtcNow(), byCustomer,
            customerCode is null ? scopeSize - byCustomer.Count : 0);
    }

    private sealed class MatchTally
    {
        public int Count { get; set; }

        public decimal Debit { get; set; }

        public decimal Credit { get; set; }

        public int Proposed { get; set; }

        public int Confirmed { get; set; }

        public int Manual { get; set; }
    }

    private sealed class ReasonTally
    {
        public int OurItems { get; set; }

        public decimal OurAmount { get; set; }

        public int TheirItems { get; set; }

        public decimal TheirAmount { get; set; }
    }

    /// <summary>The standing matches of the runs summed per run and currency.</summary>
    private static async Task TallyMatchesAsync(ReconDbContext db, List<long> runIds, Dictionary<(long, string), MatchTally> tallies, CancellationToken cancellationToken)
    {
        var rows = db.RunMatches.AsNoTracking().Where(m => EF.Parameter(runIds).Contains(m.RunId))
            .Select(m => new { m.RunId, m.Status, m.Currency, m.OurAmount });
        await foreach (var m in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (m.Status is not (MatchStatus.Accepted or MatchStatus.ToCheck or MatchStatus.Proposed or MatchStatus.Confirmed or MatchStatus.Manual))
            {
                continue;
            }

            var key = (m.RunId, m.Currency);
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new MatchTally();
            }

            tally.Count++;
            if (m.OurAmount >= 0)
            {
                tally.Debit += m.OurAmount;
            }
            else
            {
                tally.Credit -= m.OurAmount;
            }

            tally.Proposed += m.Status == MatchStatus.Proposed ? 1 : 0;
            tally.Confirmed += m.Status == MatchStatus.Confirmed ? 1 : 0;
            tally.Manual += m.Status == MatchStatus.Manual ? 1 : 0;
        }
    }

    /// <summary>
    /// The open exceptions of the runs summed per run, reason and currency, each with its item's amount: ours from the
    /// ledger (or a balance carried to the run's start), theirs from the statement lines.
    /// </summary>
    private static async Task TallyExceptionsAsync(ReconDbContext db, List<long> runIds, Dictionary<(long, ExceptionReason, string), ReasonTally> tallies,
        CancellationToken cancellationToken)
    {
        var open = db.RunExceptions.AsNoTracking().Where(e => EF.Parameter(runIds).Contains(e.RunId) && e.ResolvedByMatch == null);
        var ours = from e in open.Where(e => e.Side == Side.Ours)
                   join l in db.LedgerEntries on e.ItemId equals l.Id
                   select new { e.RunId, e.Reason, l.Currency, l.Amount };
        var carried = from e in open.Where(e => e.Side == Side.Ours && e.ItemId < 0)
                      join o in db.CarriedOpenings on -e.ItemId equals o.Id
                      select new { e.RunId, e.Reason, o.Currency, o.Amount };
        var theirs = from e in open.Where(e => e.Side == Side.Theirs)
                     join l in db.StatementLines on e.ItemId equals l.Id
                     select new { e.RunId, e.Reason, l.Currency, l.Amount };

        ReasonTally Tally(long run, ExceptionReason reason, string currency)
        {
            var key = (run, reason, currency);
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new ReasonTally();
            }

            return tally;
        }

        foreach (var side in new[] { ours, carried })
        {
            await foreach (var e in side.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                var tally = Tally(e.RunId, e.Reason, e.Currency);
                tally.OurItems++;
                tally.OurAmount += e.Amount;
            }
        }

        await foreach (var e in theirs.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var tally = Tally(e.RunId, e.Reason, e.Currency);
            tally.TheirItems++;
            tally.TheirAmount += e.Amount;
        }
    }

    /// <summary>
    /// Every decision on the decided matches, from the audit log: it keeps each one, where a match keeps only its
    /// latest (a manual match undone shows only the undo). Confirmations carried into a run are one entry of the run.
    /// </summary>
    private static async Task<Dictionary<long, List<ManualAction>>> MatchActionsAsync(ReconDbContext db, List<long> runIds, CancellationToken cancellationToken)
    {
        var decided = new List<(long Run, int Sequence)>();
        foreach (var chunk in runIds.Chunk(Chunk))
        {
            var ids = chunk.ToList();
            decided.AddRange((await db.RunMatches.AsNoTracking().Where(m => EF.Parameter(ids).Contains(m.RunId) && m.DecidedAt != null)
                .Select(m => new { m.RunId, m.Sequence }).ToListAsync(cancellationToken)).Select(m => (m.RunId, m.Sequence)));
        }

        var actions = new Dictionary<long, List<ManualAction>>();
        void Add(long run, ManualAction action)
        {
            if (!actions.TryGetValue(run, out var list))
            {
                actions[run] = list = [];
            }

            list.Add(action);
        }

        foreach (var chunk in decided.Chunk(Chunk))
        {
            var keys = chunk.Select(d => $"{d.Run.ToString(CultureInfo.InvariantCulture)}/{d.Sequence.ToString(CultureInfo.InvariantCulture)}").ToList();
            var entries = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "recon_match" && EF.Parameter(keys).Contains(a.EntityId))
                .Select(a => new { a.Time, a.Action, a.Actor, a.Person, a.EntityId, a.Reason }).ToListAsync(cancellationToken);
            foreach (var a in entries)
            {
                var kind = a.Action switch
                {
                    AuditActions.Match.Confirm => ManualActionKind.MatchConfirmed,
                    AuditActions.Match.Reject => ManualActionKind.MatchRejected,
                    AuditActions.Match.Manual => ManualActionKind.ManualMatch,
                    AuditActions.Match.Unmatch => ManualActionKind.Unmatched,
                    _ => (ManualActionKind?)null,
                };
                if (kind is null)
                {
                    continue;
                }

                var parts = a.EntityId.Split('/');
                Add(long.Parse(parts[0], CultureInfo.InvariantCulture), new ManualAction(a.Time, kind.Value, a.Person, a.Actor, $"任务 {parts[0]} 匹配 {parts[1]}", a.Reason));
            }
        }

        foreach (var chunk in runIds.Chunk(Chunk))
        {
            var keys = chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
            var entries = await db.AuditEntries.AsNoTracking()
                .Where(a => a.EntityType == "recon_run" && a.Action == AuditActions.Match.ConfirmCarried && EF.Parameter(keys).Contains(a.EntityId))
                .Select(a => new { a.Time, a.Actor, a.Person, a.EntityId, a.Reason }).ToListAsync(cancellationToken);
            foreach (var a in entries)
            {
                Add(long.Parse(a.EntityId, CultureInfo.InvariantCulture),
                    new ManualAction(a.Time, ManualActionKind.ConfirmationCarried, a.Person, a.Actor, $"任务 {a.EntityId}", a.Reason));
            }
        }

        return actions;
    }

    /// <summary>
    /// Confirmations, locks and unlocks of the customers' periods that overlap the report's, from the period records,
    /// which keep who and when (a confirmation made with a customer's reply is recorded there too).
    /// </summary>
    private static async Task<Dictionary<string, List<ManualAction>>> PeriodActionsAsync(ReconDbContext db, List<string> customers, DateOnly start, DateOnly end,
        CancellationToken cancellationToken)
    {
        var actions = new Dictionary<string, List<ManualAction>>(StringComparer.Ordinal);
        foreach (var chunk in customers.Chunk(Chunk))
        {
            var codes = chunk.ToList();
            var records = await db.Periods.AsNoTracking().Where(p => EF.Parameter(codes).Contains(p.CustomerCode) && p.StartDate <= end && start <= p.EndDate)
                .ToListAsync(cancellationToken);
            foreach (var p in records)
            {
                if (!actions.TryGetValue(p.CustomerCode, out var list))
                {
                    actions[p.CustomerCode] = list = [];
                }

                var period = ReconciliationReportText.Dates(p.StartDate, p.EndDate);
                if (p.Locked)
                {
                    list.Add(new ManualAction(p.Time, ManualActionKind.PeriodLocked, p.RecordedFor, p.RecordedBy, period, p.Note));
                    if (p.UnlockedAt is { } unlocked)
                    {
                        list.Add(new ManualAction(unlocked, ManualActionKind.PeriodUnlocked, p.UnlockedFor, p.UnlockedBy ?? "", period, p.UnlockReason));
                    }
                }
                else
                {
                    var balance = p.ConfirmedBalance is { } b ? $"确认余额 {StatementText.Money(b)}" : null;
                    var note = string.Join("；", new[] { p.RunId is { } run ? $"任务 {run.ToString(CultureInfo.InvariantCulture)}" : null, balance, p.RecordedFor is { } by ? $"录入 {by}" : null, p.Note }.Where(t => t is not null));
                    list.Add(new ManualAction(p.Time, ManualActionKind.PeriodConfirmed, p.ConfirmedBy, p.RecordedBy, period, note.Length == 0 ? null : note));
                }
            }
        }

        return actions;
    }
}
