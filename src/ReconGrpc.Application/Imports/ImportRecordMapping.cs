using ReconGrpc.Domain.Customers;
using ReconGrpc.Plugins.Abstractions;
using DomainDocumentType = ReconGrpc.Domain.Ledger.DocumentType;
using DomainLinePurpose = ReconGrpc.Matching.LinePurpose;
using SignConvention = ReconGrpc.Matching.SignConvention;

namespace ReconGrpc.Application.Imports;

/// <summary>The SDK's import records as domain input: every field by name, so that none is left behind.</summary>
public static class ImportRecordMapping
{
    public static CustomerProfile ToProfile(this CustomerRecord row) => new(
        Code: row.Code,
        Name: row.Name,
        CategoryCode: row.CategoryCode ?? "",
        ShortName: row.ShortName,
        Mnemonic: row.Mnemonic,
        CreditCode: row.CreditCode,
        TaxNumber: row.TaxNumber,
        BankName: row.Bank,
        BankAccount: row.BankAccount,
        Address: row.Address,
        Phone: row.Phone,
        Contact: row.Contact,
        Region: row.Region,
        Industry: row.Industry,
        CreditLimit: row.CreditLimit,
        PaymentTermsDays: row.PaymentTermDays ?? 0,
        DefaultTaxRate: row.DefaultTaxRate,
        SettlementMethod: row.SettlementMethod,
        ShipToAddress: row.ShipToAddress,
        Status: CustomerStatus.Active);

    /// <summary>The SDK's copy of the engine's sign convention, name for name.</summary>
    public static SignConvention ToSignConvention(this AmountConvention convention) => convention switch
    {
        AmountConvention.OurLedger => SignConvention.OurLedger,
        AmountConvention.CounterpartyLedger => SignConvention.CounterpartyLedger,
        AmountConvention.CashFlow => SignConvention.CashFlow,
        _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown amount convention."),
    };

    /// <summary>The SDK's copy of the domain's document type, name for name.</summary>
    public static DomainDocumentType ToDomain(this DocumentType type) => type switch
    {
        DocumentType.SalesInvoice => DomainDocumentType.SalesInvoice,
        DocumentType.Return => DomainDocumentType.Return,
        DocumentType.Exchange => DomainDocumentType.Exchange,
        DocumentType.Receipt => DomainDocumentType.Receipt,
        DocumentType.CreditNote => DomainDocumentType.CreditNote,
        DocumentType.Adjustment => DomainDocumentType.Adjustment,
        DocumentType.OpeningBalance => DomainDocumentType.OpeningBalance,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Unknown document type {type}."),
    };

    /// <summary>The SDK's copy of the domain's line purpose, name for name.</summary>
    public static DomainLinePurpose ToDomain(this LinePurpose purpose) => purpose switch
    {
        LinePurpose.Sale => DomainLinePurpose.Sale,
        LinePurpose.Refund => DomainLinePurpose.Refund,
        LinePurpose.Fee => DomainLinePurpose.Fee,
        LinePurpose.Payout => DomainLinePurpose.Payout,
        LinePurpose.Other => DomainLinePurpose.Other,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, $"Unknown line purpose {purpose}."),
    };
}
