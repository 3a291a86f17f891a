using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon report statement</c> and <c>recon report reminder</c>: a customer's statement of account (对账单) or reminder (催款函), or a category's in a ZIP.</summary>
public static class StatementCommands
{
    public sealed record StatementJson(string Output, string FileName, string MediaType, int StatementCount, long SizeBytes, IReadOnlyList<string> Files);

    /// <summary>A category's statements for a long period take a while: far longer than an ordinary call's deadline.</summary>
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromMinutes(30);

    public static Command Create(CliSessionFactory sessions)
    {
        var customer = new Option<string?>("--customer") { Description = "The customer's code: one statement" };
        var category = new Option<string?>("--category") { Description = "A category's code: one statement per customer with a balance or movements, as a ZIP" };
        var period = new Option<string?>("--period") { Description = "A calendar month, YYYY-MM (or give --from and --to)" };
        var from = new Option<string?>("--from") { Description = "The period's first day (YYYY-MM-DD)" };
        var to = new Option<string?>("--to") { Description = "The period's last day (YYYY-MM-DD)" };
        var format = new Option<string>("--format") { Description = "pdf, xlsx or csv", Required = true };
        format.AcceptOnlyFromAmong("pdf", "xlsx", "csv");
        var output = new Option<string>("--output", "-o")
        {
            Description = "The file to write; with --category a folder to unzip into, or a .zip file to keep the archive",
            Required = true,
        };
        var openItems = new Option<bool>("--open-items") { Description = "Only the items still open at the period's end, not every movement" };
        var aging = new Option<bool>("--aging") { Description = "Add an aging summary of the open items (0–30 … over 180 days past due)" };
        var currency = new Option<string?>("--currency") { Description = "Only entries in this currency (needed when a customer has several)" };
        var command = new Command("statement", "A statement of account (对账单) with open items and a confirmation block, as PDF, XLSX or CSV")
        {
            customer, category, period, from, to, format, output, openItems, aging, currency,
        };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var (start, end) = Period(parsed.GetValue(period), parsed.GetValue(from), parsed.GetValue(to));
            var request = new ExportStatementOfAccountRequest
            {
                CustomerCode = parsed.GetValue(customer) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                StartDate = start,
                EndDate = end,
                Format = parsed.GetValue(format) switch { "pdf" => ReportFormat.Pdf, "xlsx" => ReportFormat.Xlsx, _ => ReportFormat.Csv },
                OpenItemsOnly = parsed.GetValue(openItems),
                IncludeAging = parsed.GetValue(aging),
                Currency = parsed.GetValue(currency) ?? "",
            };
            await DownloadAsync(session, request, parsed.GetValue(output)!, "statement(s)", ct);
        }));
        return command;
    }

    /// <summary><c>recon report reminder</c>: a reminder (催款函) of a customer's overdue items, or a category's in a ZIP.</summary>
    public static Command CreateReminder(CliSessionFactory sessions)
    {
        var customer = new Option<string?>("--customer") { Description = "The customer's code: one reminder" };
        var category = new Option<string?>("--category") { Description = "A category's code: one reminder per customer with overdue items, as a ZIP" };
        var asOf = new Option<string?>("--as-of") { Description = "The date the overdue items are taken at (YYYY-MM-DD; default today)" };
        var format = new Option<string>("--format") { Description = "pdf, xlsx or csv", Required = true };
        format.AcceptOnlyFromAmong("pdf", "xlsx", "csv");
        var output = new Option<string>("--output", "-o")
        {
            Description = "The file to write; with --category a folder to unzip into, or a .zip file to keep the archive",
            Required = true,
        };
        var currency = new Option<string?>("--currency") { Description = "Only entries in this currency (needed when a customer has several)" };
        var command = new Command("reminder", "A reminder (催款函) of the overdue items with their total and a demand for payment, as PDF, XLSX or CSV")
        {
            customer, category, asOf, format, output, currency,
        };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var date = parsed.GetValue(asOf) is { } given ? CliInput.Date(given, "--as-of") : DateOnly.FromDateTime(DateTime.Now);
            var request = new ExportStatementOfAccountRequest
            {
                CustomerCode = parsed.GetValue(customer) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                Reminder = true,
                AsOfDate = ToDate(date),
                Format = parsed.GetValue(format) switch { "pdf" => ReportFormat.Pdf, "xlsx" => ReportFormat.Xlsx, _ => ReportFormat.Csv },
                Currency = parsed.GetValue(currency) ?? "",
            };
            await DownloadAsync(session, request, parsed.GetValue(output)!, "reminder(s)", ct);
        }));
        return command;
    }

    /// <summary>Exports, then writes the file (or unzips the archive into the folder) and says what was saved.</summary>
    private static async Task DownloadAsync(CliSession session, ExportStatementOfAccountRequest request, string target, string noun, CancellationToken ct)
    {
        var client = new ReportService.ReportServiceClient(session.Invoker);
        using var call = client.ExportStatementOfAccount(request, new CallOptions(deadline: DateTime.UtcNow + ExportTimeout, cancellationToken: ct));
        if (!await call.ResponseStream.MoveNext(ct) || call.ResponseStream.Current.PartCase != ExportStatementOfAccountResponse.PartOneofCase.File)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the server ended the export before describing the file"));
        }

        var file = call.ResponseStream.Current.File;
        var unzip = file.MediaType == "application/zip" && !target.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        var path = Path.GetFullPath(unzip ? Path.Combine(target, file.FileName) : target);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written beside the target and renamed once complete, so a broken transfer never leaves a file that looks whole.
        var partial = path + ".part";
        long size = 0;
        await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            while (await call.ResponseStream.MoveNext(ct))
            {
                var chunk = call.ResponseStream.Current.Chunk.Memory;
                size += chunk.Length;
                await stream.WriteAsync(chunk, ct);
            }
        }

        List<string> files;
        if (unzip)
        {
            var folder = Path.GetFullPath(target);
            using (var zip = ZipFile.OpenRead(partial))
            {
                files = [.. zip.Entries.Select(e => Path.Combine(folder, e.FullName))];
                zip.ExtractToDirectory(folder, overwriteFiles: true);
            }

            File.Delete(partial);
            path = folder;
        }
        else
        {
            File.Move(partial, path, overwrite: true);
            files = [path];
        }

        var json = new StatementJson(path, file.FileName, file.MediaType, file.StatementCount, size, files);
        if (session.Json)
        {
            await session.WriteJsonAsync(json);
            return;
        }

        await session.Out.WriteLineAsync(unzip
            ? $"saved {file.StatementCount} {noun} into {path}"
            : $"saved {path} ({size.ToString("N0", CultureInfo.InvariantCulture)} bytes, {file.StatementCount} {noun})");
        if (unzip)
        {
            foreach (var name in files)
            {
                await session.Out.WriteLineAsync("  " + Path.GetFileName(name));
            }
        }
    }

    /// <summary>--period YYYY-MM, or --from and --to; a usage error for anything else.</summary>
    private static (Date Start, Date End) Period(string? period, string? from, string? to)
    {
        if (period is not null)
        {
            if (from is not null || to is not null)
            {
                throw new CliUsageException("give --period or --from/--to, not both.");
            }

            if (!DateOnly.TryParseExact(period.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                throw new CliUsageException($"--period '{period}' is not a month; write YYYY-MM (e.g. 2026-03).");
            }

            return (ToDate(first), ToDate(first.AddMonths(1).AddDays(-1)));
        }

        if (from is null || to is null)
        {
            throw new CliUsageException("give the period: --period YYYY-MM, or --from and --to.");
        }

        return (ToDate(CliInput.Date(from, "--from")), ToDate(CliInput.Date(to, "--to")));
    }

    private static Date ToDate(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
