using System.Globalization;
using ReconGrpc.Application.Bank;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

/// <summary>Bank statements' balances, payers and the 银行存款余额调节表, domain to wire.</summary>
public static class BankMapping
{
    public static V1.StatementBalance ToProto(this StatementBalance b) => new()
    {
        ImportBatchId = b.ImportBatchId,
        Position = b.Position,
        SourceLine = b.SourceLine,
        StatementNumber = b.StatementNumber ?? "",
        Account = b.Account ?? "",
        Currency = b.Currency,
        OpeningDate = b.OpeningDate.ToProto(),
        OpeningBalance = b.OpeningBalance.ToProto(),
        ClosingDate = b.ClosingDate.ToProto(),
        ClosingBalance = b.ClosingBalance.ToProto(),
        Lines = b.Lines,
        Credits = b.Credits.ToProto(),
        Debits = b.Debits.ToProto(),
        Difference = b.Difference.ToProto(),
        UnreadRows = b.UnreadRows,
        Problems = { b.Problems() },
    };

    public static V1.UnresolvedLine ToProto(this UnresolvedLine u, Role role) => new()
    {
        Line = u.Line.ToProto(role),
        Closest = { u.Closest.Select(c => c.ToProto()) },
    };

    public static V1.CustomerSuggestion ToProto(this NameSuggestion s) => new()
    {
        CustomerCode = s.Customer.Code,
        CustomerName = s.Name,
        Score = Math.Round((decimal)s.Score, 2, MidpointRounding.AwayFromZero).ToProto(),
    };

    public static V1.CounterpartyAlias ToProto(this CounterpartyAlias a) => new()
    {
        Id = a.Id,
        CustomerCode = a.CustomerCode,
        Name = a.Name ?? "",
        AccountMasked = SensitiveText.MaskAccount(a.Account) ?? "",
        CreatedBy = a.CreatedBy,
    };

    public static V1.UnbookedReceipt ToProto(this UnbookedReceipt r, Role role) => new()
    {
        Line = r.Line.ToProto(role),
        SuggestedEntry = r.Suggested?.ToProto(),
        AlreadyPosted = r.AlreadyPosted,
    };

    /// <summary>A receipt not yet posted: an entry without id or creation time.</summary>
    public static V1.LedgerEntry ToProto(this LedgerEntryDraft d) => new()
    {
        CustomerCode = d.CustomerCode,
        Date = d.Date.ToProto(),
        DocumentType = d.DocumentType.ToProto(),
        DocumentNumber = d.DocumentNumber,
        VoucherNumber = d.VoucherNumber ?? "",
        Amount = d.Amount.ToProto(),
        Currency = d.Currency,
        DueDate = d.DueDate.ToProto(),
        Reference = d.Reference ?? "",
        Memo = d.Memo ?? "",
    };

    public static V1.BankReconciliation ToProto(this BankReconciliation r) => new()
    {
        Currency = r.Currency,
        BankClosingBalance = r.BankClosingBalance.ToProto(),
        BankClosingDate = r.BankClosingDate.ToProto(),
        BankReceivedNotBooked = r.BankReceivedNotBooked.ToProto(),
        BankPaidNotBooked = r.BankPaidNotBooked.ToProto(),
        BookedNotReceived = r.BookedNotReceived.ToProto(),
        BookedNotPaid = r.BookedNotPaid.ToProto(),
        AdjustedBankBalance = r.AdjustedBankBalance.ToProto(),
        ImpliedBookBalance = r.ImpliedBookBalance.ToProto(),
        BookBalance = r.BookBalance.ToProto(),
        AdjustedBookBalance = r.AdjustedBookBalance.ToProto(),
        Unexplained = r.Unexplained.ToProto(),
        Notes = { r.Notes },
    };
}
