namespace ReconGrpc.Domain.Customers;

/// <summary>Whether a customer may be traded with.</summary>
public enum CustomerStatus
{
    /// <summary>In use.</summary>
    Active = 1,
    /// <summary>冻结 — kept with its history; no new business.</summary>
    Frozen = 2,
}

/// <summary>The fields of a customer that a user sets (客户档案), before validation.</summary>
public sealed record CustomerProfile(
    string Code,
    string Name,
    string CategoryCode,
    string? ShortName = null,
    string? Mnemonic = null,
    string? CreditCode = null,
    string? TaxNumber = null,
    string? BankName = null,
    string? BankAccount = null,
    string? Address = null,
    string? Phone = null,
    string? Contact = null,
    string? Region = null,
    string? Industry = null,
    decimal? CreditLimit = null,
    int PaymentTermsDays = 0,
    decimal? DefaultTaxRate = null,
    string? SettlementMethod = null,
    string? ShipToAddress = null,
    CustomerStatus Status = CustomerStatus.Active);
