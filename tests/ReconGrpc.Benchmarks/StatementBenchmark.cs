using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// A statement of account for a customer with N movements in the period, exported in each format through a real
/// server process: the time from the call to the last byte, the file's size, and the server's peak resident memory
/// while it ran (the high-water mark is reset before each export), against an empty statement's in the same run.
/// </summary>
internal static class StatementBenchmark
{
    /// <param name="save">A folder to keep the full statements in, to look at; none by default.</param>
    public static async Task<int> RunAsync(int movements, string? save = null)
    {
        var folder = Directory.CreateTempSubdirectory("recon-statement-bench-").FullName;
        using var server = ImportBenchmark.StartServer(folder, out var address, out var key);
        try
        {
            using var connection = ImportBenchmark.Connect(address, key);
            var invoker = connection.Invoker;
            await ImportBenchmark.WaitForServerAsync(new CategoryService.CategoryServiceClient(invoker));
            await SeedAsync(invoker, movements);
            Console.WriteLine($"customer B00001: {movements:N0} movements in 2026 (plus an opening balance); customer B00002: none");

            var reports = new ReportService.ReportServiceClient(invoker);
            foreach (var format in new[] { ReportFormat.Csv, ReportFormat.Xlsx, ReportFormat.Pdf })
            {
                var empty = await MeasureAsync(reports, server.Id, "B00002", format);
                var full = await MeasureAsync(reports, server.Id, "B00001", format, save);
                Console.WriteLine($"{format,-4}: {movements:N0} movements {full.Elapsed.TotalSeconds,6:F2} s, {full.Bytes / 1024.0 / 1024.0,6:F1} MiB, " +
                                  $"server peak {full.PeakMegabytes,4:N0} MB | empty {empty.Elapsed.TotalSeconds:F2} s, peak {empty.PeakMegabytes:N0} MB | " +
                                  $"peak ratio {(double)full.PeakMegabytes / empty.PeakMegabytes:F2}x");
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static async Task<(TimeSpan Elapsed, long Bytes, long PeakMegabytes)> MeasureAsync(ReportService.ReportServiceClient reports, int pid, string customer,
        ReportFormat format, string? save = null)
    {
        // Writing 5 to clear_refs resets the process's peak resident size (VmHWM) to what it holds now.
        await File.WriteAllTextAsync($"/proc/{pid}/clear_refs", "5");
        var watch = Stopwatch.StartNew();
        using var call = reports.ExportStatementOfAccount(new ExportStatementOfAccountRequest
        {
            CustomerCode = customer,
            StartDate = new Date { Year = 2026, Month = 1, Day = 1 },
            EndDate = new Date { Year = 2026, Month = 12, Day = 31 },
            Format = format,
            IncludeAging = true,
        });
        long bytes = 0;
        Stream? kept = null;
        await foreach (var part in call.ResponseStream.ReadAllAsync())
        {
            if (part.PartCase == ExportStatementOfAccountResponse.PartOneofCase.File && save is not null)
            {
                Directory.CreateDirectory(save);
                kept = File.Create(Path.Combine(save, part.File.FileName));
            }

            bytes += part.Chunk.Length;
            kept?.Write(part.Chunk.Span);
        }

        watch.Stop();
        kept?.Dispose();
        return (watch.Elapsed, bytes, ImportBenchmark.PeakResidentMegabytes(pid));
    }

    private static async Task SeedAsync(CallInvoker invoker, int movements)
    {
        await new CategoryService.CategoryServiceClient(invoker).CreateCategoryAsync(new CreateCategoryRequest { Code = "01", Name = "全部" });
        var customers = new CustomerService.CustomerServiceClient(invoker);
        foreach (var (code, name) in new[] { ("B00001", "基准大客户商贸有限公司"), ("B00002", "基准空客户有限公司") })
        {
            await customers.CreateCustomerAsync(new CreateCustomerRequest
            {
                Fields = new CustomerFields { Code = code, Name = name, CategoryCode = "01", PaymentTermsDays = 30, Address = "上海市黄浦区中山东一路1号", Contact = "王会计" },
            });
        }

        // Invoices with a receipt after every third: most are settled, the last months stay open.
        var csv = new StringBuilder("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n");
        csv.Append("B00001,,2025-12-31,期初余额,OB-2025,12345.67,年初结转\n");
        var start = new DateOnly(2026, 1, 1);
        for (var i = 0; i < movements; i++)
        {
            var date = start.AddDays(i * 365 / movements).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var amount = (100 + (i * 37 % 9900) + (i % 100 / 100m)).ToString("0.00", CultureInfo.InvariantCulture);
            csv.Append(i % 4 == 3
                ? $"B00001,,{date},收款,RC-{i:D6},{amount},银行转账收款\n"
                : $"B00001,,{date},销售发票,INV-{i:D6},{amount},销售商品一批 第{i}号发货单\n");
        }

        using var call = new ImportService.ImportServiceClient(invoker).Import();
        await call.RequestStream.WriteAsync(new ImportRequest { Header = new ImportHeader { AdapterId = "template", FileName = "ledger.csv", Options = { ["kind"] = "ledger" } } });
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        for (var offset = 0; offset < bytes.Length; offset += 1 << 20)
        {
            await call.RequestStream.WriteAsync(new ImportRequest { Chunk = ByteString.CopyFrom(bytes, offset, Math.Min(1 << 20, bytes.Length - offset)) });
        }

        await call.RequestStream.CompleteAsync();
        await foreach (var _ in call.ResponseStream.ReadAllAsync())
        {
        }
    }
}
