using System.Globalization;
using ReconGrpc.Application.Imports;
using ReconGrpc.Domain;

namespace ReconGrpc.Application.Reports;

/// <summary>Writes one reconciliation report in one file format.</summary>
public interface IReconciliationReportWriter
{
    string Extension { get; }

    string MediaType { get; }

    /// <summary>Writes the report to <paramref name="output"/>, a file of its own (seekable).</summary>
    Task WriteAsync(ReconciliationReport report, string? fontFamily, Stream output, CancellationToken cancellationToken);
}

/// <summary>
/// Exports the reconciliation report (对账报告) of a month or a year for a customer or a category, as XLSX or PDF. It
/// only reads: a report kept for the accounts is not sent to anyone, so nothing is recorded.
/// </summary>
public sealed class ReconciliationReportExport(ReconciliationReportQuery query, ReportFonts fonts, ImportSpoolFolder spool)
{
    /// <returns>The file, and the report it holds (for a summary beside it).</returns>
    public async Task<(ReportFileResult File, ReconciliationReport Report)> ExportAsync(ReconciliationReportRequest request, CancellationToken cancellationToken)
    {
        var (start, end, format) = Check(request);
        IReconciliationReportWriter writer = format == ReportFormat.Xlsx ? new XlsxReconciliationReportWriter() : new PdfReconciliationReportWriter();
        var family = format == ReportFormat.Pdf ? fonts.RequireFamily() : null;
        var customer = string.IsNullOrWhiteSpace(request.CustomerCode) ? null : request.CustomerCode.Trim();
        var report = await query.ReadAsync(customer, customer is null ? request.CategoryCode!.Trim() : null, request.Year, request.Month, start, end, cancellationToken);
        if (report.Customers.Count == 0)
        {
            var who = customer is null ? $"No customer of category '{InputText.Echo(request.CategoryCode!.Trim())}' has a" : $"Customer '{InputText.Echo(customer)}' has no";
            throw RuleViolation.FailedPrecondition("report.no_runs",
                $"{who} completed reconciliation run of its own for {report.PeriodKey} ({ReconciliationReportText.Dates(start, end)}): start one for the customer " +
                "and period (StartRun, recon run start) before reporting.");
        }

        Directory.CreateDirectory(spool.Path);
        var path = Path.Combine(spool.Path, $"{ImportSpoolFolder.ReportPrefix}{Guid.NewGuid():N}{ImportSpoolFolder.Extension}");
        try
        {
            await using (var file = new FileStream(path, new FileStreamOptions
                         {
                             Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.Read | FileShare.Delete, Options = FileOptions.Asynchronous,
                         }))
            {
                await writer.WriteAsync(report, family, file, cancellationToken);
            }

            var code = customer is null ? request.CategoryCode!.Trim() : report.Customers[0].Code;
            return (new ReportFileResult(path, FileName(code, report.PeriodKey, writer.Extension), writer.MediaType, 0), report);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>对账报告_C001_2026-03.xlsx, 对账报告_01_2026.pdf.</summary>
    public static string FileName(string code, string period, string extension)
    {
        var safe = new string([.. code.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '\\' or ':' ? '_' : c)]);
        return $"{ReconciliationReportText.Title}_{safe}_{period}{extension}";
    }

    private static (DateOnly Start, DateOnly End, ReportFormat Format) Check(ReconciliationReportRequest request)
    {
        var hasCustomer = !string.IsNullOrWhiteSpace(request.CustomerCode);
        var hasCategory = !string.IsNullOrWhiteSpace(request.CategoryCode);
        if (hasCustomer == hasCategory)
        {
            throw RuleViolation.Invalid("report.scope", hasCustomer
                ? "Give a customer or a category, not both: a category's report holds each of its customers."
                : "Give the customer (customer_code) or the category (category_code) to report on.");
        }

        if (request.Year < AccountingDates.Min.Year || request.Year > AccountingDates.Max.Year)
        {
            throw RuleViolation.Invalid("report.year",
                $"The year {request.Year.ToString(CultureInfo.InvariantCulture)} is not one the books can hold; give a year such as 2026 " +
                $"({AccountingDates.Min.Year.ToString(CultureInfo.InvariantCulture)} to {AccountingDates.Max.Year.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (request.Month is < 0 or > 12)
        {
            throw RuleViolation.Invalid("report.month",
                $"The month {request.Month.ToString(CultureInfo.InvariantCulture)} is not 1 to 12; give 0 (or leave it out) for the whole year.");
        }

        var format = request.Format switch
        {
            ReportFormat.Xlsx or ReportFormat.Pdf => request.Format.Value,
            ReportFormat.Csv => throw RuleViolation.Invalid("report.format", "The reconciliation report comes as xlsx or pdf; CSV holds one table, the report several."),
            _ => throw RuleViolation.Invalid("report.format", "Choose the file format: xlsx or pdf."),
        };
        var start = new DateOnly(request.Year, request.Month == 0 ? 1 : request.Month, 1);
        var end = request.Month == 0 ? new DateOnly(request.Year, 12, 31) : start.AddMonths(1).AddDays(-1);
        return (start, end, format);
    }
}
