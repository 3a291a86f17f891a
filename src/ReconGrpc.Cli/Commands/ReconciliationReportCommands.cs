using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon report reconciliation</c>: the monthly or annual reconciliation report (对账报告) of a customer or a category.</summary>
public static class ReconciliationReportCommands
{
    /// <summary>A large category's year takes a while: far longer than an ordinary call's deadline.</summary>
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromMinutes(30);

    public static Command Create(CliSessionFactory sessions)
    {
        var customer = new Option<string?>("--customer") { Description = "The customer's code" };
        var category = new Option<string?>("--category") { Description = "A category's code: each of its customers (and its sub-categories') with a run" };
        var period = new Option<string>("--period") { Description = "A month (2026-03) or a year (2026)", Required = true };
        var format = new Option<string>("--format") { Description = "xlsx or pdf", Required = true };
        format.AcceptOnlyFromAmong("xlsx", "pdf");
        var output = new Option<string>("--output", "-o") { Description = "The file to write", Required = true };
        var command = new Command("reconciliation",
            "The reconciliation report (对账报告) of a month or a year: runs, matched, open exceptions by reason, 余额调节表, manual actions; XLSX or PDF")
        {
            customer, category, period, format, output,
        };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var (year, month) = Period(parsed.GetValue(period)!);
            var request = new ExportReconciliationReportRequest
            {
                CustomerCode = parsed.GetValue(customer) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                Year = year,
                Month = month,
                Format = parsed.GetValue(format) == "pdf" ? ReportFormat.Pdf : ReportFormat.Xlsx,
            };
            var client = new ReportService.ReportServiceClient(session.Invoker);
            using var call = client.ExportReconciliationReport(request, new CallOptions(deadline: DateTime.UtcNow + ExportTimeout, cancellationToken: ct));
            if (!await call.ResponseStream.MoveNext(ct) || call.ResponseStream.Current.PartCase != ExportReconciliationReportResponse.PartOneofCase.Summary)
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "the server ended the report before describing it"));
            }

            var summary = call.ResponseStream.Current.Summary;
            var path = Path.GetFullPath(parsed.GetValue(output)!);
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

            File.Move(partial, path, overwrite: true);
            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    Output = path, summary.File.FileName, summary.File.MediaType, SizeBytes = size,
                    Customers = summary.Customers.Select(c => new
                    {
                        c.CustomerCode, c.CustomerName, c.CategoryCode, c.Runs, c.ManualActions,
                        Currencies = c.Currencies.Select(x => new
                        {
                            x.Currency, x.MatchedCount, MatchedDebit = x.MatchedDebit.Value, MatchedCredit = x.MatchedCredit.Value, x.ProposedCount, x.OpenExceptions,
                            OurBalance = x.OurBalance?.Value, TheirBalance = x.TheirBalance?.Value, Unexplained = x.Unexplained?.Value,
                        }),
                    }),
                    summary.CustomersWithoutRun,
                });
                return;
            }

            var table = new Table().AddColumns("customer", "runs", "currency", "matched", "debit", "credit", "open exceptions", "ours", "theirs", "unexplained", "manual actions");
            foreach (var c in summary.Customers)
            {
                foreach (var x in c.Currencies.DefaultIfEmpty())
                {
                    table.AddRow(Markup.Escape($"{c.CustomerCode} {c.CustomerName}"), ReconFormat.Number(c.Runs), Markup.Escape(x?.Currency ?? ""),
                        x is null ? "" : ReconFormat.Number(x.MatchedCount) + (x.ProposedCount > 0 ? $" ({ReconFormat.Number(x.ProposedCount)} proposed)" : ""),
                        x?.MatchedDebit.Value ?? "", x?.MatchedCredit.Value ?? "", x is null ? "" : ReconFormat.Number(x.OpenExceptions),
                        x?.OurBalance?.Value ?? "", x?.TheirBalance?.Value ?? "", x?.Unexplained?.Value ?? "", ReconFormat.Number(c.ManualActions));
                }
            }

            session.Console.Write(table);
            var left = summary.CustomersWithoutRun > 0 ? $"; {ReconFormat.Number(summary.CustomersWithoutRun)} customer(s) of the category without a run left out" : "";
            await session.Out.WriteLineAsync($"saved {path} ({size.ToString("N0", CultureInfo.InvariantCulture)} bytes, {summary.Customers.Count} customer(s){left})");
        }));
        return command;
    }

    /// <summary>--period 2026-03 (a month) or 2026 (the year); a usage error for anything else.</summary>
    private static (int Year, int Month) Period(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 4 && int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return (year, 0);
        }

        if (DateOnly.TryParseExact(trimmed + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return (first.Year, first.Month);
        }

        throw new CliUsageException($"--period '{text}' is not a month (2026-03) or a year (2026).");
    }
}
