namespace ReconGrpc.Domain.Ledger;

/// <summary>
/// 汇率 — one exchange rate as the server keeps it: how many units of the base currency (本位币, configured for the
/// server) one unit of <see cref="Currency"/> is worth from <see cref="Date"/> on, until the currency's next rate.
/// One rate per currency and day; recording another for the same day replaces it. Runs convert with these rates
/// for rules that match across currencies, and confirming such a match posts its exchange difference with them.
/// </summary>
public sealed class StoredExchangeRate
{
    /// <summary>Decimals a rate keeps at most (7.10320000).</summary>
    public const int MaxDecimals = 8;

    /// <summary>A rate is below this (the column holds ten digits before the point).</summary>
    public const decimal Limit = 10_000_000_000m;

    private StoredExchangeRate()
    {
    }

    public long Id { get; private set; }

    /// <summary>ISO 4217 code, upper case (USD).</summary>
    public string Currency { get; private set; } = "";

    /// <summary>The first day the rate applies.</summary>
    public DateOnly Date { get; private set; }

    /// <summary>Base-currency units per unit of <see cref="Currency"/>, above zero, at most <see cref="MaxDecimals"/> decimals.</summary>
    public decimal Rate { get; private set; }

    /// <summary>The API key that recorded it.</summary>
    public string RecordedBy { get; private set; } = "";

    /// <summary>The person the recording key acted for.</summary>
    public string? RecordedFor { get; private set; }

    /// <summary>When it was recorded (or last replaced).</summary>
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>
    /// A new rate, checked: a known ISO 4217 code other than <paramref name="baseCurrency"/>, a date accounting
    /// dates allow, and a rate above zero with at most <see cref="MaxDecimals"/> decimals.
    /// </summary>
    public static StoredExchangeRate Create(string currency, DateOnly date, decimal rate, string baseCurrency, Access.Actor recordedBy, DateTimeOffset now)
    {
        var code = CheckCurrency(currency, baseCurrency);
        AccountingDates.Check(date, "exchange_rate.date_range", "The rate's date");
        CheckRate(code, rate);
        return new StoredExchangeRate
        {
            Currency = code,
            Date = date,
            Rate = rate,
            RecordedBy = recordedBy.KeyId,
            RecordedFor = recordedBy.Person,
            RecordedAt = now,
        };
    }

    /// <summary>Replaces the rate of the same currency and day (a correction), recording who did it and when.</summary>
    public void Replace(decimal rate, Access.Actor recordedBy, DateTimeOffset now)
    {
        CheckRate(Currency, rate);
        Rate = rate;
        RecordedBy = recordedBy.KeyId;
        RecordedFor = recordedBy.Person;
        RecordedAt = now;
    }

    /// <summary>Whether <paramref name="code"/> is an ISO 4217 currency code (any case, surrounding blanks ignored).</summary>
    public static bool IsCurrencyCode(string code) => IsoCurrency.IsKnown(code.Trim().ToUpperInvariant());

    /// <summary>The upper-case ISO 4217 code, refused when it is no known code or is the base currency itself.</summary>
    public static string CheckCurrency(string? currency, string baseCurrency)
    {
        var code = (currency ?? "").Trim().ToUpperInvariant();
        if (!IsoCurrency.IsKnown(code))
        {
            throw RuleViolation.Invalid("exchange_rate.currency",
                $"'{InputText.Echo(currency)}' is not an ISO 4217 currency code; give the three-letter code, such as USD, EUR or HKD.");
        }

        if (string.Equals(code, baseCurrency.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw RuleViolation.Invalid("exchange_rate.base_currency",
                $"{code} is the base currency (本位币): it is worth 1 of itself and takes no rate; give rates for the other currencies.");
        }

        return code;
    }

    private static void CheckRate(string currency, decimal rate)
    {
        if (rate <= 0m)
        {
            throw RuleViolation.Invalid("exchange_rate.rate",
                $"The rate of {currency} is {rate}; give how many base-currency units one {currency} is worth, above zero (e.g. 7.1032).");
        }

        if (decimal.Round(rate, MaxDecimals) != rate)
        {
            throw RuleViolation.Invalid("exchange_rate.rate_decimals",
                $"The rate of {currency} is {rate}: a rate has at most {MaxDecimals} decimals; round it.");
        }

        if (rate >= Limit)
        {
            throw RuleViolation.Invalid("exchange_rate.rate_range",
                $"The rate of {currency} is {rate}: a rate is below {Limit:0}; give base-currency units per one unit of {currency}.");
        }
    }
}
