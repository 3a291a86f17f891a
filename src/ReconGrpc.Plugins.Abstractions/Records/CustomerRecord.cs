namespace ReconGrpc.Plugins.Abstractions;

/// <summary>客户档案 — one customer of the customer archive, as an import file describes it.</summary>
/// <remarks>
/// Only the code and the name are required. The host validates the rest (credit-code check character, leaf
/// category, duplicate guard) and generates the mnemonic code when none is given.
/// </remarks>
public sealed record CustomerRecord : ImportRecord
{
    /// <summary>Creates a customer record.</summary>
    /// <param name="code">客户编码 — the customer code, unique in the archive.</param>
    /// <param name="name">客户名称 — the customer's full name.</param>
    /// <exception cref="ArgumentException">The code or the name is blank.</exception>
    public CustomerRecord(string code, string name)
    {
        Code = Guard.Required(code, nameof(code));
        Name = Guard.Required(name, nameof(name));
    }

    /// <summary>客户编码 — the customer code.</summary>
    public string Code { get; }

    /// <summary>客户名称 — the customer's full name.</summary>
    public string Name { get; }

    /// <summary>客户简称 — the short name.</summary>
    public string? ShortName { get; init => field = Guard.Optional(value); }

    /// <summary>助记码 — the mnemonic code, usually pinyin initials; the host generates one when absent.</summary>
    public string? Mnemonic { get; init => field = Guard.Optional(value); }

    /// <summary>所属分类码 — the code of the (leaf) category the customer belongs to.</summary>
    public string? CategoryCode { get; init => field = Guard.Optional(value); }

    /// <summary>统一社会信用代码 — the 18-character unified social credit code.</summary>
    public string? CreditCode { get; init => field = Guard.Optional(value); }

    /// <summary>税号 — the taxpayer number (for most companies since 2015 equal to the credit code).</summary>
    public string? TaxNumber { get; init => field = Guard.Optional(value); }

    /// <summary>开户银行 — the bank the customer's account is held at.</summary>
    public string? Bank { get; init => field = Guard.Optional(value); }

    /// <summary>银行账号 — the customer's bank account number.</summary>
    public string? BankAccount { get; init => field = Guard.Optional(value); }

    /// <summary>地址 — the registered or business address.</summary>
    public string? Address { get; init => field = Guard.Optional(value); }

    /// <summary>电话 — the phone number.</summary>
    public string? Phone { get; init => field = Guard.Optional(value); }

    /// <summary>联系人 — the contact person.</summary>
    public string? Contact { get; init => field = Guard.Optional(value); }

    /// <summary>所属地区 — the region, as a code or a name.</summary>
    public string? Region { get; init => field = Guard.Optional(value); }

    /// <summary>所属行业 — the industry.</summary>
    public string? Industry { get; init => field = Guard.Optional(value); }

    /// <summary>信用额度 — the credit limit in the base currency; never negative.</summary>
    public decimal? CreditLimit { get; init => field = Guard.NotNegative(value, nameof(CreditLimit)); }

    /// <summary>账期天数 / 信用期限 — payment terms in days; never negative.</summary>
    public int? PaymentTermDays { get; init => field = Guard.NotNegative(value, nameof(PaymentTermDays)); }

    /// <summary>默认税率 — the default tax rate as a fraction (0.13 for 13%); from 0 up to but excluding 1.</summary>
    public decimal? DefaultTaxRate
    {
        get;
        init => field = value is < 0m or >= 1m
            ? throw new ArgumentOutOfRangeException(nameof(DefaultTaxRate), value, "A tax rate is a fraction from 0 up to but excluding 1 (0.13 for 13%).")
            : value;
    }

    /// <summary>结算方式 — the settlement method (转账, 承兑汇票 …).</summary>
    public string? SettlementMethod { get; init => field = Guard.Optional(value); }

    /// <summary>发货地址 — the ship-to address.</summary>
    public string? ShipToAddress { get; init => field = Guard.Optional(value); }

    /// <inheritdoc />
    public override RecordKind Kind => RecordKind.Customers;
}
