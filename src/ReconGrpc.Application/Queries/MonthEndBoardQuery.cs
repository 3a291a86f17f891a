using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Data;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Queries;

/// <summary>An amount in one currency.</summary>
public sealed record CurrencyFigure(string Currency, decimal Amount);

/// <summary>Where one customer's month-end stands.</summary>
/// <param name="RunId">The latest completed run of the customer alone whose dates cover the period.</param>
/// <param name="Unexplained">That run's unexplained difference per currency.</param>
/// <param name="SentAt">The latest statement of account sent for exactly this period.</param>
/// <param name="Reply">The latest reply for exactly this period.</param>
public sealed record MonthEndBoardRow(
    string CustomerCode,
    string CustomerName,
    string CategoryCode,
    IReadOnlyList<CurrencyFigure> ClosingBalances,
    long? RunId,
    IReadOnlyList<CurrencyFigure> Unexplained,
    bool Reconciled,
    DateTimeOffset? SentAt,
    ReplyVerdict? Reply,
    decimal? ReplyDifferenceTotal,
    bool Confirmed,
    bool Locked);

/// <summary>How many customers of the board are in each state.</summary>
public sealed record MonthEndBoardSummary(int Customers, int Reconciled, int Unexplained, int WithoutRun, int Sent, int Agreed, int Disagreed, int Confirmed, int Locked);

/// <summary>A page of the board, and the counts over all of it.</summary>
public sealed record MonthEndBoard(Page<MonthEndBoardRow> Page, MonthEndBoardSummary Summary);

/// <summary>
/// 月末对账看板: every customer with a balance at the period's end or movements in it, and where its month-end stands.
/// Each kind of fact is read once for every customer (balances in one pass over the ledger, the latest run, sending and
/// reply of each customer in one query each), then put together in memory: the summary counts need every customer
/// anyway, and a query per customer would be a hundred thousand round trips on a large archive.
/// </summary>
public sealed class MonthEndBoardQuery(IDbContextFactory<ReconDbContext> contexts)
{
    public async Task<MonthEndBoard> GetAsync(DateOnly start, DateOnly end, string? categoryCode, int pageSize, string? afterCode, CancellationToken cancellationToken)
    {
        AccountingPeriod.Check(start, end, "board");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var category = string.IsNullOrWhiteSpace(categoryCode) ? null : await CategoryScope.OfAsync(db, categoryCode, cancellationToken);

        // One snapshot: a posting or a reply committing between the reads would otherwise show half of itself.
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
        var ledger = await ReadLedgerAsync(db, category, start, end, cancellationToken);
        var onBoard = ledger.Where(p => p.Value.Moved || p.Value.Balances.Any(b => b.Amount != 0))
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var runs = await LatestRunsAsync(db, start, end, cancellationToken);
        var sent = await LatestSendingsAsync(db, start, end, cancellationToken);
        var replies = await LatestRepliesAsync(db, start, end, cancellationToken);
        var covering = db.Periods.AsNoTracking().Where(p => p.StartDate <= start && end <= p.EndDate);
        var confirmed = (await covering.Where(p => !p.Locked).Select(p => p.CustomerCode).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var locked = (await covering.Where(p => p.Locked && p.UnlockedAt == null).Select(p => p.CustomerCode).Distinct().ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        int reconciled = 0, unexplained = 0, withoutRun = 0, sentCount = 0, agreed = 0, disagreed = 0, confirmedCount = 0, lockedCount = 0;
        foreach (var code in onBoard)
        {
            if (runs.TryGetValue(code, out var run))
            {
                if (run.Unexplained.All(u => u.Amount == 0))
                {
                    reconciled++;
                }
                else
                {
                    unexplained++;
                }
            }
            else
            {
                withoutRun++;
            }

            sentCount += sent.ContainsKey(code) ? 1 : 0;
            if (replies.TryGetValue(code, out var reply))
            {
                agreed += reply.Verdict == ReplyVerdict.Agrees ? 1 : 0;
                disagreed += reply.Verdict == ReplyVerdict.Disagrees ? 1 : 0;
            }

            confirmedCount += confirmed.Contains(code) ? 1 : 0;
            lockedCount += locked.Contains(code) ? 1 : 0;
        }

        var summary = new MonthEndBoardSummary(onBoard.Count, reconciled, unexplained, withoutRun, sentCount, agreed, disagreed, confirmedCount, lockedCount);
        var from = afterCode is null ? 0 : LowerBound(onBoard, afterCode);
        var pageCodes = onBoard.Skip(from).Take(pageSize + 1).ToList();
        var shown = pageCodes.Take(pageSize).ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => shown.Contains(c.Code))
            .Select(c => new { c.Code, c.Name, c.CategoryCode }).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
        var rows = pageCodes.Select(code =>
        {
            var customer = customers.GetValueOrDefault(code);
            var run = runs.GetValueOrDefault(code);
            var reply = replies.GetValueOrDefault(code);
            return new MonthEndBoardRow(code, customer?.Name ?? "", customer?.CategoryCode ?? "", ledger[code].Balances, run?.Id, run?.Unexplained ?? [],
                run is not null && run.Unexplained.All(u => u.Amount == 0), sent.TryGetValue(code, out var at) ? at : null, reply?.Verdict, reply?.DifferenceTotal,
                confirmed.Contains(code), locked.Contains(code));
        }).ToList();
        return new MonthEndBoard(Paging.Of(rows, pageSize, r => r.CustomerCode), summary);
    }

    /// <summary>The first position after <paramref name="afterCode"/> in the ordinally sorted codes.</summary>
    private static int LowerBound(List<string> codes, string afterCode)
    {
        int low = 0, high = codes.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(codes[mid], afterCode) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private sealed record LedgerFacts(IReadOnlyList<CurrencyFigure> Balances, bool Moved);

    /// <summary>
    /// Each customer's balance at the end (carried forward as <see cref="BroughtForwardBalance"/> carries it) and whether
    /// it moved in the period, summed in the database per customer and currency.
    /// </summary>
    private static async Task<Dictionary<string, LedgerFacts>> ReadLedgerAsync(ReconDbContext db, CategoryScope? category, DateOnly start, DateOnly end,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = OpenItemsSql.Balances(db, new OpenItemsSql.Scope(end, null, category?.Code, null), start);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var facts = new Dictionary<string, (List<CurrencyFigure> Balances, bool Moved)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var code = reader.GetString(0);
            if (!facts.TryGetValue(code, out var held))
            {
                held = ([], false);
            }

            held.Balances.Add(new CurrencyFigure(reader.GetString(1), LedgerAmountUnits.ToMoney(reader.GetInt64(2))));
            facts[code] = (held.Balances, held.Moved || reader.GetInt64(3) == 1);
        }

        return facts.ToDictionary(f => f.Key, f => new LedgerFacts(f.Value.Balances, f.Value.Moved), StringComparer.Ordinal);
    }

    private sealed record RunFacts(long Id, IReadOnlyList<CurrencyFigure> Unexplained);

    /// <summary>
    /// The latest completed run of each customer whose dates cover the period. Runs over a category or over every
    /// customer are left out: their 余额调节表 adds all their customers together and says nothing of one.
    /// </summary>
    private static async Task<Dictionary<string, RunFacts>> LatestRunsAsync(ReconDbContext db, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        var covering = db.Runs.Where(r => r.Status == RunStatus.Completed && !r.DryRun && r.CustomerCode != null && r.StartDate <= start && end <= r.EndDate);
        var latest = covering.GroupBy(r => r.CustomerCode).Select(g => g.Max(r => r.Id));
        var runs = await db.Runs.AsNoTracking().Where(r => latest.Contains(r.Id))
            .Select(r => new { r.Id, r.CustomerCode, r.SummaryJson }).ToListAsync(cancellationToken);
        return runs.ToDictionary(r => r.CustomerCode!, r => new RunFacts(r.Id, Unexplained(r.SummaryJson)), StringComparer.Ordinal);
    }

    /// <summary>The unexplained difference per currency out of a run's stored figures (<see cref="Reconciliation.RunFigures"/>), without reading the rest.</summary>
    private static List<CurrencyFigure> Unexplained(string? summaryJson)
    {
        var figures = new List<CurrencyFigure>();
        if (summaryJson is null)
        {
            return figures;
        }

        using var document = JsonDocument.Parse(summaryJson);
        if (document.RootElement.TryGetProperty("balances", out var balances) && balances.ValueKind == JsonValueKind.Array)
        {
            foreach (var balance in balances.EnumerateArray())
            {
                figures.Add(new CurrencyFigure(balance.GetProperty("currency").GetString() ?? "", balance.GetProperty("unexplained").GetDecimal()));
            }
        }

        return figures;
    }

    private static async Task<Dictionary<string, DateTimeOffset>> LatestSendingsAsync(ReconDbContext db, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        var sendings = await db.StatementSendings.AsNoTracking().Where(s => s.StartDate == start && s.EndDate == end)
            .Select(s => new { s.CustomerCode, s.SentAt }).ToListAsync(cancellationToken);
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var s in sendings)
        {
            if (!latest.TryGetValue(s.CustomerCode, out var at) || s.SentAt > at)
            {
                latest[s.CustomerCode] = s.SentAt;
            }
        }

        return latest;
    }

    private sealed record ReplyFacts(long Id, ReplyVerdict Verdict, decimal DifferenceTotal);

    private static async Task<Dictionary<string, ReplyFacts>> LatestRepliesAsync(ReconDbContext db, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        var replies = await db.StatementReplies.AsNoTracking().Where(r => r.StartDate == start && r.EndDate == end)
            .Select(r => new { r.CustomerCode, r.Id, r.Verdict, r.DifferenceTotal }).ToListAsync(cancellationToken);
        var latest = new Dictionary<string, ReplyFacts>(StringComparer.Ordinal);
        foreach (var r in replies)
        {
            if (!latest.TryGetValue(r.CustomerCode, out var held) || r.Id > held.Id)
            {
                latest[r.CustomerCode] = new ReplyFacts(r.Id, r.Verdict, r.DifferenceTotal);
            }
        }

        return latest;
    }
}
