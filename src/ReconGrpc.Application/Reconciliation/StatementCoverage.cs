using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// How far the statements of a run cover its period. A statement of January reconciled against March's books ends with
/// every line missing on our side and every entry missing on theirs — a result that looks like work to do rather than
/// the wrong statement or dates. So a run whose statement has fewer than half its lines in the period says so at once,
/// with the dates the statement covers.
/// </summary>
internal static class StatementCoverage
{
    public static async Task<IReadOnlyList<string>> WarningsAsync(ReconDbContext db, string? customerCode, DateOnly start, DateOnly end,
        IReadOnlyList<(long Id, string Name)> statements, CancellationToken cancellationToken)
    {
        var ids = statements.Select(s => s.Id).ToList();
        var lines = db.StatementLines.AsNoTracking().Where(l => ids.Contains(l.StatementId));
        if (customerCode is { Length: > 0 } only)
        {
            // The lines the run reads: the customer's, and those naming no customer.
            lines = lines.Where(l => l.CustomerCode == null || l.CustomerCode == only);
        }

        var coverage = await lines.GroupBy(l => l.StatementId)
            .Select(g => new { Id = g.Key, Lines = g.Count(), From = g.Min(l => l.Date), To = g.Max(l => l.Date), Inside = g.Count(l => l.Date >= start && l.Date <= end) })
            .ToListAsync(cancellationToken);
        var warnings = new List<string>();
        foreach (var (id, name) in statements)
        {
            var c = coverage.FirstOrDefault(x => x.Id == id);
            if (c is null)
            {
                warnings.Add($"Statement {id} ('{name}') has no lines{(customerCode is null ? "" : $" of customer {customerCode}")}: the run has nothing of theirs " +
                    "to reconcile against, so every entry of ours will be missing on their side. Check the statement chosen.");
                continue;
            }

            if (c.Inside * 2 < c.Lines)
            {
                warnings.Add($"Statement {id} ('{name}') covers {c.From:yyyy-MM-dd} to {c.To:yyyy-MM-dd} ({c.Lines} line{(c.Lines == 1 ? "" : "s")}); " +
                    $"only {c.Inside} fall{(c.Inside == 1 ? "s" : "")} in the run's period {start:yyyy-MM-dd} to {end:yyyy-MM-dd}, so the rest will likely " +
                    "come out as missing on our side. Check the statement chosen or the run's dates.");
            }
        }

        return warnings;
    }
}
