using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon adapters …</c> and <c>recon import …</c>: import plugins and file imports.</summary>
public static class ImportCommands
{
    public sealed record AdapterJson(string Id, string Name, string Version, bool Available, string? UnavailableReason, string Plugin, IReadOnlyList<string> Produces,
        string? SdkVersion, string? Description);

    public sealed record CandidateJson(string AdapterId, double Confidence, string? Reason);

    public sealed record ErrorJson(int Line, string? Field, string Message);

    public sealed record SummaryJson(long BatchId, string Adapter, string FileName, long RowsRead, long Imported, long Duplicates, long Rejected,
        bool Committed, long? StatementId, IReadOnlyList<ErrorJson> Errors, long ErrorsNotShown, IReadOnlyList<ErrorJson> Warnings,
        string? AdapterVersion, string? PluginSha256, string? ImportedFor)
    {
        /// <summary>The customers the import left over or near their credit limit; left out when there is none.</summary>
        public IReadOnlyList<ReceivablesCommands.CreditAlertJson>? CreditAlerts { get; init; }
    }

    private const int ChunkSize = 1024 * 1024;

    private static ErrorJson ToJson(ImportError e) => new(e.Line, e.Field.Length == 0 ? null : e.Field, e.Message);

    /// <summary>How many rejected rows the server keeps per batch (ImportPipeline.MaxStoredErrors); the count covers them all.</summary>
    private const int MaxListedErrors = 10_000;

    public static Command CreateAdapters(CliSessionFactory sessions)
    {
        var adapters = new Command("adapters", "Import adapters (plugins) the server has");
        var list = new Command("list", "List adapters, including unavailable ones and why");
        list.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var response = await Client(session).ListAdaptersAsync(new ListAdaptersRequest(), session.Call(ct));
            await WriteAdaptersAsync(session, response.Adapters);
        }));

        var file = new Argument<FileInfo>("file") { Description = "The file to look at" };
        var detect = new Command("detect", "Rank the adapters by how sure each is that it can read a file") { file };
        detect.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var info = Existing(parsed.GetValue(file)!);
            var head = new byte[(int)Math.Min(64 * 1024, info.Length)];
            await using (var stream = info.OpenRead())
            {
                await stream.ReadExactlyAsync(head, ct);
            }

            var response = await Client(session).DetectAdapterAsync(new DetectAdapterRequest { FileName = info.Name, Head = ByteString.CopyFrom(head) }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Candidates.Select(c => new CandidateJson(c.AdapterId, c.Confidence, ReconFormat.Empty(c.Reason))).ToList());
                return;
            }

            if (response.Candidates.Count == 0)
            {
                await session.Out.WriteLineAsync($"no adapter recognises {info.Name}");
            }

            foreach (var c in response.Candidates)
            {
                await session.Out.WriteLineAsync($"{c.Confidence,5:0.00}  {c.AdapterId}{(c.Reason.Length > 0 ? $"  {c.Reason}" : "")}");
            }
        }));

        adapters.Subcommands.Add(list);
        adapters.Subcommands.Add(detect);
        return adapters;
    }

    /// <summary>
    /// Adapters as <c>adapters list</c>, <c>plugins list</c> and <c>plugins reload</c> print them: each with its version, the
    /// SDK version its plugin was built against, the plugin folder, what it reads, and whether it is available or why not.
    /// </summary>
    internal static async Task WriteAdaptersAsync(CliSession session, IEnumerable<Adapter> adapters)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(adapters.Select(a => new AdapterJson(a.Id, a.Name, a.Version, a.Available,
                a.Available ? null : a.UnavailableReason, a.Plugin, a.Produces.Select(k => k.ToString()).ToList(),
                ReconFormat.Empty(a.SdkVersion), ReconFormat.Empty(a.Description))).ToList());
            return;
        }

        var table = new Table().AddColumns("id", "name", "version", "sdk", "plugin", "produces", "status", "description");
        foreach (var a in adapters)
        {
            table.AddRow(Markup.Escape(a.Id), Markup.Escape(a.Name), Markup.Escape(a.Version), Markup.Escape(a.SdkVersion), Markup.Escape(a.Plugin),
                string.Join(", ", a.Produces), a.Available ? "available" : Markup.Escape("unavailable: " + a.UnavailableReason), Markup.Escape(a.Description));
        }

        session.Console.Write(table);
    }

    public static Command CreateImport(CliSessionFactory sessions)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to import" };
        var adapter = new Option<string?>("--adapter") { Description = "The adapter id (default: the most confident one)" };
        var statement = new Option<string?>("--statement") { Description = "For statement lines: the statement's name (created on first import)" };
        var kind = new Option<string?>("--statement-kind")
        {
            Description = "customer, bank, platform or shop (default customer; an existing statement keeps its own). "
                          + "It sets the template adapter's default sign convention: bank and platform cash-flow (money in is our receipt), "
                          + "customer counterparty-ledger (their books, mirrored), shop our-ledger; --option convention=… overrides it",
        };
        var customer = new Option<string?>("--customer") { Description = "For a statement: the customer it is about" };
        var options = new Option<string[]>("--option") { Description = "An adapter option as name=value (repeat for more)", AllowMultipleArgumentsPerToken = true };
        var strict = new Option<bool>("--strict") { Description = "Refuse the whole file when any row is bad" };
        var import = new Command("import", "Import a file: bookkeeping export, bank file, platform bill, orders") { file, adapter, statement, kind, customer, options, strict };
        import.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var info = Existing(parsed.GetValue(file)!);
            var header = new ImportHeader
            {
                AdapterId = parsed.GetValue(adapter) ?? "auto",
                FileName = info.Name,
                Strict = parsed.GetValue(strict),
                TotalBytes = info.Length,
            };
            if (parsed.GetValue(statement) is { } name)
            {
                header.Target = new ImportTarget { StatementName = name, StatementKind = ParseKind(parsed.GetValue(kind)), CustomerCode = parsed.GetValue(customer) ?? "" };
            }

            header.Options.Add(CustomersCommands.ParsePairs(parsed.GetValue(options), "--option", "name=value", "kind=ledger"));
            var (summary, alerts) = await UploadAsync(session, header, info, ct);
            if (session.Json)
            {
                await session.WriteJsonAsync(new SummaryJson(summary.Id, summary.AdapterId, summary.FileName, summary.RowsRead, summary.Imported,
                    summary.Duplicates, summary.Rejected, summary.Committed, summary.StatementId == 0 ? null : summary.StatementId,
                    summary.Errors.Select(ToJson).ToList(), summary.Rejected - summary.Errors.Count, summary.Warnings.Select(ToJson).ToList(),
                    ReconFormat.Empty(summary.AdapterVersion), ReconFormat.Empty(summary.PluginSha256), ReconFormat.Empty(summary.ImportedFor))
                {
                    CreditAlerts = alerts.Count == 0 ? null : [.. alerts.Select(ReceivablesCommands.AlertJson)],
                });
            }
            else
            {
                await session.Out.WriteLineAsync(
                    $"batch {summary.Id} ({summary.AdapterId}{(summary.AdapterVersion.Length > 0 ? " " + summary.AdapterVersion : "")}): {summary.RowsRead} rows read, {summary.Imported} imported, {summary.Duplicates} already present, {summary.Rejected} rejected{(summary.Committed ? "" : " — NOT committed (strict)")}");
                foreach (var error in summary.Errors)
                {
                    await session.Out.WriteLineAsync($"  line {error.Line}{(error.Field.Length > 0 ? $" [{error.Field}]" : "")}: {error.Message}");
                }

                if (summary.Rejected > summary.Errors.Count)
                {
                    await session.Out.WriteLineAsync(
                        $"  … and {summary.Rejected - summary.Errors.Count} more rejected rows: recon import errors {summary.Id} lists them (the first {MaxListedErrors:N0} of a batch are kept)");
                }

                // Stored rows worth a second look: they do not fail the import.
                foreach (var warning in summary.Warnings)
                {
                    await session.Out.WriteLineAsync(warning.Line > 0 ? $"  warning, line {warning.Line}: {warning.Message}" : $"  warning: {warning.Message}");
                }

                foreach (var alert in alerts)
                {
                    await session.Out.WriteLineAsync($"  credit alert: {ReceivablesCommands.AlertLine(alert)}");
                }
            }

            if (summary.Rejected > 0)
            {
                session.ExitCode = ReconCli.CallFailed;
            }
        }));

        var batch = CliInput.WholeNumber("batch", "The import batch id", "an import batch id", 1L, "17");
        var errors = new Command("errors", "List every rejected row of an import") { batch };
        errors.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var all = new List<ImportError>();
            var token = "";
            do
            {
                var page = await Client(session).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = parsed.GetValue(batch), PageSize = 1000, PageToken = token }, session.Call(ct));
                all.AddRange(page.Errors);
                token = page.NextPageToken;
            }
            while (token.Length > 0);

            if (session.Json)
            {
                await session.WriteJsonAsync(all.Select(ToJson).ToList());
                return;
            }

            foreach (var e in all)
            {
                await session.Out.WriteLineAsync($"line {e.Line}{(e.Field.Length > 0 ? $" [{e.Field}]" : "")}: {e.Message}");
            }
        }));

        var recordKind = new Argument<string>("kind") { Description = "categories, customers, ledger, statement or orders" };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write it (default: the suggested name in the current folder)" };
        var templateAdapter = new Option<string?>("--adapter") { Description = "The adapter to ask (default: the first by id that offers one, e.g. template)" };
        var template = new Command("template", "Download a blank import template (from the template importer unless --adapter names another)") { recordKind, output, templateAdapter };
        template.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new GetImportTemplateRequest { RecordKind = ParseRecordKind(parsed.GetValue(recordKind)!), AdapterId = parsed.GetValue(templateAdapter) ?? "" };
            var response = await Client(session).GetImportTemplateAsync(request, session.Call(ct));
            var path = parsed.GetValue(output)?.FullName ?? Path.GetFullPath(response.FileName);
            await File.WriteAllBytesAsync(path, response.Content.ToByteArray(), ct);
            if (session.Json)
            {
                await session.WriteJsonAsync(new { path, columns = response.Columns.ToList(), adapterId = response.AdapterId });
            }
            else
            {
                await session.Out.WriteLineAsync($"wrote {path} ({string.Join(", ", response.Columns)})");
            }
        }));

        import.Subcommands.Add(errors);
        import.Subcommands.Add(template);
        return import;
    }

    private static async Task<(ImportBatch Summary, IReadOnlyList<CreditAlert> Alerts)> UploadAsync(CliSession session, ImportHeader header, FileInfo file, CancellationToken ct)
    {
        using var call = Client(session).Import(cancellationToken: ct);
        ImportBatch? summary = null;
        var alerts = new List<CreditAlert>();
        async Task SendAsync(Action<long> sent)
        {
            await call.RequestStream.WriteAsync(new ImportRequest { Header = header }, ct);
            var buffer = new byte[ChunkSize];
            await using var stream = file.OpenRead();
            int read;
            long total = 0;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                await call.RequestStream.WriteAsync(new ImportRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) }, ct);
                total += read;
                sent(total);
            }

            await call.RequestStream.CompleteAsync();
        }

        async Task ReceiveAsync(Action<ImportProgress> onProgress)
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(ct))
            {
                if (response.EventCase == ImportResponse.EventOneofCase.Progress)
                {
                    onProgress(response.Progress);
                }
                else if (response.EventCase == ImportResponse.EventOneofCase.CreditAlerts)
                {
                    alerts.AddRange(response.CreditAlerts.Alerts);
                }
                else
                {
                    summary = response.Summary;
                }
            }
        }

        if (session.Json || !session.Console.Profile.Capabilities.Interactive)
        {
            var sending = SendAsync(_ => { });
            await ReceiveAsync(_ => { });
            await sending;
        }
        else
        {
            await session.Console.Progress().StartAsync(async progress =>
            {
                var upload = progress.AddTask("upload", maxValue: Math.Max(1, file.Length));
                var rows = progress.AddTask("rows", maxValue: 1);
                rows.IsIndeterminate = true;
                var sending = SendAsync(total => upload.Value = total);
                await ReceiveAsync(p =>
                {
                    rows.Description = $"{p.Phase}: {p.RowsRead} read, {p.RowsAccepted} ok, {p.RowsRejected} rejected";
                });
                await sending;
                upload.Value = upload.MaxValue;
                rows.IsIndeterminate = false;
                rows.Value = rows.MaxValue;
            });
        }

        return (summary ?? throw new RpcException(new Grpc.Core.Status(StatusCode.Internal, "the server ended the import without a summary")), alerts);
    }

    private static ImportService.ImportServiceClient Client(CliSession session) => new(session.Invoker);

    private static FileInfo Existing(FileInfo file) =>
        file.Exists ? file : throw new CliUsageException($"There is no file {file.FullName}.");

    private static StatementKind ParseKind(string? kind) => kind switch
    {
        null or "customer" => StatementKind.CustomerStatement,
        "bank" => StatementKind.BankStatement,
        "platform" => StatementKind.PlatformBill,
        "shop" => StatementKind.ShopOrders,
        _ => throw new CliUsageException($"'{kind}' is not a statement kind; use customer, bank, platform or shop."),
    };

    private static RecordKind ParseRecordKind(string kind) => kind switch
    {
        "categories" => RecordKind.Categories,
        "customers" => RecordKind.Customers,
        "ledger" => RecordKind.LedgerEntries,
        "statement" => RecordKind.StatementLines,
        "orders" => RecordKind.Orders,
        _ => throw new CliUsageException($"'{kind}' is not a record kind; use categories, customers, ledger, statement or orders."),
    };
}
