using ReconGrpc.Application.Queries;
using ReconGrpc.Domain;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

public static class BehaviourMapping
{
    public static PaymentBehaviourRequest ToDomain(this V1.GetPaymentBehaviourRequest r) => new(
        MonthWindow.Parse(r.FromMonth, r.ToMonth),
        r.CustomerCode,
        r.CategoryCode,
        r.GroupBy switch
        {
            V1.AgingGrouping.Unspecified or V1.AgingGrouping.Customer => false,
            V1.AgingGrouping.Category => true,
            _ => throw RuleViolation.Invalid("behaviour.group_by", "group_by is AGING_GROUPING_CUSTOMER or AGING_GROUPING_CATEGORY."),
        },
        r.CategoryLevel,
        r.Currency);

    public static V1.GetPaymentBehaviourResponse ToProto(this PaymentBehaviourReport report) => new()
    {
        FromMonth = report.Window.FromMonth,
        ToMonth = report.Window.ToMonth,
        Days = report.Window.Days,
        Currency = report.Currency,
        Rows = { report.Rows.Select(ToProto) },
        Total = report.Total.ToProto(),
    };

    public static V1.PaymentBehaviourRow ToProto(this BehaviourLine line) => new()
    {
        Code = line.Code,
        Name = line.Name,
        CustomerCount = line.CustomerCount,
        Sales = line.Sales.ToProto(),
        AverageMonthlySales = line.AverageMonthlySales.ToProto(),
        AverageReceivables = line.AverageReceivables.ToProto(),
        Dso = line.Dso.ToProto(),
        SettledByReceipts = line.SettledByReceipts.ToProto(),
        AverageDaysToPay = line.AverageDaysToPay.ToProto(),
        OnTimePercent = line.OnTimePercent.ToProto(),
        MonthsActive = line.MonthsActive,
        MonthCount = line.MonthCount,
        SalesVariation = line.SalesVariation.ToProto(),
        Balance = line.Balance.ToProto(),
        Overdue = line.Overdue.ToProto(),
        Months = { line.Months.Select(m => new V1.BehaviourMonth { Month = m.Month, Sales = m.Sales.ToProto(), ClosingBalance = m.ClosingBalance.ToProto() }) },
    };

    public static SuggestionRequest ToDomain(this V1.SuggestClassificationsRequest r) => new(r.CategoryCode, r.WindowMonths, r.ToMonth, r.Currency);

    public static V1.SuggestClassificationsResponse ToProto(this ClassificationSuggestions s) => new()
    {
        Enabled = s.Enabled,
        FromMonth = s.Enabled ? s.Window.FromMonth : "",
        ToMonth = s.Enabled ? s.Window.ToMonth : "",
        Currency = s.Enabled ? s.Currency : "",
        CustomersConsidered = s.CustomersConsidered,
        Suggestions = { s.Suggestions.Select(ToProto) },
        Problems = { s.Problems.Select(p => new V1.SuggestionRuleProblem { RuleNumber = p.RuleNumber, RuleName = p.RuleName, Message = p.Message, CustomersMatched = p.CustomersMatched }) },
    };

    private static V1.ClassificationSuggestion ToProto(ClassificationSuggestion s)
    {
        var proto = new V1.ClassificationSuggestion
        {
            CustomerCode = s.CustomerCode,
            CustomerName = s.CustomerName,
            CurrentCategoryCode = s.CurrentCategoryCode,
            RuleNumber = s.RuleNumber,
            RuleName = s.RuleName,
            CategoryCode = s.CategoryCode ?? "",
            CategoryName = s.CategoryName ?? "",
            DimensionCode = s.DimensionCode ?? "",
            DimensionValue = s.DimensionValue ?? "",
            Reason = s.Reason,
            Behaviour = s.Behaviour.ToProto(),
        };
        if (s.CategoryCode is { } category)
        {
            proto.Reclassify = new V1.ReclassifyCustomerRequest
            {
                Id = s.CustomerId, CategoryCode = category, EffectiveDate = s.EffectiveDate.ToProto(), Reason = s.Reason, Version = s.Version,
            };
        }
        else
        {
            proto.SetDimensions = new V1.SetCustomerDimensionsRequest { Id = s.CustomerId, Dimensions = { s.Dimensions.ToDictionary() }, Version = s.Version };
        }

        return proto;
    }
}
