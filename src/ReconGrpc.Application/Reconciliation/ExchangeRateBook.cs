using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>One rate as a caller gives it: base-currency units per unit of <paramref name="Currency"/> from <paramref name="Date"/> on.</summary>
public sealed record ExchangeRateInput(string Currency, DateOnly Date, decimal Rate);

/// <summary>
/// 汇率 — the exchange rates the server keeps into the base currency (<see cref="ReconciliationOptions.BaseCurrency"/>):
/// set in lists (a rate for a currency and day already kept replaces it), each one audited, and listed by currency
/// and date. Runs read them through <see cref="RunExchangeRates"/>.
/// </summary>
public sealed class ExchangeRateBook(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes, ReconciliationOptions options)
{
    /// <summary>Rates one call sets at most.</summary>
    public const int MaxRatesPerCall = 1000;

    /// <summary>The base currency rates convert into.</summary>
    public string BaseCurrency => options.BaseCurrencyCode;

    /// <summary>
    /// Records the rates, all or none: each is checked (a known currency other than the base currency, a rate above
    /// zero with at most eight decimals), one currency and day may appear once, and a rate for a currency and day
    /// already kept replaces it. Returns the rates as kept, in the order given.
    /// </summary>
    public Task<IReadOnlyList<StoredExchangeRate>> SetAsync(Actor actor, IReadOnlyList<ExchangeRateInput> rates, CancellationToken cancellationToken)
    {
        if (rates.Count == 0)
        {
            throw RuleViolation.Invalid("exchange_rate.none", "Give at least one rate: a currency, the date it applies from and base-currency units per unit (USD 2026-03-01 7.1032).");
        }

        if (rates.Count > MaxRatesPerCall)
        {
            throw RuleViolation.Invalid("exchange_rate.too_many", $"{rates.Count} rates in one call; set at most {MaxRatesPerCall} at a time.");
        }

        // Checked before anything is written, so a bad rate anywhere in the list leaves every rate as it was.
        var checkedRates = new List<StoredExchangeRate>(rates.Count);
        for (var i = 0; i < rates.Count; i++)
        {
            var rate = rates[i];
            try
            {
                checkedRates.Add(StoredExchangeRate.Create(rate.Currency, rate.Date, rate.Rate, BaseCurrency, actor, DateTimeOffset.UnixEpoch));
            }
            catch (RuleViolation e)
            {
                throw new RuleViolation(e.Kind, e.Rule, $"Rate {i + 1} ({InputText.Echo(rate.Currency)} {rate.Date:yyyy-MM-dd}): {e.Message}");
            }

            if (checkedRates.Take(i).FirstOrDefault(r => r.Currency == checkedRates[i].Currency && r.Date == rate.Date) is not null)
            {
                throw RuleViolation.Invalid("exchange_rate.repeated",
                    $"Rate {i + 1}: {checkedRates[i].Currency} on {rate.Date:yyyy-MM-dd} is given twice; give one rate per currency and day.");
            }
        }

        return changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var currencies = checkedRates.Select(r => r.Currency).Distinct().ToList();
            var dates = checkedRates.Select(r => r.Date).Distinct().ToList();
            var kept = (await db.ExchangeRates.Where(r => currencies.Contains(r.Currency) && dates.Contains(r.Date)).ToListAsync(ct))
                .ToDictionary(r => (r.Currency, r.Date));
            var result = new List<(StoredExchangeRate Rate, string? Before)>(checkedRates.Count);
            foreach (var given in checkedRates)
            {
                if (kept.TryGetValue((given.Currency, given.Date), out var existing))
                {
                    var before = AuditSnapshot.Of(existing);
                    existing.Replace(given.Rate, actor, session.Now);
                    result.Add((existing, before));
                }
                else
                {
                    var added = StoredExchangeRate.Create(given.Currency, given.Date, given.Rate, BaseCurrency, actor, session.Now);
                    db.ExchangeRates.Add(added);
                    result.Add((added, null));
                }
            }

            await db.SaveChangesAsync(ct);
            foreach (var (rate, before) in result)
            {
                session.Record(AuditActions.ExchangeRate.Set, "exchange_rate", Key(rate), before, AuditSnapshot.Of(rate));
            }

            return (IReadOnlyList<StoredExchangeRate>)[.. result.Select(r => r.Rate)];
        }, cancellationToken);
    }

    /// <summary>The rates kept, by currency then date; only <paramref name="currency"/>'s, and only those dated within the range, when given.</summary>
    public async Task<IReadOnlyList<StoredExchangeRate>> ListAsync(string? currency, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        string? code = null;
        if (!string.IsNullOrWhiteSpace(currency))
        {
            code = currency.Trim().ToUpperInvariant();
            if (!StoredExchangeRate.IsCurrencyCode(code))
            {
                throw RuleViolation.Invalid("exchange_rate.currency", $"'{InputText.Echo(currency)}' is not an ISO 4217 currency code; give the three-letter code, such as USD.");
            }
        }

        if (from > to)
        {
            throw RuleViolation.Invalid("exchange_rate.date_range", $"The range starts on {from:yyyy-MM-dd}, after its end {to:yyyy-MM-dd}; give the earlier date first.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.ExchangeRates.AsNoTracking();
        if (code is not null)
        {
            query = query.Where(r => r.Currency == code);
        }

        if (from is { } start)
        {
            query = query.Where(r => r.Date >= start);
        }

        if (to is { } end)
        {
            query = query.Where(r => r.Date <= end);
        }

        return await query.OrderBy(r => r.Currency).ThenBy(r => r.Date).ToListAsync(cancellationToken);
    }

    /// <summary>The audit log's key of a rate: its currency and date (USD@2026-03-01).</summary>
    private static string Key(StoredExchangeRate rate) => $"{rate.Currency}@{rate.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
