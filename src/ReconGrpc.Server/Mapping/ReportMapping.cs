using ReconGrpc.Application.Reports;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

public static class ReportMapping
{
    public static StatementRequest ToDomain(this V1.ExportStatementOfAccountRequest request) => new(
        request.CustomerCode,
        request.CategoryCode,
        request.StartDate.ToDomain("start_date"),
        request.EndDate.ToDomain("end_date"),
        request.Format.ToDomain(),
        request.OpenItemsOnly,
        request.IncludeAging,
        request.Currency)
    {
        Reminder = request.Reminder,
        AsOf = request.AsOfDate.ToDomain("as_of_date"),
    };

    public static ReconciliationReportRequest ToDomain(this V1.ExportReconciliationReportRequest request) => new(
        request.CustomerCode,
        request.CategoryCode,
        request.Year,
        request.Month,
        request.Format.ToDomain());

    /// <summary>The summary the report's stream begins with: the file, and a line per customer.</summary>
    public static V1.ReconciliationReportSummary ToProto(this ReconciliationReport report, ReportFileResult file)
    {
        var summary = new V1.ReconciliationReportSummary
        {
            File = file.ToProto(),
            StartDate = report.StartDate.ToProto(),
            EndDate = report.EndDate.ToProto(),
            CustomersWithoutRun = report.CustomersWithoutRun,
        };
        foreach (var customer in report.Customers)
        {
            var row = new V1.ReconciliationReportRow
            {
                CustomerCode = customer.Code,
                CustomerName = customer.Name,
                CategoryCode = customer.CategoryCode,
                Runs = customer.Runs.Count,
                ManualActions = customer.Actions.Count,
            };
            foreach (var c in customer.Currencies())
            {
                row.Currencies.Add(new V1.ReconciliationReportCurrency
                {
                    Currency = c.Currency,
                    MatchedCount = c.MatchedCount,
                    MatchedDebit = c.MatchedDebit.ToProto(),
                    MatchedCredit = c.MatchedCredit.ToProto(),
                    ProposedCount = c.ProposedCount,
                    OpenExceptions = c.OpenExceptions,
                    OurBalance = c.OurBalance?.ToProto(),
                    TheirBalance = c.TheirBalance?.ToProto(),
                    Unexplained = c.Unexplained?.ToProto(),
                });
            }

            summary.Customers.Add(row);
        }

        return summary;
    }

    /// <summary>The format asked for; null for UNSPECIFIED or a value this server does not know, which the use case refuses.</summary>
    public static ReportFormat? ToDomain(this V1.ReportFormat format) => format switch
    {
        V1.ReportFormat.Xlsx => ReportFormat.Xlsx,
        V1.ReportFormat.Pdf => ReportFormat.Pdf,
        V1.ReportFormat.Csv => ReportFormat.Csv,
        _ => null,
    };

    public static V1.ReportFile ToProto(this ReportFileResult file) => new()
    {
        FileName = file.FileName,
        MediaType = file.MediaType,
        StatementCount = file.StatementCount,
    };
}
