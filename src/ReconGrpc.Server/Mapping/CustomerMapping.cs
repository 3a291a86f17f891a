using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Queries;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Customers;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

public static class CustomerMapping
{
    /// <summary>
    /// A customer as <paramref name="role"/> may see it: a viewer gets the bank account and credit code masked
    /// (<see cref="SensitiveText"/>); accountants and admins, who enter and correct them, see them whole.
    /// </summary>
    public static V1.Customer ToProto(this Customer c, Role role)
    {
        var whole = SeesSensitiveFields(role);
        var proto = new V1.Customer
        {
            Id = c.Id,
            Fields = new V1.CustomerFields
            {
                Code = c.Code,
                Name = c.Name,
                ShortName = c.ShortName ?? "",
                Mnemonic = c.Mnemonic,
                CategoryCode = c.CategoryCode,
                CreditCode = (whole ? c.CreditCode : SensitiveText.MaskCreditCode(c.CreditCode)) ?? "",
                TaxNumber = c.TaxNumber ?? "",
                BankName = c.BankName ?? "",
                BankAccount = (whole ? c.BankAccount : SensitiveText.MaskAccount(c.BankAccount)) ?? "",
                Address = c.Address ?? "",
                Phone = c.Phone ?? "",
                Contact = c.Contact ?? "",
                Region = c.Region ?? "",
                Industry = c.Industry ?? "",
                CreditLimit = c.CreditLimit.ToProto(),
                PaymentTermsDays = c.PaymentTermsDays,
                DefaultTaxRate = c.DefaultTaxRate.ToProto(),
                SettlementMethod = c.SettlementMethod ?? "",
                ShipToAddress = c.ShipToAddress ?? "",
                Status = c.Status.ToProto(),
            },
            Version = c.Version,
            CreateTime = c.CreatedAt.ToProto(),
            UpdateTime = c.UpdatedAt.ToProto(),
        };
        foreach (var value in c.DimensionValues)
        {
            proto.Dimensions[value.DimensionCode] = value.Value;
        }

        return proto;
    }

    /// <summary>Whether <paramref name="role"/> sees customers' bank accounts and credit codes whole.</summary>
    public static bool SeesSensitiveFields(Role role) => role >= Role.Accountant;

    public static CustomerProfile ToDomain(this V1.CustomerFields? f)
    {
        f ??= new V1.CustomerFields();
        return new CustomerProfile(
            Code: f.Code,
            Name: f.Name,
            CategoryCode: f.CategoryCode,
            ShortName: f.ShortName,
            Mnemonic: f.Mnemonic,
            CreditCode: f.CreditCode,
            TaxNumber: f.TaxNumber,
            BankName: f.BankName,
            BankAccount: f.BankAccount,
            Address: f.Address,
            Phone: f.Phone,
            Contact: f.Contact,
            Region: f.Region,
            Industry: f.Industry,
            CreditLimit: f.CreditLimit.ToDomain("credit_limit"),
            PaymentTermsDays: f.PaymentTermsDays,
            DefaultTaxRate: f.DefaultTaxRate.ToDomain("default_tax_rate"),
            SettlementMethod: f.SettlementMethod,
            ShipToAddress: f.ShipToAddress,
            Status: f.Status.ToDomain() ?? CustomerStatus.Active);
    }

    public static V1.CustomerStatus ToProto(this CustomerStatus status) => status switch
    {
        CustomerStatus.Frozen => V1.CustomerStatus.Frozen,
        _ => V1.CustomerStatus.Active,
    };

    public static CustomerStatus? ToDomain(this V1.CustomerStatus status) => status switch
    {
        V1.CustomerStatus.Active => CustomerStatus.Active,
        V1.CustomerStatus.Frozen => CustomerStatus.Frozen,
        _ => null,
    };

    public static V1.DuplicateWarning ToProto(this NearDuplicate warning) => new()
    {
        CustomerCode = warning.CustomerCode,
        CustomerName = warning.CustomerName,
        Reason = warning.Reason,
    };

    public static V1.DataQualityFinding ToProto(this DataQualityFinding finding) => new()
    {
        CustomerCode = finding.CustomerCode,
        Rule = finding.Rule,
        Message = finding.Message,
    };

    public static CustomerSearch ToDomain(this V1.SearchCustomersRequest r) => new(
        r.Prefix,
        r.CategoryCode,
        r.IncludeDescendants,
        r.Dimensions,
        r.Status.ToDomain(),
        r.MinCreditLimit.ToDomain("min_credit_limit"),
        r.MaxCreditLimit.ToDomain("max_credit_limit"))
    {
        Computed = new PurchaseFilters(
            r.PeriodStart.ToDomain("period_start"),
            r.PeriodEnd.ToDomain("period_end"),
            r.MinTotalPurchases.ToDomain("min_total_purchases"),
            r.MaxTotalPurchases.ToDomain("max_total_purchases"),
            r.MinAverageMonthlyPurchases.ToDomain("min_average_monthly_purchases"),
            r.MaxAverageMonthlyPurchases.ToDomain("max_average_monthly_purchases"),
            r.MinMonthsActive switch
            {
                0 => null,
                < 0 => throw RuleViolation.Invalid("search.min_months_active", $"min_months_active cannot be negative ({r.MinMonthsActive})."),
                var months => months,
            },
            r.CustomerSinceBefore.ToDomain("customer_since_before"),
            r.MinOverdueBalance.ToDomain("min_overdue_balance"),
            r.Currency),
    };

    public static V1.CustomerFigures ToProto(this CustomerFigures f) => new()
    {
        CustomerCode = f.CustomerCode,
        Currency = f.Currency ?? "",
        TotalPurchases = f.TotalPurchases.ToProto(),
        AverageMonthlyPurchases = f.AverageMonthlyPurchases.ToProto(),
        MonthsActive = f.MonthsActive,
        Months = f.Months,
        CustomerSince = f.CustomerSince.ToProto(),
        OverdueBalance = f.OverdueBalance.ToProto(),
    };
}
