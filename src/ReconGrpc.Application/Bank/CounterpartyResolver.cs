using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Imports;
using ReconGrpc.Data;
using ReconGrpc.Data.Protection;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Bank;

/// <summary>
/// Which customer paid? Resolves the party of a bank or platform line through a chain, and says which step decided:
/// the line's own code or credit code; the payer's account among the archive's bank accounts; an alias a person
/// taught (an account, then a name); the normalised name; a fuzzy name match, refused when two customers score
/// alike. Every answer is cached for the import, so a payer costs its queries once however many lines it has.
/// </summary>
public sealed class CounterpartyResolver(ReconDbContext db)
{
    /// <summary>A fuzzy match is taken only at this similarity or above (see <see cref="CompanyName.Similarity"/>).</summary>
    public const double FuzzyAcceptance = 0.8;

    /// <summary>…and only when the next customer scores at least this much lower: two alike are refused.</summary>
    public const double FuzzyMargin = 0.1;

    /// <summary>Customers offered as the closest to an unresolved payer score at least this.</summary>
    public const double SuggestionFloor = 0.4;

    private readonly CustomerResolver _customers = new(db);
    private readonly Dictionary<string, Found?> _byAccount = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedCustomer?> _byAliasName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedCustomer?> _byFuzzyName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counterparty> _byPayerName = new(StringComparer.Ordinal);
    private CustomerNameIndex? _names;

    /// <summary>Resolves one line's party.</summary>
    public async ValueTask<Counterparty> ResolveAsync(string? code, string? creditCode, string? name, string? account, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(code) || !string.IsNullOrWhiteSpace(creditCode))
        {
            var given = await _customers.ResolveAsync(code, creditCode, null, cancellationToken);
            if (given.Contradiction)
            {
                return new Counterparty(null, CounterpartyResolution.None, given.Problem);
            }

            if (given.Customer is { } customer)
            {
                var byCode = !string.IsNullOrWhiteSpace(code) && string.Equals(customer.Code, code.Trim(), StringComparison.Ordinal);
                return new Counterparty(customer, byCode ? CounterpartyResolution.Code : CounterpartyResolution.CreditCode, null);
            }
        }

        // A masked account (6222****1234) is shared by many payers: it decides nothing.
        if (!string.IsNullOrWhiteSpace(account) && !PayerNames.IsMasked(account) && await ByAccountAsync(PayerNames.AccountKey(account), cancellationToken) is { } byAccount)
        {
            return new Counterparty(byAccount.Customer, byAccount.Step, null);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return new Counterparty(null, CounterpartyResolution.None, null);
        }

        // A payer's name comes back on line after line: its answer is kept as written, so it is normalised once.
        if (_byPayerName.TryGetValue(name, out var answered))
        {
            return answered;
        }

        var byNames = await ByNamesAsync(name, cancellationToken);
        _byPayerName[name] = byNames;
        return byNames;
    }

    /// <summary>The name steps: an alias, the normalised name, a fuzzy name.</summary>
    private async ValueTask<Counterparty> ByNamesAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = CompanyName.Normalize(name);
        if (await ByAliasNameAsync(normalized, cancellationToken) is { } byAlias)
        {
            return new Counterparty(byAlias, CounterpartyResolution.Alias, null);
        }

        if ((await _customers.ResolveAsync(null, null, name, cancellationToken)).Customer is { } byName)
        {
            return new Counterparty(byName, CounterpartyResolution.Name, null);
        }

        return await ByFuzzyNameAsync(normalized, cancellationToken) is { } byFuzzy
            ? new Counterparty(byFuzzy, CounterpartyResolution.Fuzzy, null)
            : new Counterparty(null, CounterpartyResolution.None, null);
    }

    /// <summary>The customers whose names come closest to a payer's, best first, for a person to choose from.</summary>
    public async Task<IReadOnlyList<NameSuggestion>> SuggestAsync(string? name, int count, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return [];
        }

        var names = _names ??= await CustomerNameIndex.LoadAsync(db, cancellationToken);
        return names.Closest(CompanyName.Normalize(name), count, SuggestionFloor);
    }

    private async ValueTask<Found?> ByAccountAsync(string account, CancellationToken cancellationToken)
    {
        if (_byAccount.TryGetValue(account, out var cached))
        {
            return cached;
        }

        Found? found = null;
        var archived = await db.Customers.AsNoTracking().BankAccountIs(db, account)
            .Select(c => new ResolvedCustomer(c.Code, c.PaymentTermsDays)).Take(2).ToListAsync(cancellationToken);
        if (archived.Count == 1)
        {
            found = new Found(archived[0], CounterpartyResolution.Account);
        }
        else if (archived.Count == 0)
        {
            var aliased = await db.CounterpartyAliases.AsNoTracking().AccountIs(db, account).Select(a => a.CustomerCode).Distinct().Take(2).ToListAsync(cancellationToken);
            if (aliased.Count == 1 && await CustomerAsync(aliased[0], cancellationToken) is { } customer)
            {
                found = new Found(customer, CounterpartyResolution.Alias);
            }
        }

        _byAccount[account] = found;
        return found;
    }

    private async ValueTask<ResolvedCustomer?> ByAliasNameAsync(string normalized, CancellationToken cancellationToken)
    {
        if (!_byAliasName.TryGetValue(normalized, out var found))
        {
            var aliased = await db.CounterpartyAliases.AsNoTracking().Where(a => a.NormalizedName == normalized)
                .Select(a => a.CustomerCode).Distinct().Take(2).ToListAsync(cancellationToken);
            found = aliased.Count == 1 ? await CustomerAsync(aliased[0], cancellationToken) : null;
            _byAliasName[normalized] = found;
        }

        return found;
    }

    private async ValueTask<ResolvedCustomer?> ByFuzzyNameAsync(string normalized, CancellationToken cancellationToken)
    {
        if (!_byFuzzyName.TryGetValue(normalized, out var found))
        {
            var names = _names ??= await CustomerNameIndex.LoadAsync(db, cancellationToken);
            var closest = names.Closest(normalized, 2, FuzzyAcceptance - FuzzyMargin);
            found = closest.Count > 0 && closest[0].Score >= FuzzyAcceptance && (closest.Count == 1 || closest[0].Score - closest[1].Score >= FuzzyMargin)
                ? closest[0].Customer
                : null;
            _byFuzzyName[normalized] = found;
        }

        return found;
    }

    private Task<ResolvedCustomer?> CustomerAsync(string code, CancellationToken cancellationToken) =>
        db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => new ResolvedCustomer(c.Code, c.PaymentTermsDays)).SingleOrDefaultAsync(cancellationToken);

    private sealed record Found(ResolvedCustomer Customer, CounterpartyResolution Step);
}

/// <summary>A line's party: the customer and the step that found it, or why there is none.</summary>
public readonly record struct Counterparty(ResolvedCustomer? Customer, CounterpartyResolution Step, string? Contradiction);

/// <summary>A customer whose name is close to a payer's, and how close (0 to 1).</summary>
public sealed record NameSuggestion(ResolvedCustomer Customer, string Name, double Score);

/// <summary>
/// Every customer's normalised name, indexed by the character pairs of its core, so the customers sharing any pair
/// with a payer's name are found without comparing it with the whole archive.
/// </summary>
internal sealed class CustomerNameIndex
{
    private readonly List<(ResolvedCustomer Customer, string Name, string Normalized)> _customers = [];
    private readonly Dictionary<(char, char), List<int>> _byPair = [];

    public static async Task<CustomerNameIndex> LoadAsync(ReconDbContext db, CancellationToken cancellationToken)
    {
        var index = new CustomerNameIndex();
        await foreach (var c in db.Customers.AsNoTracking().OrderBy(c => c.Code)
                           .Select(c => new { c.Code, c.PaymentTermsDays, c.Name, c.NormalizedName }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var position = index._customers.Count;
            index._customers.Add((new ResolvedCustomer(c.Code, c.PaymentTermsDays), c.Name, c.NormalizedName));
            var core = CompanyName.Core(c.NormalizedName);
            for (var i = 0; i < core.Length - 1; i++)
            {
                var pair = (core[i], core[i + 1]);
                if (!index._byPair.TryGetValue(pair, out var list))
                {
                    index._byPair[pair] = list = [];
                }

                if (list.Count == 0 || list[^1] != position)
                {
                    list.Add(position);
                }
            }
        }

        return index;
    }

    /// <summary>The closest customers scoring at least <paramref name="floor"/>, best first, ties by code.</summary>
    public IReadOnlyList<NameSuggestion> Closest(string normalized, int count, double floor)
    {
        var core = CompanyName.Core(normalized);
        var candidates = new HashSet<int>();
        for (var i = 0; i < core.Length - 1; i++)
        {
            if (_byPair.TryGetValue((core[i], core[i + 1]), out var list))
            {
                candidates.UnionWith(list);
            }
        }

        return [.. candidates
            .Select(i => (Entry: _customers[i], Score: CompanyName.Similarity(normalized, _customers[i].Normalized)))
            .Where(c => c.Score >= floor)
            .OrderByDescending(c => c.Score).ThenBy(c => c.Entry.Customer.Code, StringComparer.Ordinal)
            .Take(count)
            .Select(c => new NameSuggestion(c.Entry.Customer, c.Entry.Name, c.Score))];
    }
}
