using ReconGrpc.Application.Queries;
using ReconGrpc.Domain;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

public static class ReceivablesMapping
{
    public static AgingRequest ToDomain(this V1.GetAgingReportRequest r) => new(
        r.AsOfDate.ToDomain("as_of_date").Required("as_of_date"),
        r.Basis switch
        {
            V1.AgingBasis.Unspecified or V1.AgingBasis.DueDate => AgingBasis.DueDate,
            V1.AgingBasis.DocumentDate => AgingBasis.DocumentDate,
            _ => throw RuleViolation.Invalid("aging.basis", "basis is AGING_BASIS_DUE_DATE or AGING_BASIS_DOCUMENT_DATE."),
        },
        [.. r.BucketUpperDays],
        r.CustomerCode,
        r.CategoryCode,
        r.GroupBy switch
        {
            V1.AgingGrouping.Unspecified or V1.AgingGrouping.Customer => false,
            V1.AgingGrouping.Category => true,
            _ => throw RuleViolation.Invalid("aging.group_by", "group_by is AGING_GROUPING_CUSTOMER or AGING_GROUPING_CATEGORY."),
        },
        r.CategoryLevel,
        r.Currency);

    public static RevenueRequest ToDomain(this V1.GetRevenueByCategoryRequest r) => new(
        r.StartDate.ToDomain("start_date").Required("start_date"),
        r.EndDate.ToDomain("end_date").Required("end_date"),
        r.CategoryCode,
        r.GroupBy switch
        {
            V1.RevenueGrouping.Unspecified or V1.RevenueGrouping.Category => true,
            V1.RevenueGrouping.Dimension => false,
            _ => throw RuleViolation.Invalid("revenue.group_by", "group_by is REVENUE_GROUPING_CATEGORY or REVENUE_GROUPING_DIMENSION."),
        },
        r.CategoryLevel,
        r.DimensionCode,
        r.Currency);

    public static V1.GetRevenueByCategoryResponse ToProto(this RevenueReport report) => new()
    {
        StartDate = report.From.ToProto(),
        EndDate = report.To.ToProto(),
        Currency = report.Currency,
        DimensionCode = report.Dimension ?? "",
        Rows = { report.Rows.Select(r => r.ToProto()) },
        Total = report.Total.ToProto(),
    };

    private static V1.RevenueRow ToProto(this RevenueLine line) => new()
    {
        CategoryCode = line.CategoryCode,
        CategoryName = line.CategoryName,
        DimensionValue = line.DimensionValue ?? "",
        Sales = line.Sales.ToProto(),
        Returns = line.Returns.ToProto(),
        Revenue = line.Revenue.ToProto(),
        Receivables = line.Receivables.ToProto(),
        CustomerCount = line.CustomerCount,
    };

    public static V1.GetAgingReportResponse ToProto(this AgingReport report) => new()
    {
        AsOfDate = report.AsOf.ToProto(),
        Currency = report.Currency,
        Rows = { report.Rows.Select(r => r.ToProto(report.BucketUpperDays)) },
        Total = report.Total.ToProto(report.BucketUpperDays),
    };

    private static V1.AgingRow ToProto(this AgingLine line, IReadOnlyList<int> bounds)
    {
        var row = new V1.AgingRow
        {
            Code = line.Code,
            Name = line.Name,
            Balance = line.Balance.ToProto(),
            NotDue = line.NotDue.ToProto(),
            UnappliedCredit = line.UnappliedCredit.ToProto(),
            CreditLimit = line.CreditLimit.ToProto(),
            CustomerCount = line.CustomerCount,
        };
        for (var k = 0; k < line.Buckets.Count; k++)
        {
            row.Buckets.Add(new V1.AgingBucket
            {
                FromDays = k == 0 ? 0 : bounds[k - 1] + 1,
                ToDays = k < bounds.Count ? bounds[k] : 0,
                Amount = line.Buckets[k].ToProto(),
            });
        }

        return row;
    }

    public static V1.GetLedgerDetailResponse ToProto(this LedgerDetailOpening o) => new()
    {
        Opening = new V1.LedgerDetailOpening
        {
            CustomerCode = o.CustomerCode, CustomerName = o.CustomerName, Currency = o.Currency, OpeningBalance = o.OpeningBalance.ToProto(),
        },
    };

    public static V1.LedgerDetailLine ToProto(this LedgerDetailLine l) => new()
    {
        Entry = l.Entry.ToProto(),
        DocumentTypeName = l.DocumentTypeName,
        Debit = l.Debit.ToProto(),
        Credit = l.Credit.ToProto(),
        Balance = l.Balance.ToProto(),
    };

    public static V1.GetLedgerDetailResponse ToProto(this LedgerDetailClosing c) => new()
    {
        Closing = new V1.LedgerDetailClosing
        {
            TotalDebit = c.TotalDebit.ToProto(), TotalCredit = c.TotalCredit.ToProto(), ClosingBalance = c.ClosingBalance.ToProto(), LineCount = c.LineCount,
        },
    };

    public static CreditAlertRequest ToDomain(this V1.ListCreditAlertsRequest r) => new(
        r.AsOfDate.ToDomain("as_of_date").Required("as_of_date"),
        r.CategoryCode,
        [.. r.Kinds.Select(ToDomain)],
        r.NearLimitPercent.ToDomain("near_limit_percent"),
        r.OverdueGraceDays);

    public static V1.CreditAlert ToProto(this CreditAlert a) => new()
    {
        Kind = a.Kind.ToProto(),
        CustomerCode = a.CustomerCode,
        CustomerName = a.CustomerName,
        Balance = a.Balance.ToProto(),
        CreditLimit = a.CreditLimit.ToProto(),
        OverLimit = a.OverLimit.ToProto(),
        OverdueAmount = a.OverdueAmount.ToProto(),
        OldestOverdueDays = a.OldestOverdueDays,
        Currency = a.Currency,
    };

    public static V1.WatchCreditAlertsResponse ToProto(this CreditAlertDelivery delivery) => new()
    {
        Alerts = { delivery.News.Alerts.Select(a => a.ToProto()) },
        LedgerEntryId = delivery.News.LedgerEntryId ?? 0,
        ImportBatchId = delivery.News.ImportBatchId ?? 0,
        DroppedAlerts = delivery.DroppedBefore,
    };

    public static CreditAlertKind ToDomain(this V1.CreditAlertKind kind) => kind switch
    {
        V1.CreditAlertKind.OverLimit => CreditAlertKind.OverLimit,
        V1.CreditAlertKind.NearLimit => CreditAlertKind.NearLimit,
        V1.CreditAlertKind.Overdue => CreditAlertKind.Overdue,
        _ => throw RuleViolation.Invalid("credit.kind", "kinds holds CREDIT_ALERT_KIND_OVER_LIMIT, _NEAR_LIMIT or _OVERDUE."),
    };

    public static V1.CreditAlertKind ToProto(this CreditAlertKind kind) => kind switch
    {
        CreditAlertKind.OverLimit => V1.CreditAlertKind.OverLimit,
        CreditAlertKind.NearLimit => V1.CreditAlertKind.NearLimit,
        CreditAlertKind.Overdue => V1.CreditAlertKind.Overdue,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a credit alert kind."),
    };
}
