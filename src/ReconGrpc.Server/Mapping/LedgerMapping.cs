using LinePurpose = ReconGrpc.Matching.LinePurpose;
using ReconGrpc.Application.Imports;
using ReconGrpc.Application.Ledger;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;
using V1 = ReconGrpc.Contracts.V1;
using Sdk = ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Server.Mapping;

public static class LedgerMapping
{
    public static V1.LedgerEntry ToProto(this LedgerEntry e) => new()
    {
        Id = e.Id,
        CustomerCode = e.CustomerCode,
        Date = e.Date.ToProto(),
        DocumentType = e.DocumentType.ToProto(),
        DocumentNumber = e.DocumentNumber,
        VoucherNumber = e.VoucherNumber ?? "",
        Amount = e.Amount.ToProto(),
        Currency = e.Currency,
        DueDate = e.DueDate.ToProto(),
        Reference = e.Reference ?? "",
        Memo = e.Memo ?? "",
        ImportBatchId = e.ImportBatchId ?? 0,
        AdapterId = e.AdapterId ?? "",
        SourceLine = e.SourceLine ?? 0,
        CreateTime = e.CreatedAt.ToProto(),
    };

    // The wire's copy of the domain's document type, member for member.

    public static V1.DocumentType ToProto(this DocumentType type) => type switch
    {
        DocumentType.SalesInvoice => V1.DocumentType.SalesInvoice,
        DocumentType.Return => V1.DocumentType.Return,
        DocumentType.Exchange => V1.DocumentType.Exchange,
        DocumentType.Receipt => V1.DocumentType.Receipt,
        DocumentType.CreditNote => V1.DocumentType.CreditNote,
        DocumentType.Adjustment => V1.DocumentType.Adjustment,
        DocumentType.OpeningBalance => V1.DocumentType.OpeningBalance,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Unknown document type {type}."),
    };

    public static DocumentType ToDomain(this V1.DocumentType type) => type switch
    {
        V1.DocumentType.SalesInvoice => DocumentType.SalesInvoice,
        V1.DocumentType.Return => DocumentType.Return,
        V1.DocumentType.Exchange => DocumentType.Exchange,
        V1.DocumentType.Receipt => DocumentType.Receipt,
        V1.DocumentType.CreditNote => DocumentType.CreditNote,
        V1.DocumentType.Adjustment => DocumentType.Adjustment,
        V1.DocumentType.OpeningBalance => DocumentType.OpeningBalance,
        V1.DocumentType.Unspecified => throw RuleViolation.Invalid("ledger.document_type", "document_type is required (DOCUMENT_TYPE_SALES_INVOICE, DOCUMENT_TYPE_RECEIPT, …)."),
        _ => throw RuleViolation.Invalid("ledger.document_type", $"{type} is not a document type."),
    };

    public static LedgerQuery ToDomain(this V1.ListLedgerEntriesRequest r) => new(
        r.StartDate.ToDomain("start_date"),
        r.EndDate.ToDomain("end_date"),
        r.CustomerCode,
        r.CategoryCode,
        [.. r.DocumentTypes.Select(t => t.ToDomain())],
        r.MinAmount.ToDomain("min_amount"),
        r.MaxAmount.ToDomain("max_amount"),
        r.Text);

    public static LedgerEntryDraft ToDraft(this V1.PostLedgerEntryRequest r) => new(
        r.CustomerCode?.Trim() ?? "",
        r.Date.ToDomain("date").Required("date"),
        r.DocumentType.ToDomain(),
        r.DocumentNumber ?? "",
        r.Amount.ToDomain("amount") ?? throw RuleViolation.Invalid("ledger.amount_required", "amount is required."),
        string.IsNullOrWhiteSpace(r.Currency) ? "CNY" : r.Currency.Trim(),
        r.VoucherNumber,
        r.DueDate.ToDomain("due_date"),
        r.Reference,
        r.Memo);

    public static V1.GetCustomerBalanceResponse ToProto(this CustomerBalance b) => new()
    {
        CustomerCode = b.CustomerCode,
        AsOfDate = b.AsOf.ToProto(),
        Balance = b.Balance.ToProto(),
        DebitTotal = b.DebitTotal.ToProto(),
        CreditTotal = b.CreditTotal.ToProto(),
        EntryCount = b.EntryCount,
        Currency = b.Currency,
    };

    public static V1.StatementKind ToProto(this StatementKind kind) => kind switch
    {
        StatementKind.CustomerStatement => V1.StatementKind.CustomerStatement,
        StatementKind.BankStatement => V1.StatementKind.BankStatement,
        StatementKind.PlatformBill => V1.StatementKind.PlatformBill,
        StatementKind.ShopOrders => V1.StatementKind.ShopOrders,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a statement kind."),
    };

    public static StatementKind? ToDomain(this V1.StatementKind kind) => kind switch
    {
        V1.StatementKind.Unspecified => null,
        V1.StatementKind.CustomerStatement => StatementKind.CustomerStatement,
        V1.StatementKind.BankStatement => StatementKind.BankStatement,
        V1.StatementKind.PlatformBill => StatementKind.PlatformBill,
        V1.StatementKind.ShopOrders => StatementKind.ShopOrders,
        _ => throw RuleViolation.Invalid("statement.kind", $"Unknown statement kind {kind}."),
    };

    public static V1.RecordKind ToProto(this RecordKind kind) => kind switch
    {
        RecordKind.Categories => V1.RecordKind.Categories,
        RecordKind.Customers => V1.RecordKind.Customers,
        RecordKind.LedgerEntries => V1.RecordKind.LedgerEntries,
        RecordKind.StatementLines => V1.RecordKind.StatementLines,
        RecordKind.Orders => V1.RecordKind.Orders,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a record kind."),
    };

    public static V1.Statement ToProto(this StatementSummary s) => new()
    {
        Id = s.Statement.Id,
        Name = s.Statement.Name,
        Kind = s.Statement.Kind.ToProto(),
        CustomerCode = s.Statement.CustomerCode ?? "",
        LineCount = s.LineCount,
        TotalAmount = s.Total.ToProto(),
        CreateTime = s.Statement.CreatedAt.ToProto(),
    };

    /// <summary>A line as the caller may see it: a viewer gets the payer's account masked, as the archive's bank accounts are.</summary>
    public static V1.StatementLine ToProto(this StatementLine l, Role role) => new()
    {
        Id = l.Id,
        StatementId = l.StatementId,
        Date = l.Date.ToProto(),
        Amount = l.Amount.ToProto(),
        OriginalAmount = l.OriginalAmount.ToProto(),
        Currency = l.Currency,
        CustomerCode = l.CustomerCode ?? "",
        DocumentNumber = l.DocumentNumber ?? "",
        Reference = l.Reference ?? "",
        Text = l.Text ?? "",
        ImportBatchId = l.ImportBatchId ?? 0,
        AdapterId = l.AdapterId ?? "",
        SourceLine = l.SourceLine ?? 0,
        IsOpeningBalance = l.IsOpeningBalance,
        CounterpartyName = l.CounterpartyName ?? "",
        CounterpartyAccount = (CustomerMapping.SeesSensitiveFields(role) ? l.CounterpartyAccount : SensitiveText.MaskAccount(l.CounterpartyAccount)) ?? "",
        Account = l.Account ?? "",
        Resolution = l.Resolution.ToProto(),
        Purpose = l.Purpose.ToProto(),
        SettlementId = l.SettlementId ?? "",
        RefundedAmount = l.RefundedAmount.ToProto(),
    };

    // The wire's copy of the line purpose, member for member.

    public static V1.LinePurpose ToProto(this LinePurpose? purpose) => purpose switch
    {
        null => V1.LinePurpose.Unspecified,
        LinePurpose.Sale => V1.LinePurpose.Sale,
        LinePurpose.Refund => V1.LinePurpose.Refund,
        LinePurpose.Fee => V1.LinePurpose.Fee,
        LinePurpose.Payout => V1.LinePurpose.Payout,
        LinePurpose.Other => V1.LinePurpose.Other,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown line purpose."),
    };

    // The wire's copy of the domain's resolution step, member for member.

    public static V1.CounterpartyResolution ToProto(this CounterpartyResolution step) => step switch
    {
        CounterpartyResolution.None => V1.CounterpartyResolution.Unspecified,
        CounterpartyResolution.Statement => V1.CounterpartyResolution.Statement,
        CounterpartyResolution.Code => V1.CounterpartyResolution.Code,
        CounterpartyResolution.CreditCode => V1.CounterpartyResolution.CreditCode,
        CounterpartyResolution.Account => V1.CounterpartyResolution.Account,
        CounterpartyResolution.Alias => V1.CounterpartyResolution.Alias,
        CounterpartyResolution.Name => V1.CounterpartyResolution.Name,
        CounterpartyResolution.Fuzzy => V1.CounterpartyResolution.Fuzzy,
        CounterpartyResolution.Assigned => V1.CounterpartyResolution.Assigned,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not a resolution step."),
    };

    public static V1.ImportBatch ToProto(this ImportBatch b, IEnumerable<ImportRowError> errors) => new()
    {
        Id = b.Id,
        AdapterId = b.AdapterId,
        FileName = b.FileName,
        FileSha256 = b.FileSha256,
        RecordKind = b.RecordKind.ToProto(),
        StatementId = b.StatementId ?? 0,
        RowsRead = b.RowsRead,
        Imported = b.Imported,
        Duplicates = b.Duplicates,
        Rejected = b.Rejected,
        Committed = b.Committed,
        ImportedBy = b.ImportedBy,
        ImportedFor = b.ImportedFor ?? "",
        AdapterVersion = b.AdapterVersion ?? "",
        PluginSha256 = b.PluginSha256 ?? "",
        CreateTime = b.CreatedAt.ToProto(),
        Errors = { errors.Select(e => e.ToProto()) },
    };

    public static V1.ImportError ToProto(this ImportRowError e) => new() { Line = e.Line, Field = e.Field ?? "", Message = e.Message };

    public static V1.Adapter ToProto(this LoadedAdapter a) => new()
    {
        Id = a.Id,
        Name = a.Name,
        Version = a.Version,
        Produces = { a.Descriptor is { } d ? Kinds(d.Produces) : [] },
        Options =
        {
            a.Descriptor?.Options.Select(o => new V1.AdapterOption
            {
                Name = o.Name,
                Type = o.Type.ToString().ToLowerInvariant(),
                DefaultValue = o.DefaultValue ?? "",
                Description = o.Description + (o.Choices.Count > 0 ? $" ({string.Join(", ", o.Choices)})" : ""),
                Required = o.Required,
            }) ?? [],
        },
        Available = a.IsAvailable,
        UnavailableReason = a.UnavailableReason ?? "",
        Plugin = a.Plugin,
        SdkVersion = a.SdkVersion ?? "",
        Description = a.Descriptor?.Description ?? "",
    };

    /// <summary>The SDK's flags as the wire's list; both number the kinds alike apart from the flag values.</summary>
    public static IEnumerable<V1.RecordKind> Kinds(Sdk.RecordKind kinds)
    {
        if (kinds.HasFlag(Sdk.RecordKind.Categories)) yield return V1.RecordKind.Categories;
        if (kinds.HasFlag(Sdk.RecordKind.Customers)) yield return V1.RecordKind.Customers;
        if (kinds.HasFlag(Sdk.RecordKind.LedgerEntries)) yield return V1.RecordKind.LedgerEntries;
        if (kinds.HasFlag(Sdk.RecordKind.StatementLines)) yield return V1.RecordKind.StatementLines;
        if (kinds.HasFlag(Sdk.RecordKind.Orders)) yield return V1.RecordKind.Orders;
    }

    public static Sdk.RecordKind ToSdk(this V1.RecordKind kind) => kind switch
    {
        V1.RecordKind.Categories => Sdk.RecordKind.Categories,
        V1.RecordKind.Customers => Sdk.RecordKind.Customers,
        V1.RecordKind.LedgerEntries => Sdk.RecordKind.LedgerEntries,
        V1.RecordKind.StatementLines => Sdk.RecordKind.StatementLines,
        V1.RecordKind.Orders => Sdk.RecordKind.Orders,
        _ => throw RuleViolation.Invalid("import.kind", "record_kind is required."),
    };
}
