namespace ReconGrpc.Domain.Customers;

/// <summary>客户档案 — a customer of the archive.</summary>
public sealed class Customer
{
    public const int MaxCodeLength = 30;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 200;
    public const int MaxPaymentTermsDays = 3650;

    /// <summary>The most decimals of a credit limit.</summary>
    public const int MaxCreditLimitDecimals = 2;

    /// <summary>The most decimals of a tax rate (storage keeps six: 0.125 for 12.5% has room).</summary>
    public const int MaxTaxRateDecimals = 6;

    private Customer()
    {
    }

    public long Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The name as the duplicate guard compares it (see <see cref="CompanyName.Normalize"/>).</summary>
    public string NormalizedName { get; private set; } = "";

    /// <summary>
    /// The last characters of the name without its legal form: with the first two, an index can find every
    /// name one edit away (an edit cannot touch both ends of a name of six or more characters).
    /// </summary>
    public string NameTail { get; private set; } = "";

    /// <summary>简称.</summary>
    public string? ShortName { get; private set; }

    /// <summary>助记码, always present: given or generated from the name.</summary>
    public string Mnemonic { get; private set; } = "";

    /// <summary>The leaf category in force now; earlier ones are in the category history.</summary>
    public string CategoryCode { get; private set; } = "";

    /// <summary>统一社会信用代码.</summary>
    public string? CreditCode { get; private set; }

    /// <summary>税号.</summary>
    public string? TaxNumber { get; private set; }

    public string? BankName { get; private set; }

    public string? BankAccount { get; private set; }

    public string? Address { get; private set; }

    public string? Phone { get; private set; }

    public string? Contact { get; private set; }

    public string? Region { get; private set; }

    public string? Industry { get; private set; }

    /// <summary>信用额度; null when no limit is set.</summary>
    public decimal? CreditLimit { get; private set; }

    /// <summary>账期天数.</summary>
    public int PaymentTermsDays { get; private set; }

    /// <summary>Default tax rate as a fraction (0.13).</summary>
    public decimal? DefaultTaxRate { get; private set; }

    /// <summary>结算方式.</summary>
    public string? SettlementMethod { get; private set; }

    /// <summary>收货地址.</summary>
    public string? ShipToAddress { get; private set; }

    public CustomerStatus Status { get; private set; }

    /// <summary>自定义项 values, one per dimension.</summary>
    public List<CustomerDimensionValue> DimensionValues { get; private set; } = [];

    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Customer Create(CustomerProfile profile, DateTimeOffset now)
    {
        var customer = new Customer { Version = 1, CreatedAt = now, UpdatedAt = now };
        customer.Apply(profile);
        return customer;
    }

    /// <summary>Replaces the fields. A change of category is for the caller to allow (see <see cref="CustomerRules"/>).</summary>
    public void Update(CustomerProfile profile, DateTimeOffset now)
    {
        if (CustomerRules.CleanCode(profile.Code) != Code)
        {
            throw RuleViolation.Invalid("customer.code_immutable",
                $"A customer's code never changes (it is '{Code}'); create a new customer and freeze this one instead.");
        }

        Apply(profile);
        Touch(now);
    }

    public void MoveToCategory(string categoryCode, DateTimeOffset now)
    {
        CategoryCode = categoryCode;
        Touch(now);
    }

    /// <summary>Replaces the dimension values; the caller has checked them against the dimensions' allowed values.</summary>
    public void SetDimensions(IReadOnlyDictionary<string, string> values, DateTimeOffset now)
    {
        DimensionValues.Clear();
        foreach (var (dimension, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            DimensionValues.Add(new CustomerDimensionValue(dimension, value));
        }

        Touch(now);
    }

    private void Apply(CustomerProfile p)
    {
        Code = CustomerRules.CleanCode(p.Code);
        Name = CustomerRules.Required(p.Name, "name", MaxNameLength);
        NormalizedName = CompanyName.Normalize(Name);
        NameTail = CompanyName.Tail(NormalizedName);
        ShortName = CustomerRules.Optional(p.ShortName, "short name");
        Mnemonic = string.IsNullOrWhiteSpace(p.Mnemonic) ? Customers.Mnemonic.From(Name) : Customers.Mnemonic.Clean(p.Mnemonic);
        CategoryCode = CustomerRules.Required(p.CategoryCode, "category", 81);
        CreditCode = Uscc.Parse(p.CreditCode)?.Value;
        TaxNumber = CustomerRules.Optional(p.TaxNumber, "tax number");
        BankName = CustomerRules.Optional(p.BankName, "bank");
        BankAccount = CustomerRules.Optional(p.BankAccount, "bank account");
        Address = CustomerRules.Optional(p.Address, "address");
        Phone = CustomerRules.Optional(p.Phone, "phone");
        Contact = CustomerRules.Optional(p.Contact, "contact");
        Region = CustomerRules.Optional(p.Region, "region");
        Industry = CustomerRules.Optional(p.Industry, "industry");
        CreditLimit = CheckedCreditLimit(p.CreditLimit);
        PaymentTermsDays = p.PaymentTermsDays is < 0 or > MaxPaymentTermsDays
            ? throw RuleViolation.Invalid("customer.payment_terms", $"Payment terms are 0 to {MaxPaymentTermsDays} days; {p.PaymentTermsDays} was given.")
            : p.PaymentTermsDays;
        DefaultTaxRate = p.DefaultTaxRate is < 0 or > 1 || (p.DefaultTaxRate is { } rate && decimal.Round(rate, MaxTaxRateDecimals) != rate)
            ? throw RuleViolation.Invalid("customer.tax_rate", $"A tax rate is a fraction from 0 to 1 (0.13 for 13%) with at most {MaxTaxRateDecimals} decimals; {p.DefaultTaxRate} was given.")
            : p.DefaultTaxRate;
        SettlementMethod = CustomerRules.Optional(p.SettlementMethod, "settlement method");
        ShipToAddress = CustomerRules.Optional(p.ShipToAddress, "ship-to address");
        Status = Enum.IsDefined(p.Status) ? p.Status : CustomerStatus.Active;
    }

    /// <summary>
    /// A credit limit (信用额度) is a sum of money like any amount (<see cref="Amounts"/>), not negative, with at most
    /// <see cref="MaxCreditLimitDecimals"/> decimals: the customer's books carry no currency of their own, and 分 is
    /// the finest unit of the currencies they are kept in.
    /// </summary>
    private static decimal? CheckedCreditLimit(decimal? limit)
    {
        if (limit is not { } value)
        {
            return null;
        }

        if (value < 0)
        {
            throw RuleViolation.Invalid("customer.credit_limit", $"A credit limit cannot be negative ({value}).");
        }

        Amounts.Check(value, "customer.credit_limit", "The credit limit");
        if (decimal.Round(value, MaxCreditLimitDecimals) != value)
        {
            throw RuleViolation.Invalid("customer.credit_limit",
                $"The credit limit {value} has more than {MaxCreditLimitDecimals} decimals; give it in yuan and fen (e.g. 50000.00).");
        }

        return value;
    }

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}

/// <summary>One 自定义项 value of a customer.</summary>
public sealed record CustomerDimensionValue(string DimensionCode, string Value);

/// <summary>
/// One period of a customer's category: from <see cref="EffectiveFrom"/> until the next assignment. Reports use
/// the assignment in force at each transaction's date.
/// </summary>
public sealed class CustomerCategoryAssignment
{
    public const int MaxReasonLength = 500;

    private CustomerCategoryAssignment()
    {
    }

    public long Id { get; private set; }

    public long CustomerId { get; private set; }

    public string CategoryCode { get; private set; } = "";

    public DateOnly EffectiveFrom { get; private set; }

    public string Reason { get; private set; } = "";

    public string RecordedBy { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>
    /// When a customer's first category took effect: since always. A customer is created or imported into the
    /// archive long after it began trading (its opening balance and past invoices are booked under it), so until its
    /// first reclassification its category holds for its whole history, and a reclassification may reach back to
    /// any past period.
    /// </summary>
    public static readonly DateOnly SinceAlways = DateOnly.MinValue;

    /// <summary>The assignment a customer starts with, or gets while it has no ledger entries: in force since always.</summary>
    public static CustomerCategoryAssignment Initial(long customerId, string categoryCode, string reason, string recordedBy, DateTimeOffset now) =>
        Create(customerId, categoryCode, SinceAlways, reason, recordedBy, now);

    public static CustomerCategoryAssignment Create(long customerId, string categoryCode, DateOnly effectiveFrom, string reason, string recordedBy, DateTimeOffset now)
    {
        var clean = reason?.Trim() ?? "";
        if (clean.Length is 0 or > MaxReasonLength)
        {
            throw RuleViolation.Invalid("customer.reclassify_reason", $"A reclassification needs a reason of 1 to {MaxReasonLength} characters.");
        }

        return new CustomerCategoryAssignment
        {
            CustomerId = customerId,
            CategoryCode = categoryCode,
            EffectiveFrom = effectiveFrom,
            Reason = clean,
            RecordedBy = recordedBy,
            RecordedAt = now,
        };
    }

    /// <summary>The category in force on <paramref name="date"/>: the latest assignment effective on or before it.</summary>
    public static string? CategoryAt(IEnumerable<CustomerCategoryAssignment> history, DateOnly date) =>
        history.Where(a => a.EffectiveFrom <= date).OrderByDescending(a => a.EffectiveFrom).ThenByDescending(a => a.Id)
            .FirstOrDefault()?.CategoryCode;
}
