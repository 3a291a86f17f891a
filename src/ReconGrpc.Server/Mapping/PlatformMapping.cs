using ReconGrpc.Application.Platforms;
using ReconGrpc.Domain.Platforms;
using ReconGrpc.Matching.Settlement;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

/// <summary>Three-way runs on the wire and back: the one place their proto and domain shapes meet.</summary>
public static class PlatformMapping
{
    public static SettlementRunRequest ToDomain(this V1.RunSettlementRequest r) => new(
        r.OrdersStatementId, r.BillStatementId, r.BankStatementId == 0 ? null : r.BankStatementId,
        r.StartDate.ToDomain("start_date").Required("start_date"), r.EndDate.ToDomain("end_date").Required("end_date"),
        string.IsNullOrWhiteSpace(r.CustomerCode) ? null : r.CustomerCode, r.PayoutDays == 0 ? null : r.PayoutDays);

    public static V1.SettlementRun ToProto(this SettlementRunView view)
    {
        var proto = view.Run.ToProto();
        proto.Totals.Add(view.Totals.Select(t => t.ToProto()));
        return proto;
    }

    public static V1.SettlementRun ToProto(this SettlementRun r) => new()
    {
        Id = r.Id,
        OrdersStatementId = r.OrdersStatementId,
        BillStatementId = r.BillStatementId,
        BankStatementId = r.BankStatementId ?? 0,
        StartDate = r.StartDate.ToProto(),
        EndDate = r.EndDate.ToProto(),
        CustomerCode = r.CustomerCode ?? "",
        PayoutDays = r.PayoutDays,
        Status = r.Status switch
        {
            SettlementRunStatus.Running => V1.SettlementRunStatus.Running,
            SettlementRunStatus.Completed => V1.SettlementRunStatus.Completed,
            SettlementRunStatus.Failed => V1.SettlementRunStatus.Failed,
            SettlementRunStatus.Cancelled => V1.SettlementRunStatus.Cancelled,
            _ => throw new ArgumentOutOfRangeException(nameof(r), r.Status, "Unknown settlement run status."),
        },
        StartTime = r.StartedAt.ToProto(),
        CompleteTime = r.CompletedAt.ToProto(),
        StartedBy = r.StartedBy,
        Failure = r.Failure ?? "",
        Items = r.ItemCount,
        Exceptions = r.ExceptionCount,
    };

    public static V1.SettlementTotals ToProto(this SettlementRunTotal t) => new()
    {
        Currency = t.Currency,
        Orders = t.Orders,
        OrderAmount = t.OrderAmount.ToProto(),
        Settled = t.Settled,
        Refunded = t.Refunded,
        Open = t.Open,
        SettledAfterPeriod = t.SettledAfterPeriod,
        AmountDiffers = t.AmountDiffers,
        Sales = t.Sales.ToProto(),
        Refunds = t.Refunds.ToProto(),
        Fees = t.Fees.ToProto(),
        FeeLines = t.FeeLines,
        Payouts = t.Payouts.ToProto(),
        PayoutCount = t.PayoutCount,
        PayoutsOnBank = t.PayoutsOnBank.ToProto(),
        InTransit = t.InTransit.ToProto(),
        Exceptions = t.Exceptions,
        FeesEntryId = t.FeesEntryId ?? 0,
    };

    public static V1.SettlementItem ToProto(this SettlementRunItem i) => new()
    {
        Sequence = i.Sequence,
        Subject = i.Subject.ToProto(),
        LineId = i.LineId,
        Outcome = i.Outcome.ToProto(),
        IsException = i.IsException,
        Currency = i.Currency,
        Amount = i.Amount.ToProto(),
        Difference = i.Difference.ToProto(),
        RelatedLineIds = { i.RelatedIds },
        Explanation = i.Explanation ?? "",
    };

    public static V1.SettlementProgress ToProto(this SettlementProgress p) => new()
    {
        RunId = p.RunId, Phase = p.Phase, Orders = p.Orders, BillLines = p.BillLines, BankLines = p.BankLines, ItemsStored = p.ItemsStored,
    };

    // The wire's copies of the subject and outcome, member for member.

    public static V1.SettlementSubject ToProto(this SettlementSubject subject) => subject switch
    {
        SettlementSubject.Order => V1.SettlementSubject.Order,
        SettlementSubject.BillLine => V1.SettlementSubject.BillLine,
        SettlementSubject.Payout => V1.SettlementSubject.Payout,
        SettlementSubject.BankLine => V1.SettlementSubject.BankLine,
        _ => throw new ArgumentOutOfRangeException(nameof(subject), subject, "Unknown settlement subject."),
    };

    public static SettlementSubject? ToDomain(this V1.SettlementSubject subject) => subject switch
    {
        V1.SettlementSubject.Unspecified => null,
        V1.SettlementSubject.Order => SettlementSubject.Order,
        V1.SettlementSubject.BillLine => SettlementSubject.BillLine,
        V1.SettlementSubject.Payout => SettlementSubject.Payout,
        V1.SettlementSubject.BankLine => SettlementSubject.BankLine,
        _ => throw Domain.RuleViolation.Invalid("settlement.subject", $"Unknown settlement subject {(int)subject}."),
    };

    public static V1.SettlementOutcome ToProto(this SettlementOutcome outcome) => outcome switch
    {
        SettlementOutcome.Settled => V1.SettlementOutcome.Settled,
        SettlementOutcome.Refunded => V1.SettlementOutcome.Refunded,
        SettlementOutcome.Open => V1.SettlementOutcome.Open,
        SettlementOutcome.SettledAfterPeriod => V1.SettlementOutcome.SettledAfterPeriod,
        SettlementOutcome.AmountDiffers => V1.SettlementOutcome.AmountDiffers,
        SettlementOutcome.UnknownOrder => V1.SettlementOutcome.UnknownOrder,
        SettlementOutcome.DuplicateFee => V1.SettlementOutcome.DuplicateFee,
        SettlementOutcome.RefundAfterPeriod => V1.SettlementOutcome.RefundAfterPeriod,
        SettlementOutcome.EarlierOrder => V1.SettlementOutcome.EarlierOrder,
        SettlementOutcome.OnBank => V1.SettlementOutcome.OnBank,
        SettlementOutcome.InTransit => V1.SettlementOutcome.InTransit,
        SettlementOutcome.SettlementDiffers => V1.SettlementOutcome.SettlementDiffers,
        SettlementOutcome.NoPayout => V1.SettlementOutcome.NoPayout,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown settlement outcome."),
    };

    public static SettlementOutcome? ToDomain(this V1.SettlementOutcome outcome) => outcome switch
    {
        V1.SettlementOutcome.Unspecified => null,
        V1.SettlementOutcome.Settled => SettlementOutcome.Settled,
        V1.SettlementOutcome.Refunded => SettlementOutcome.Refunded,
        V1.SettlementOutcome.Open => SettlementOutcome.Open,
        V1.SettlementOutcome.SettledAfterPeriod => SettlementOutcome.SettledAfterPeriod,
        V1.SettlementOutcome.AmountDiffers => SettlementOutcome.AmountDiffers,
        V1.SettlementOutcome.UnknownOrder => SettlementOutcome.UnknownOrder,
        V1.SettlementOutcome.DuplicateFee => SettlementOutcome.DuplicateFee,
        V1.SettlementOutcome.RefundAfterPeriod => SettlementOutcome.RefundAfterPeriod,
        V1.SettlementOutcome.EarlierOrder => SettlementOutcome.EarlierOrder,
        V1.SettlementOutcome.OnBank => SettlementOutcome.OnBank,
        V1.SettlementOutcome.InTransit => SettlementOutcome.InTransit,
        V1.SettlementOutcome.SettlementDiffers => SettlementOutcome.SettlementDiffers,
        V1.SettlementOutcome.NoPayout => SettlementOutcome.NoPayout,
        _ => throw Domain.RuleViolation.Invalid("settlement.outcome", $"Unknown settlement outcome {(int)outcome}."),
    };
}
