using ReconGrpc.Application.Queries;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Reconciliation;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

/// <summary>Replies to statements of account, statements sent, and the month-end board on the wire.</summary>
public static class PeriodCloseMapping
{
    public static ReplyVerdict ToDomain(this V1.StatementReplyVerdict verdict) => verdict switch
    {
        V1.StatementReplyVerdict.Agrees => ReplyVerdict.Agrees,
        V1.StatementReplyVerdict.Disagrees => ReplyVerdict.Disagrees,
        // Left to the domain to refuse with its message: an unset or unknown verdict is no verdict.
        _ => (ReplyVerdict)0,
    };

    public static V1.StatementReplyVerdict ToProto(this ReplyVerdict verdict) => verdict switch
    {
        ReplyVerdict.Agrees => V1.StatementReplyVerdict.Agrees,
        ReplyVerdict.Disagrees => V1.StatementReplyVerdict.Disagrees,
        _ => V1.StatementReplyVerdict.Unspecified,
    };

    public static IReadOnlyList<StatementDifference> ToDomain(this IEnumerable<V1.StatementDifference> differences) =>
        [.. differences.Select((d, i) => new StatementDifference(d.Description,
            d.Amount.ToDomain($"differences[{i}].amount") ?? throw RuleViolation.Invalid("reply.difference_amount", $"differences[{i}].amount is required."),
            d.DocumentNumber))];

    public static V1.StatementReply ToProto(this StatementReply r) => new()
    {
        Id = r.Id,
        CustomerCode = r.CustomerCode,
        StartDate = r.StartDate.ToProto(),
        EndDate = r.EndDate.ToProto(),
        Verdict = r.Verdict.ToProto(),
        Differences =
        {
            r.Differences.OrderBy(d => d.Position)
                .Select(d => new V1.StatementDifference { Description = d.Description, Amount = d.Amount.ToProto(), DocumentNumber = d.DocumentNumber ?? "" }),
        },
        DifferenceTotal = r.DifferenceTotal.ToProto(),
        Balance = r.Balance.ToProto(),
        RepliedBy = r.RepliedBy,
        ReplyTime = r.RepliedAt.ToProto(),
        Note = r.Note ?? "",
        RecordedBy = r.RecordedBy,
        RecordedFor = r.RecordedFor ?? "",
        RecordTime = r.RecordedAt.ToProto(),
        ConfirmationId = r.ConfirmationId ?? 0,
    };

    public static V1.StatementSending ToProto(this StatementSending s) => new()
    {
        Id = s.Id,
        CustomerCode = s.CustomerCode,
        StartDate = s.StartDate.ToProto(),
        EndDate = s.EndDate.ToProto(),
        Format = s.Format,
        FileName = s.FileName ?? "",
        SentBy = s.SentBy,
        SentFor = s.SentFor ?? "",
        SendTime = s.SentAt.ToProto(),
    };

    public static V1.MonthEndBoardRow ToProto(this MonthEndBoardRow row) => new()
    {
        CustomerCode = row.CustomerCode,
        CustomerName = row.CustomerName,
        CategoryCode = row.CategoryCode,
        ClosingBalances = { row.ClosingBalances.Select(ToProto) },
        RunId = row.RunId ?? 0,
        Unexplained = { row.Unexplained.Select(ToProto) },
        Reconciled = row.Reconciled,
        SentTime = row.SentAt.ToProto(),
        Reply = row.Reply?.ToProto() ?? V1.StatementReplyVerdict.Unspecified,
        ReplyDifferenceTotal = row.ReplyDifferenceTotal.ToProto(),
        Confirmed = row.Confirmed,
        Locked = row.Locked,
    };

    public static V1.MonthEndBoardSummary ToProto(this MonthEndBoardSummary s) => new()
    {
        Customers = s.Customers,
        Reconciled = s.Reconciled,
        Unexplained = s.Unexplained,
        WithoutRun = s.WithoutRun,
        Sent = s.Sent,
        Agreed = s.Agreed,
        Disagreed = s.Disagreed,
        Confirmed = s.Confirmed,
        Locked = s.Locked,
    };

    private static V1.CurrencyAmount ToProto(CurrencyFigure f) => new() { Currency = f.Currency, Amount = f.Amount.ToProto() };
}
