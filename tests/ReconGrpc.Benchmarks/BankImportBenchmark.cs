using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// An MT940 file of about N physical lines uploaded to a real server process on SQLite and imported as a bank
/// statement: every line's payer resolved against 1,000 customers (19 in 20 by name, the rest unknown), stored. Beside
/// it, in the same run and on the same server, the template ledger import of the same number of rows as the bank file
/// has statement lines (the import benchmark's end to end). Each import's peak resident memory is its own: the
/// peak is reset before each.
/// </summary>
internal static class BankImportBenchmark
{
    public static async Task<int> RunAsync(int lines)
    {
        var folder = Directory.CreateTempSubdirectory("recon-bank-import-bench-").FullName;
        var bankFile = Path.Combine(folder, "bank.sta");
        int transactions;
        await using (var stream = File.Create(bankFile))
        {
            transactions = BankFiles.WriteMt940(stream, lines);
        }

        var physical = File.ReadLines(bankFile).LongCount();
        Console.WriteLine($"MT940 file: {physical:N0} lines, {transactions:N0} statement lines, {new FileInfo(bankFile).Length / 1024.0 / 1024.0:F1} MiB");
        var ledgerFile = Path.Combine(folder, "ledger.csv");
        ImportBenchmark.WriteFile(ledgerFile, transactions);
        var warmUpFile = Path.Combine(folder, "warm-up.sta");
        await using (var stream = File.Create(warmUpFile))
        {
            BankFiles.WriteMt940(stream, 3_000);
        }

        using var server = ImportBenchmark.StartServer(folder, out var address, out var key);
        try
        {
            using var connection = ImportBenchmark.Connect(address, key);
            var invoker = connection.Invoker;
            await ImportBenchmark.WaitForServerAsync(new CategoryService.CategoryServiceClient(invoker));
            await ImportBenchmark.SeedCustomersAsync(invoker);
            var imports = new ImportService.ImportServiceClient(invoker);

            // The same code paths once on a small file into a statement of its own, as a server that has served before.
            await ImportBenchmark.UploadAsync(imports, warmUpFile, BankHeader("warm-up"));

            Console.WriteLine($"uploading the MT940 file to the server (pid {server.Id})…");
            await File.WriteAllTextAsync($"/proc/{server.Id}/clear_refs", "5");
            var watch = Stopwatch.StartNew();
            var bank = await ImportBenchmark.UploadAsync(imports, bankFile, BankHeader("bank"));
            watch.Stop();
            var bankPeak = ImportBenchmark.PeakResidentMegabytes(server.Id);
            Console.WriteLine($"bank statement (mt940) end to end: {watch.Elapsed.TotalSeconds:F2} s, {transactions / watch.Elapsed.TotalSeconds:N0} rows/s, " +
                              $"{physical / watch.Elapsed.TotalSeconds:N0} lines/s (imported {bank.Imported:N0}, duplicates {bank.Duplicates:N0}, rejected {bank.Rejected:N0}); " +
                              $"server peak resident memory {bankPeak:N0} MB");
            Console.WriteLine("lines by resolution: " + string.Join(", ", Resolutions(Path.Combine(folder, "server", "recon.db"), "bank")));

            await File.WriteAllTextAsync($"/proc/{server.Id}/clear_refs", "5");
            var ledgerWatch = Stopwatch.StartNew();
            var ledger = await ImportBenchmark.UploadAsync(imports, ledgerFile,
                new ImportHeader { AdapterId = "template", FileName = "ledger.csv", Options = { ["kind"] = "ledger" } });
            ledgerWatch.Stop();
            var ledgerPeak = ImportBenchmark.PeakResidentMegabytes(server.Id);
            Console.WriteLine($"baseline — template ledger import of {transactions:N0} rows end to end: {ledgerWatch.Elapsed.TotalSeconds:F2} s, " +
                              $"{transactions / ledgerWatch.Elapsed.TotalSeconds:N0} rows/s (imported {ledger.Imported:N0}, rejected {ledger.Rejected:N0}); server peak resident memory {ledgerPeak:N0} MB");
            Console.WriteLine($"ratio bank / ledger import time: {watch.Elapsed / ledgerWatch.Elapsed:F2}× (target ≤ 1.00×); bank peak {bankPeak:N0} MB (target < 300 MB)");
            return bank.Rejected == 0 ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static ImportHeader BankHeader(string statement, string adapter = "mt940", string fileName = "bank.sta") => new()
    {
        AdapterId = adapter,
        FileName = fileName,
        Target = new ImportTarget { StatementName = statement, StatementKind = StatementKind.BankStatement },
    };

    /// <summary>How the statement's lines found their customers, read from the server's database file.</summary>
    internal static IEnumerable<string> Resolutions(string database, string statement)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT l.Resolution, COUNT(*) FROM statement_line l JOIN statement s ON s.Id = l.StatementId
            WHERE s.Name = $name GROUP BY l.Resolution ORDER BY 2 DESC
            """;
        command.Parameters.AddWithValue("$name", statement);
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read())
        {
            found.Add($"{reader.GetValue(0)} {reader.GetInt64(1):N0}");
        }

        return found;
    }
}
