using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Bank;

/// <summary>
/// Says, for each bank line of a run whose payer the archive does not know, who paid and whom it might be:
/// "payer 杭州某某贸易有限公司, account ****1234, not in the archive; closest: C0012 杭州某某商贸有限公司 (0.82)".
/// </summary>
public static class UnresolvedPayers
{
    /// <summary>How many customers an explanation offers.</summary>
    public const int Suggestions = 3;

    public static async Task<IReadOnlyDictionary<long, string>> DescribeAsync(ReconDbContext db, IReadOnlyList<long> statementIds, IEnumerable<ReconItem> theirs,
        CancellationToken cancellationToken)
    {
        var unresolved = theirs.Where(i => i.CustomerKey is null && !i.IsOpeningBalance).Select(i => i.Id).ToHashSet();
        var described = new Dictionary<long, string>();
        if (unresolved.Count == 0)
        {
            return described;
        }

        // Read through the model, not the run's fast reader: the payer's account is sealed in storage. Only the run's
        // own lines, a chunk at a time: the statement may hold years of an account's downloads.
        var resolver = new CounterpartyResolver(db);
        var byPayer = new Dictionary<(string?, string?), string>();
        foreach (var chunk in unresolved.Order().Chunk(500))
        {
            var payers = await db.StatementLines.AsNoTracking()
                .Where(l => chunk.Contains(l.Id) && statementIds.Contains(l.StatementId))
                .Select(l => new { l.Id, l.CounterpartyName, l.CounterpartyAccount })
                .ToListAsync(cancellationToken);
            await DescribeAsync(payers.Select(p => (p.Id, p.CounterpartyName, p.CounterpartyAccount)), resolver, byPayer, described, cancellationToken);
        }

        return described;
    }

    private static async Task DescribeAsync(IEnumerable<(long Id, string? CounterpartyName, string? CounterpartyAccount)> payers, CounterpartyResolver resolver,
        Dictionary<(string?, string?), string> byPayer, Dictionary<long, string> described, CancellationToken cancellationToken)
    {
        foreach (var payer in payers)
        {
            var key = (payer.CounterpartyName, payer.CounterpartyAccount);
            if (!byPayer.TryGetValue(key, out var text))
            {
                var closest = await resolver.SuggestAsync(payer.CounterpartyName, Suggestions, cancellationToken);
                byPayer[key] = text = Describe(payer.CounterpartyName, payer.CounterpartyAccount, closest);
            }

            described[payer.Id] = text;
        }
    }

    public static string Describe(string? name, string? account, IReadOnlyList<NameSuggestion> closest)
    {
        var who = (name, account) switch
        {
            ({ } n, { } a) => $"payer {n}, account {SensitiveText.MaskAccount(a)}",
            ({ } n, null) => $"payer {n}",
            (null, { } a) => $"a payer with account {SensitiveText.MaskAccount(a)} and no name",
            _ => "a payer the bank does not name",
        };
        var suggestion = closest.Count == 0
            ? "no customer's name is close"
            : "closest: " + string.Join(", ", closest.Select(c => $"{c.Customer.Code} {c.Name} ({c.Score.ToString("0.00", CultureInfo.InvariantCulture)})"));
        return $"{who}, not in the archive; {suggestion}";
    }
}
