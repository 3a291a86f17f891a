namespace ReconGrpc.Domain.Customers;

/// <summary>
/// 往来单位别名 — a payer's name or bank account a person linked to a customer (by assigning a bank line, or by hand),
/// so the next statement's lines from the same payer resolve by themselves. A name is kept normalised (the
/// archive's rules for 有限公司, brackets and width); an account is kept as given, sealed in storage, and found by
/// its keyed hash.
/// </summary>
public sealed class CounterpartyAlias
{
    public const int MaxTextLength = Customer.MaxTextLength;

    private CounterpartyAlias()
    {
    }

    public long Id { get; private set; }

    public string CustomerCode { get; private set; } = "";

    /// <summary>The payer's name as first given, for people to read; null for an account alias.</summary>
    public string? Name { get; private set; }

    /// <summary>The name normalised (<see cref="CompanyName.Normalize"/>): what a line's payer name is compared with.</summary>
    public string? NormalizedName { get; private set; }

    /// <summary>The payer's bank account; null for a name alias.</summary>
    public string? Account { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>An alias of a payer's name.</summary>
    public static CounterpartyAlias ForName(string customerCode, string name, string createdBy, DateTimeOffset now)
    {
        var clean = CustomerRules.Optional(name, "payer name") ?? throw RuleViolation.Invalid("alias.name", "An alias needs the payer's name or account.");
        return new CounterpartyAlias
        {
            CustomerCode = Code(customerCode), Name = clean, NormalizedName = CompanyName.Normalize(clean), CreatedBy = createdBy, CreatedAt = now,
        };
    }

    /// <summary>An alias of a payer's bank account.</summary>
    public static CounterpartyAlias ForAccount(string customerCode, string account, string createdBy, DateTimeOffset now)
    {
        var clean = CustomerRules.Optional(account, "payer account") ?? throw RuleViolation.Invalid("alias.account", "An alias needs the payer's name or account.");
        return new CounterpartyAlias { CustomerCode = Code(customerCode), Account = clean, CreatedBy = createdBy, CreatedAt = now };
    }

    private static string Code(string customerCode) =>
        string.IsNullOrWhiteSpace(customerCode) ? throw RuleViolation.Invalid("alias.customer", "An alias needs the customer it stands for.") : customerCode.Trim();
}
