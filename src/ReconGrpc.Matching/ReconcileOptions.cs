namespace ReconGrpc.Matching;

/// <summary>How the engine runs (not what it matches: that is the rule set).</summary>
public sealed record ReconcileOptions
{
    /// <summary>Threads a run may use. The result is the same for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Matches or exceptions per streamed batch.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>The clock for the timings in the summary.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The last day of the period the run reconciles (the run's end date), from which a rule's
    /// <see cref="MatchRule.HorizonMonths"/> counts back. Null: the latest date among the items of both sides.
    /// </summary>
    public DateOnly? PeriodEnd { get; init; }

    /// <summary>
    /// 本位币 — the currency cross-currency rules (<see cref="CurrencyMode.Across"/>) convert both sides into, and in
    /// which <see cref="ReconMatch.ExchangeDifference"/> is given. Required when the rule set has such a rule.
    /// </summary>
    public string? BaseCurrency { get; init; }

    /// <summary>
    /// Exchange rates into <see cref="BaseCurrency"/>, per currency and date; an item is converted at the latest rate
    /// of its currency on or before its date (an item of the base currency at 1). Items of a currency with no rate on
    /// or before their date do not match across currencies. Used by cross-currency rules only.
    /// </summary>
    public IReadOnlyList<ExchangeRate> ExchangeRates { get; init; } = [];

    internal void Validate()
    {
        if (MaxDegreeOfParallelism < 1)
        {
            throw new ReconciliationInputException("matching.options.parallelism", "MaxDegreeOfParallelism must be at least 1.");
        }

        if (BatchSize is < 1 or > 100_000)
        {
            throw new ReconciliationInputException("matching.options.batch_size", "BatchSize must be 1 to 100,000.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (BaseCurrency is not null && MatchingKey.Normalize(BaseCurrency).Length == 0)
        {
            throw new ReconciliationInputException("matching.options.base_currency", "BaseCurrency is blank; give its ISO 4217 code, or leave it out.");
        }

        foreach (var rate in ExchangeRates ?? [])
        {
            if (rate is null || MatchingKey.Normalize(rate.Currency).Length == 0 || rate.Rate <= 0m)
            {
                throw new ReconciliationInputException("matching.options.exchange_rate",
                    $"Exchange rate {rate} needs a currency and a rate above zero (base-currency units per unit of the currency).");
            }
        }
    }

    /// <summary>Checks that options give what the rule set needs: a base currency for cross-currency rules.</summary>
    internal void ValidateFor(RuleSet ruleSet)
    {
        var across = ruleSet.Rules.FirstOrDefault(r => r.Currency?.Mode == CurrencyMode.Across);
        if (across is not null && string.IsNullOrWhiteSpace(BaseCurrency))
        {
            throw new ReconciliationInputException("matching.options.base_currency",
                $"Rule '{across.Name}' matches across currencies; give the run a base currency (and exchange rates into it).");
        }
    }
}

/// <summary>
/// One exchange rate: how many units of <see cref="ReconcileOptions.BaseCurrency"/> one unit of
/// <paramref name="Currency"/> was worth from <paramref name="Date"/> on (until the currency's next rate).
/// </summary>
/// <param name="Currency">ISO 4217 code of the currency converted.</param>
/// <param name="Date">The first day the rate applies.</param>
/// <param name="Rate">Base-currency units per unit of <paramref name="Currency"/>, above zero.</param>
public sealed record ExchangeRate(string Currency, DateOnly Date, decimal Rate);
