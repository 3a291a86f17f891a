using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// A run against a bank statement over every customer, through a real server process on SQLite: N bank credits
/// against N receipts in our ledger (one per credit, its number quoted in the credit's reference). The same
/// payments are imported twice with the template adapter's statement CSV, into two statements: once naming each
/// payer (对方户名, 对方账号) for the server to resolve, once giving the customer's code (对方编码). One payment in
/// twenty comes from a payer the archive does not know, named alike in both files. The two runs are timed in the
/// order customers given, resolution, resolution, customers given (so drift weighs on both alike), best of two each.
/// </summary>
internal static class BankRunBenchmark
{
    private const int WarmUpSize = 20_000;

    /// <summary>The warm-up's payments and receipts lie this many years back, outside the measured runs' dates.</summary>
    private const int WarmUpYears = -30;

    public static async Task<int> RunAsync(int size)
    {
        var folder = Directory.CreateTempSubdirectory("recon-bank-run-bench-").FullName;
        var byName = Path.Combine(folder, "by-name.csv");
        var given = Path.Combine(folder, "given.csv");
        var warmUp = Path.Combine(folder, "warm-up.csv");
        var nameOnly = Path.Combine(folder, "name-only.csv");
        BankFiles.WriteTemplateStatement(byName, 0, size, customersGiven: false);
        BankFiles.WriteTemplateStatement(given, 0, size, customersGiven: true);
        BankFiles.WriteTemplateStatement(nameOnly, 0, size, customersGiven: false, accounts: false);
        BankFiles.WriteTemplateStatement(warmUp, size, WarmUpSize, customersGiven: false, WarmUpYears);

        using var server = ImportBenchmark.StartServer(folder, out var address, out var key);
        try
        {
            using var connection = ImportBenchmark.Connect(address, key);
            var invoker = connection.Invoker;
            await ImportBenchmark.WaitForServerAsync(new CategoryService.CategoryServiceClient(invoker));
            await ImportBenchmark.SeedCustomersAsync(invoker);
            var database = Path.Combine(folder, "server", "recon.db");
            var seed = Stopwatch.StartNew();
            SeedReceipts(database, 0, size, 0);
            SeedReceipts(database, size, WarmUpSize, WarmUpYears);
            Console.WriteLine($"seeded {size + WarmUpSize:N0} receipts directly in {seed.Elapsed.TotalSeconds:F1} s (not part of the measurement)");

            var imports = new ImportService.ImportServiceClient(invoker);
            var statements = new Dictionary<string, long>();
            // name-only (payers by name without their accounts) is imported, not run: it tells the cost of resolving names
            // at import apart from that of storing each payer's account sealed.
            foreach (var (name, file) in new[] { ("warm-up", warmUp), ("by-name", byName), ("given", given), ("name-only", nameOnly) })
            {
                var watch = Stopwatch.StartNew();
                var batch = await ImportBenchmark.UploadAsync(imports, file, TemplateHeader(name));
                Console.WriteLine($"imported statement {name}: {batch.Imported:N0} lines in {watch.Elapsed.TotalSeconds:F2} s ({batch.Rejected:N0} rejected); " +
                                  "by resolution: " + string.Join(", ", BankImportBenchmark.Resolutions(database, name)));
                statements[name] = StatementId(database, name);
            }

            var recon = new ReconciliationService.ReconciliationServiceClient(invoker);
            var first = BankFiles.FirstDate;
            var last = first.AddDays(364);
            var warmed = await TimeRunAsync(recon, statements["warm-up"], first.AddYears(WarmUpYears), last.AddYears(WarmUpYears));
            Console.WriteLine($"warm-up run ({WarmUpSize:N0} lines against their receipts): {warmed.Elapsed.TotalSeconds:F2} s (not part of the measurement)");

            Console.WriteLine($"runs against each statement over every customer, receipts {first:yyyy-MM-dd}..{last:yyyy-MM-dd} (server pid {server.Id}):");
            var times = new Dictionary<string, List<TimeSpan>> { ["by-name"] = [], ["given"] = [] };
            foreach (var name in new[] { "given", "by-name", "by-name", "given" })
            {
                // Each run's own peak: writing 5 to clear_refs sets VmHWM to what the server holds now (an earlier run's
                // results are kept for watchers for a while, so what it holds is not nothing).
                await File.WriteAllTextAsync($"/proc/{server.Id}/clear_refs", "5");
                var held = ResidentMegabytes(server.Id);
                var run = await TimeRunAsync(recon, statements[name], first, last);
                times[name].Add(run.Elapsed);
                Console.WriteLine($"  {name,-8} {run.Elapsed.TotalSeconds,6:F2} s  {run.Finished?.Status}, {run.Matches:N0} matches, {run.Exceptions:N0} exceptions; " +
                                  $"loading {run.Finished?.Summary.LoadingMillis:N0} ms, matching {run.Finished?.Summary.MatchingMillis:N0} ms, storing {run.Finished?.Summary.StoringMillis:N0} ms; " +
                                  $"server resident {held:N0} MB before, peak {ImportBenchmark.PeakResidentMegabytes(server.Id):N0} MB");
            }

            var resolution = times["by-name"].Min();
            var baseline = times["given"].Min();
            Console.WriteLine($"best of two: resolution {resolution.TotalSeconds:F2} s, customers given {baseline.TotalSeconds:F2} s, ratio {resolution / baseline:F2}× (target ≤ 1.5×)");
            // A finished run's results are kept for watchers for 30 s: what the server holds once that has passed.
            await Task.Delay(TimeSpan.FromSeconds(40));
            Console.WriteLine($"server resident memory 40 s after the last run: {ResidentMegabytes(server.Id):N0} MB");
            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static long ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static ImportHeader TemplateHeader(string statement) => new()
    {
        AdapterId = "template",
        FileName = statement + ".csv",
        Target = new ImportTarget { StatementName = statement, StatementKind = StatementKind.BankStatement },
        Options = { ["kind"] = "statement" },
    };

    /// <summary>Our receipt for each payment, written with prepared inserts in one transaction (customers exist).</summary>
    private static void SeedReceipts(string database, int first, int count, int yearShift)
    {
        using var connection = new SqliteConnection($"Data Source={database};Foreign Keys=False;Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO ledger_entry (CustomerCode, Date, DocumentType, DocumentNumber, Amount, Currency, Memo, Fingerprint, CreatedAt)
            VALUES ($c, $d, 'Receipt', $n, $a, 'CNY', '收到货款', $n, 0)
            """;
        var c = insert.Parameters.Add("$c", SqliteType.Text);
        var d = insert.Parameters.Add("$d", SqliteType.Text);
        var n = insert.Parameters.Add("$n", SqliteType.Text);
        var a = insert.Parameters.Add("$a", SqliteType.Text);
        insert.Prepare();
        for (var i = first; i < first + count; i++)
        {
            var p = BankFiles.PaymentAt(i);
            c.Value = p.CustomerCode;
            d.Value = p.Date.AddYears(yearShift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            n.Value = p.Document;
            a.Value = (-p.Amount).ToString(CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static long StatementId(string database, string name)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM statement WHERE Name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()!;
    }

    private sealed record Timed(TimeSpan Elapsed, Run? Finished, long Matches, long Exceptions);

    /// <summary>One StartRun over every customer against the statement, from the call to its last streamed event.</summary>
    private static async Task<Timed> TimeRunAsync(ReconciliationService.ReconciliationServiceClient recon, long statementId, DateOnly start, DateOnly end)
    {
        var tally = new RunStreamTally();
        var watch = Stopwatch.StartNew();
        using var call = recon.StartRun(new StartRunRequest
        {
            StartDate = new Date { Year = start.Year, Month = start.Month, Day = start.Day },
            EndDate = new Date { Year = end.Year, Month = end.Month, Day = end.Day },
            StatementIds = { statementId },
            MatchItems = MatchItemDetail.Ids,
        }, deadline: DateTime.UtcNow.AddMinutes(30));
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            tally.Add(response.Event, watch.Elapsed);
        }

        return new Timed(watch.Elapsed, tally.Finished, tally.Matches, tally.Exceptions);
    }
}
