namespace ReconGrpc.Domain.Reconciliation;

/// <summary>How a write-off model reckons the amount it posts.</summary>
public enum WriteOffAmountKind
{
    /// <summary>A fixed amount (e.g. a bank fee of 5.00), at most the difference.</summary>
    Fixed = 1,

    /// <summary>A percentage of our total of the match (e.g. a 0.6 % card fee), at most the difference.</summary>
    Percentage = 2,

    /// <summary>The whole difference of the match.</summary>
    WholeDifference = 3,
}

/// <summary>What a write-off model says, as given when it is created or updated.</summary>
/// <param name="Account">The account the write-off is booked against, e.g. "6603 财务费用-手续费".</param>
/// <param name="ReasonCode">A short code for reports, e.g. FEE.</param>
/// <param name="AmountKind">How the amount is reckoned.</param>
/// <param name="Amount">The fixed amount, or the percentage; none for the whole difference.</param>
/// <param name="TaxRate">The VAT rate in percent (e.g. 6); none when the write-off carries no tax.</param>
/// <param name="TaxAccount">The account the tax share is booked against, e.g. "22210101 应交税费-进项税额"; with a rate only.</param>
/// <param name="Description">What the model is for.</param>
public sealed record WriteOffSpec(string Account, string ReasonCode, WriteOffAmountKind AmountKind, decimal? Amount, decimal? TaxRate, string? TaxAccount,
    string? Description);

/// <summary>
/// What a write-off posts for one match: the amount (net plus tax) in the sign that closes the difference, and the
/// difference that stays with the match because a fixed or percentage amount was smaller.
/// </summary>
/// <param name="Posted">Net plus tax: what our balance moves by.</param>
/// <param name="Net">The share booked against the model's account.</param>
/// <param name="Tax">The share booked against the tax account; 0 without tax.</param>
/// <param name="Remaining">The difference left with the match (their total minus ours, minus what was posted).</param>
public sealed record WriteOffAmounts(decimal Posted, decimal Net, decimal Tax, decimal Remaining);

/// <summary>
/// 核销模板 — a named way to end a match's difference as entries: the account, the reason code, the tax treatment
/// and how much. Confirming a match with a model posts its difference (or part of it) through our ledger.
/// </summary>
public sealed class WriteOffModel
{
    public const int MaxNameLength = 60;
    public const int MaxAccountLength = 100;
    public const int MaxReasonCodeLength = 40;
    public const int MaxDescriptionLength = 500;

    private WriteOffModel()
    {
    }

    public long Id { get; private set; }

    /// <summary>Unique, e.g. fees; matches name their model by it.</summary>
    public string Name { get; private set; } = "";

    public string Account { get; private set; } = "";

    public string ReasonCode { get; private set; } = "";

    public WriteOffAmountKind AmountKind { get; private set; }

    /// <summary>The fixed amount, or the percentage of our total; null for the whole difference.</summary>
    public decimal? Amount { get; private set; }

    /// <summary>The VAT rate in percent; null for none.</summary>
    public decimal? TaxRate { get; private set; }

    public string? TaxAccount { get; private set; }

    public string? Description { get; private set; }

    /// <summary>From 1; each update adds one. An update names the version it read.</summary>
    public int Version { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    public static WriteOffModel Create(string name, WriteOffSpec spec, string createdBy, DateTimeOffset now)
    {
        var model = new WriteOffModel { Name = ValidName(name), Version = 1, CreatedBy = createdBy, CreatedAt = now };
        model.Apply(spec, createdBy, now);
        return model;
    }

    /// <summary>Replaces what the model says; the version goes up by one.</summary>
    public void Update(WriteOffSpec spec, string updatedBy, DateTimeOffset now)
    {
        Apply(spec, updatedBy, now);
        Version++;
    }

    /// <summary>
    /// What the model posts for a match whose their total minus ours is <paramref name="difference"/> and whose
    /// our total is <paramref name="ourAmount"/>, in <paramref name="currency"/> (rounded to its minor unit). The amount
    /// always has the difference's sign (it closes it) and never exceeds it; with tax it splits into net and tax,
    /// the net rounded to the currency's unit and the tax taking the rounding, so the two add up exactly.
    /// </summary>
    public WriteOffAmounts Reckon(decimal difference, decimal ourAmount, string currency)
    {
        var minorUnits = Ledger.IsoCurrency.MinorUnits(currency.ToUpperInvariant());
        if (difference == 0)
        {
            throw RuleViolation.FailedPrecondition("writeoff.no_difference", "The match has no difference to write off; confirm it without a write-off model.");
        }

        var size = AmountKind switch
        {
            WriteOffAmountKind.Fixed => Amount!.Value,
            WriteOffAmountKind.Percentage => decimal.Round(Math.Abs(ourAmount) * Amount!.Value / 100m, minorUnits, MidpointRounding.AwayFromZero),
            _ => Math.Abs(difference),
        };
        size = Math.Min(size, Math.Abs(difference));
        if (size == 0)
        {
            throw RuleViolation.FailedPrecondition("writeoff.nothing_to_post",
                $"Write-off model '{Name}' comes to 0 for this match ({Amount} % of our total {ourAmount}); use a model for a fixed amount or the whole difference.");
        }

        var posted = Math.Sign(difference) * size;
        var net = TaxRate is { } rate ? decimal.Round(posted / (1m + rate / 100m), minorUnits, MidpointRounding.AwayFromZero) : posted;
        return new WriteOffAmounts(posted, net, posted - net, difference - posted);
    }

    private void Apply(WriteOffSpec spec, string by, DateTimeOffset now)
    {
        var account = Required(spec.Account, MaxAccountLength, "writeoff.account", "The account the write-off is booked against (e.g. \"6603 财务费用-手续费\")");
        var reason = Required(spec.ReasonCode, MaxReasonCodeLength, "writeoff.reason_code", "The reason code (e.g. FEE)");
        decimal? amount = spec.AmountKind switch
        {
            WriteOffAmountKind.Fixed => spec.Amount is > 0m and var a && Amounts.Problem(a, "The fixed amount") is null && decimal.Round(a, 2) == a
                ? a
                : throw RuleViolation.Invalid("writeoff.amount", "A fixed write-off needs an amount above 0 with at most two decimals, e.g. 5.00."),
            WriteOffAmountKind.Percentage => spec.Amount is > 0m and <= 100m and var p && decimal.Round(p, 4) == p
                ? p
                : throw RuleViolation.Invalid("writeoff.percentage", "A percentage write-off needs a percentage above 0 and at most 100 (at most four decimals), e.g. 0.6."),
            WriteOffAmountKind.WholeDifference => spec.Amount is null or 0m
                ? null
                : throw RuleViolation.Invalid("writeoff.amount", "A write-off of the whole difference takes no amount; leave it out, or choose a fixed amount or a percentage."),
            _ => throw RuleViolation.Invalid("writeoff.amount_kind", "Say how the amount is reckoned: a fixed amount, a percentage of our total, or the whole difference."),
        };
        var taxAccount = string.IsNullOrWhiteSpace(spec.TaxAccount) ? null : spec.TaxAccount;
        if (spec.TaxRate is { } rate && rate != 0)
        {
            if (rate is < 0m or > 100m || decimal.Round(rate, 4) != rate)
            {
                throw RuleViolation.Invalid("writeoff.tax_rate", "The VAT rate is a percentage above 0 and at most 100 (e.g. 6 or 13).");
            }

            taxAccount = Required(taxAccount, MaxAccountLength, "writeoff.tax_account",
                "A write-off with tax needs the account the tax is booked against (e.g. \"22210101 应交税费-进项税额\")");
        }
        else if (taxAccount is not null)
        {
            throw RuleViolation.Invalid("writeoff.tax_account", "A tax account goes with a VAT rate; give the rate too, or leave the tax account out.");
        }

        if (spec.Description is { Length: > MaxDescriptionLength })
        {
            throw RuleViolation.Invalid("writeoff.description", $"The description is longer than {MaxDescriptionLength} characters.");
        }

        Account = account;
        ReasonCode = reason;
        AmountKind = spec.AmountKind;
        Amount = amount;
        TaxRate = spec.TaxRate is { } r && r != 0 ? r : null;
        TaxAccount = TaxRate is null ? null : taxAccount!.Trim();
        Description = string.IsNullOrWhiteSpace(spec.Description) ? null : InputText.EnsureFreeText(spec.Description.Trim(), "writeoff.description", "The description");
        UpdatedBy = by;
        UpdatedAt = now;
    }

    /// <summary>A name is 1 to 60 letters, digits, '-', '_' or '.', e.g. fees or 手续费: it is typed on the command line.</summary>
    public static string ValidName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > MaxNameLength || !trimmed.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw RuleViolation.Invalid("writeoff.name",
                $"A write-off model needs a name of 1 to {MaxNameLength} letters, digits, '-', '_' or '.', e.g. fees.");
        }

        return trimmed;
    }

    private static string Required(string? value, int maxLength, string rule, string what)
    {
        var trimmed = (value ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > maxLength)
        {
            throw RuleViolation.Invalid(rule, $"{what} is required, at most {maxLength} characters.");
        }

        return InputText.EnsureOneLine(trimmed, rule, what);
    }
}
