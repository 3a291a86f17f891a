using System.IO.Compression;
using ReconGrpc.Application.Imports;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Application.Reports;

/// <summary>A report written to a temporary file of the spool folder, for the caller to send on; deleted on dispose.</summary>
public sealed class ReportFileResult(string path, string fileName, string mediaType, int statementCount) : IAsyncDisposable
{
    public string Path { get; } = path;

    public string FileName { get; } = fileName;

    public string MediaType { get; } = mediaType;

    /// <summary>How many statements it holds (more than one only in a ZIP archive).</summary>
    public int StatementCount { get; } = statementCount;

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Exports statements of account (对账单): one customer's as a file, or every customer of a category with a balance or
/// movements as one file each in a ZIP archive. Each statement sent is recorded in the audit log.
/// </summary>
public sealed class StatementExport(StatementOfAccountQuery query, StatementOptions options, ReportFonts fonts, ImportSpoolFolder spool, ChangeRunner changes)
{
    /// <summary>The most days one statement covers: ten years.</summary>
    public const int MaxPeriodDays = 3660;

    public async Task<ReportFileResult> ExportAsync(Actor actor, StatementRequest request, CancellationToken cancellationToken)
    {
        var (start, end, format) = Check(request);
        var writer = Writer(format);
        var layout = new StatementLayout(options.EffectiveColumns(), string.IsNullOrWhiteSpace(options.LogoPath) ? null : options.LogoPath.Trim(),
            format == ReportFormat.Pdf ? fonts.RequireFamily() : null);
        var currency = string.IsNullOrWhiteSpace(request.Currency) ? null : request.Currency.Trim().ToUpperInvariant();
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            throw RuleViolation.Invalid("statement.currency", $"The currency '{InputText.Echo(request.Currency!)}' is not a three-letter ISO 4217 code such as CNY.");
        }

        Directory.CreateDirectory(spool.Path);
        await using var reading = await query.BeginAsync(cancellationToken);
        var sent = new List<StatementOfAccount>();
        var path = TempPath();
        try
        {
            string fileName;
            string mediaType;
            if (!string.IsNullOrWhiteSpace(request.CustomerCode))
            {
                var code = await reading.RequireCustomerAsync(request.CustomerCode, cancellationToken);
                var statement = await ReadAsync(reading, request, code, start, end, currency, cancellationToken);
                if (request.Reminder && !statement.HasContent)
                {
                    throw RuleViolation.FailedPrecondition("reminder.nothing_overdue",
                        $"Customer '{code}' has nothing overdue on {StatementText.Date(end)}{(currency is null ? "" : $" in {currency}")}: there is no reminder to send.");
                }

                await using (var file = Create(path))
                {
                    await writer.WriteAsync(statement, reading.MovementsAsync(statement, cancellationToken), layout, file, cancellationToken);
                }

                sent.Add(statement);
                fileName = FileName(statement, writer.Extension);
                mediaType = writer.MediaType;
            }
            else
            {
                var category = request.CategoryCode!.Trim();
                var customers = await reading.CategoryCustomersAsync(category, cancellationToken);
                await using (var file = Create(path))
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var code in customers)
                    {
                        var statement = await ReadAsync(reading, request, code, start, end, currency, cancellationToken);
                        if (!statement.HasContent)
                        {
                            continue;
                        }

                        await AddAsync(zip, writer, statement, reading, layout, FileName(statement, writer.Extension), cancellationToken);
                        sent.Add(statement);
                    }
                }

                if (sent.Count == 0 && request.Reminder)
                {
                    throw RuleViolation.FailedPrecondition("reminder.nothing_overdue",
                        $"No customer of category '{InputText.Echo(category)}' has anything overdue on {StatementText.Date(end)}" +
                        (currency is null ? "" : $" in {currency}") + ": there is no reminder to send.");
                }

                if (sent.Count == 0)
                {
                    throw RuleViolation.FailedPrecondition("statement.nothing_to_send",
                        $"No customer of category '{InputText.Echo(category)}' has a balance or movements from {StatementText.Date(start)} to {StatementText.Date(end)}" +
                        (currency is null ? "." : $" in {currency}."));
                }

                fileName = FileName(category, start, end, ".zip", request.Reminder);
                mediaType = "application/zip";
            }

            await RecordAsync(actor, sent, format, writer.Extension, cancellationToken);
            return new ReportFileResult(path, fileName, mediaType, sent.Count);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>A statement of the period, or a reminder: the items open at the date, of which it sends the overdue ones.</summary>
    private static async Task<StatementOfAccount> ReadAsync(StatementReading reading, StatementRequest request, string code, DateOnly start, DateOnly end,
        string? currency, CancellationToken cancellationToken) =>
        request.Reminder
            ? await reading.ReadAsync(code, end, end, currency, openItemsOnly: true, includeAging: false, cancellationToken) with { Reminder = true, Reconciliation = null }
            : await reading.ReadAsync(code, start, end, currency, request.OpenItemsOnly, request.IncludeAging, cancellationToken);

    /// <summary>One statement into the archive: written to a file of its own first (an XLSX is a ZIP that needs to seek).</summary>
    private async Task AddAsync(ZipArchive zip, IStatementWriter writer, StatementOfAccount statement, StatementReading reading, StatementLayout layout,
        string name, CancellationToken cancellationToken)
    {
        var part = TempPath();
        try
        {
            await using (var file = Create(part))
            {
                await writer.WriteAsync(statement, reading.MovementsAsync(statement, cancellationToken), layout, file, cancellationToken);
            }

            // PDF and XLSX are compressed already; storing them again compressed would cost time for nothing.
            var entry = zip.CreateEntry(name, writer.Extension == ".csv" ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            await using var target = entry.Open();
            await using var source = File.OpenRead(part);
            await source.CopyToAsync(target, cancellationToken);
        }
        finally
        {
            File.Delete(part);
        }
    }

    /// <summary>Each statement in the file counts as sent: the month-end board shows it, and the audit log says what went to whom.</summary>
    private Task RecordAsync(Actor actor, IReadOnlyList<StatementOfAccount> sent, ReportFormat format, string extension, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            foreach (var s in sent)
            {
                if (s.Reminder)
                {
                    // A reminder is no statement of a period: the audit log alone says what was demanded of whom, and when.
                    var name = FileName(s, extension);
                    session.Record(AuditActions.Reminder.Sent, "customer", s.Customer.Code, null, AuditSnapshot.Of(new
                    {
                        CustomerCode = s.Customer.Code, AsOf = s.EndDate, s.Currency, s.OverdueTotal, OverdueItems = s.OverdueItems.Count(),
                        Format = format.ToString().ToLowerInvariant(), FileName = name,
                    }), name);
                    continue;
                }

                await PeriodBook.AddSendingAsync(session, s.Customer.Code, s.StartDate, s.EndDate, format.ToString().ToLowerInvariant(),
                    FileName(s, extension), ct);
            }

            return 0;
        }, cancellationToken);

    private static (DateOnly Start, DateOnly End, ReportFormat Format) Check(StatementRequest request)
    {
        var hasCustomer = !string.IsNullOrWhiteSpace(request.CustomerCode);
        var hasCategory = !string.IsNullOrWhiteSpace(request.CategoryCode);
        if (hasCustomer == hasCategory)
        {
            var what = request.Reminder ? "reminder" : "statement";
            throw RuleViolation.Invalid("statement.scope", hasCustomer
                ? $"Give a customer or a category, not both: a customer's {what} is one file, a category's a ZIP of them."
                : $"Give the customer (customer_code) or a category (category_code) whose {what}s to export.");
        }

        if (request.Reminder)
        {
            if (request.StartDate is not null || request.EndDate is not null)
            {
                throw RuleViolation.Invalid("reminder.dates", "A reminder is taken at one date (as_of_date); leave start_date and end_date empty.");
            }

            var asOf = request.AsOf ?? throw RuleViolation.Invalid("reminder.as_of_date", "The day the overdue items are taken at (as_of_date) is required.");
            AccountingDates.Check(asOf, "reminder.as_of_date", "The as-of date");
            return (asOf, asOf, CheckedFormat(request));
        }

        if (request.AsOf is not null)
        {
            throw RuleViolation.Invalid("statement.as_of_date", "as_of_date is for reminders; a statement covers start_date to end_date.");
        }

        var start = request.StartDate ?? throw RuleViolation.Invalid("statement.start_date", "The period's first day (start_date) is required.");
        var end = request.EndDate ?? throw RuleViolation.Invalid("statement.end_date", "The period's last day (end_date) is required.");
        AccountingDates.Check(start, "statement.dates", "The start date");
        AccountingDates.Check(end, "statement.dates", "The end date");
        if (end < start)
        {
            throw RuleViolation.Invalid("statement.dates", $"The end date {end:yyyy-MM-dd} is before the start date {start:yyyy-MM-dd}.");
        }

        if (end.DayNumber - start.DayNumber >= MaxPeriodDays)
        {
            throw RuleViolation.Invalid("statement.dates", $"A statement covers at most {MaxPeriodDays} days; split the period.");
        }

        return (start, end, CheckedFormat(request));
    }

    private static ReportFormat CheckedFormat(StatementRequest request) =>
        request.Format is { } f && Enum.IsDefined(f) ? f : throw RuleViolation.Invalid("statement.format", "Choose the file format: xlsx, pdf or csv.");

    private static IStatementWriter Writer(ReportFormat format) => format switch
    {
        ReportFormat.Csv => new CsvStatementWriter(),
        ReportFormat.Xlsx => new XlsxStatementWriter(),
        _ => new PdfStatementWriter(),
    };

    /// <summary>
    /// 对账单_C001_2026-03.pdf for a calendar month, 对账单_C001_2026-03-01_2026-04-15.pdf otherwise; a reminder is
    /// 催款函_C001_2026-06-30.pdf, by its date.
    /// </summary>
    public static string FileName(string code, DateOnly start, DateOnly end, string extension, bool reminder = false)
    {
        var wholeMonth = start.Day == 1 && end == start.AddMonths(1).AddDays(-1);
        var period = reminder ? StatementText.Date(end)
            : wholeMonth ? start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) : $"{StatementText.Date(start)}_{StatementText.Date(end)}";
        var safe = new string([.. code.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '\\' or ':' ? '_' : c)]);
        return $"{(reminder ? StatementText.ReminderTitle : StatementText.Title)}_{safe}_{period}{extension}";
    }

    private static string FileName(StatementOfAccount s, string extension) => FileName(s.Customer.Code, s.StartDate, s.EndDate, extension, s.Reminder);

    private string TempPath() => Path.Combine(spool.Path, $"{ImportSpoolFolder.ReportPrefix}{Guid.NewGuid():N}{ImportSpoolFolder.Extension}");

    private static FileStream Create(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.ReadWrite,
        Share = FileShare.Read | FileShare.Delete,
        Options = FileOptions.Asynchronous,
    });
}
