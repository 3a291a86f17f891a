using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// The exchange rates a run converts with: the base currency from <see cref="ReconciliationOptions.BaseCurrency"/>
/// and every stored rate dated on or before the run's end date (each item takes its currency's latest rate on or
/// before its own date). Confirming a match across currencies converts with the same rates.
/// </summary>
public sealed class RunExchangeRates(IDbContextFactory<ReconDbContext> contexts, ReconciliationOptions options)
{
    /// <summary>The base currency (本位币), upper case.</summary>
    public string BaseCurrency => options.BaseCurrencyCode;

    /// <summary>
    /// <paramref name="engine"/> with the base currency and, when a rule of <paramref name="rules"/> matches across
    /// currencies, the stored rates up to <paramref name="endDate"/>.
    /// </summary>
    public async Task<ReconcileOptions> ForRunAsync(RuleSet rules, DateOnly endDate, ReconcileOptions engine, CancellationToken cancellationToken)
    {
        if (!rules.Rules.Any(r => r.Currency?.Mode == CurrencyMode.Across))
        {
            return engine with { BaseCurrency = BaseCurrency };
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return engine with { BaseCurrency = BaseCurrency, ExchangeRates = await ReadAsync(db, endDate, cancellationToken) };
    }

    /// <summary>Every stored rate dated on or before <paramref name="endDate"/>, by currency and date.</summary>
    internal static async Task<IReadOnlyList<ExchangeRate>> ReadAsync(ReconDbContext db, DateOnly endDate, CancellationToken cancellationToken) =>
        await db.ExchangeRates.AsNoTracking().Where(r => r.Date <= endDate).OrderBy(r => r.Currency).ThenBy(r => r.Date)
            .Select(r => new ExchangeRate(r.Currency, r.Date, r.Rate)).ToListAsync(cancellationToken);
}

/// <summary>Converts amounts into the base currency at the latest rate of their currency on or before their date.</summary>
internal sealed class RateLookup(string baseCurrency, IReadOnlyList<ExchangeRate> rates)
{
    private readonly ILookup<string, ExchangeRate> _byCurrency = rates.ToLookup(r => r.Currency.ToUpperInvariant());

    /// <summary>
    /// The amount in the base currency, to four decimals (half away from zero, as the engine converts), or null when
    /// its currency has no rate on or before <paramref name="date"/>.
    /// </summary>
    public decimal? Convert(decimal amount, string currency, DateOnly date)
    {
        var code = currency.Trim().ToUpperInvariant();
        if (code == baseCurrency)
        {
            return amount;
        }

        var rate = _byCurrency[code].Where(r => r.Date <= date).MaxBy(r => r.Date);
        return rate is null ? null : decimal.Round(amount * rate.Rate, 4, MidpointRounding.AwayFromZero);
    }
}
