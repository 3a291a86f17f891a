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
