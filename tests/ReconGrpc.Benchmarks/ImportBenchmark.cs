using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using DocumentType = ReconGrpc.Domain.Ledger.DocumentType;
using LedgerEntryDraft = ReconGrpc.Domain.Ledger.LedgerEntryDraft;
using Sylvan.Data.Csv;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// Importing an N-row template CSV of ledger entries into SQLite through a real server process (upload over gRPC,
/// parse, cleanse, idempotency check, store), against floors measured in the same run: the raw parse alone; the raw
/// parse with one prepared SQLite insert per row in one transaction into a bare six-column table (the issue's floor);
/// and the same into the server's own ledger table — its columns, foreign key and unique index, the settings the server
/// gives SQLite — which tells the cost of the pipeline apart from the cost of storing rows that can be told apart.
/// </summary>
internal static class ImportBenchmark
{
    private const string Heading = "客户编码,客户名称,日期,单据类型,单据号,金额,摘要";
    private const int Customers = 1000;

    /// <param name="rows">Rows in the file.</param>
    /// <param name="postgres">An administrator's connection string: the server then stores in a PostgreSQL database
    /// of its own instead of SQLite (the floors stay SQLite's).</param>
    public static async Task<int> RunAsync(int rows, string? postgres = null)
    {
        var folder = Directory.CreateTempSubdirectory("recon-import-bench-").FullName;
        var file = Path.Combine(folder, "ledger.csv");
        WriteFile(file, rows);
        var size = new FileInfo(file).Length;
        Console.WriteLine($"file: {rows:N0} rows, {size / 1024.0 / 1024.0:F1} MiB");

        var parse = Time(() => ParseOnly(file));
        Console.WriteLine($"floor 1 — raw parse (Sylvan, decimal and date parsing): {parse.TotalSeconds:F2} s, {rows / parse.TotalSeconds:N0} rows/s");
        var insert = Time(() => ParseAndInsert(file, Path.Combine(folder, "floor.db")));
        Console.WriteLine($"floor 2 — raw parse + one prepared SQLite insert per row, one transaction: {insert.TotalSeconds:F2} s, {rows / insert.TotalSeconds:N0} rows/s");
        var ledgerInsert = await ParseAndInsertIntoLedgerAsync(file, Path.Combine(folder, "ledger-floor.db"));
        Console.WriteLine($"floor 3 — the same into the server's ledger table (its columns, foreign key, unique index and SQLite settings; fingerprint computed): " +
                          $"{ledgerInsert.TotalSeconds:F2} s, {rows / ledgerInsert.TotalSeconds:N0} rows/s");

        await using var database = postgres is null ? null : await BenchmarkPostgres.CreateAsync(postgres);
        Console.WriteLine($"server storage: {(database is null ? "SQLite" : "PostgreSQL database " + database.Name)}");
        using var server = StartServer(folder, out var address, out var key, database?.ServerArguments ?? []);
        try
        {
            using var connection = Connect(address, key);
            var invoker = connection.Invoker;
            await WaitForServerAsync(new CategoryService.CategoryServiceClient(invoker));
            await SeedCustomersAsync(invoker);

            Console.WriteLine($"uploading to the server (pid {server.Id})…");
            var watch = Stopwatch.StartNew();
            var summary = await UploadAsync(new ImportService.ImportServiceClient(invoker), file);
            watch.Stop();
            var peak = PeakResidentMegabytes(server.Id);
            Console.WriteLine($"end to end through the server: {watch.Elapsed.TotalSeconds:F2} s, {rows / watch.Elapsed.TotalSeconds:N0} rows/s " +
                              $"(imported {summary.Imported:N0}, duplicates {summary.Duplicates:N0}, rejected {summary.Rejected:N0})");
            Console.WriteLine($"server peak resident memory (VmHWM): {peak:N0} MB");
            Console.WriteLine($"ratio end-to-end / floor 2: {watch.Elapsed / insert:F2}x; / floor 3: {watch.Elapsed / ledgerInsert:F2}x");

            var again = Stopwatch.StartNew();
            var second = await UploadAsync(new ImportService.ImportServiceClient(invoker), file);
            Console.WriteLine($"re-import of the same file (all duplicates): {again.Elapsed.TotalSeconds:F2} s, {second.Duplicates:N0} duplicates, {second.Imported:N0} imported");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    internal static void WriteFile(string path, int rows)
    {
        var random = new Random(7);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine(Heading);
        var start = new DateOnly(2024, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var customer = random.Next(Customers);
            var receipt = i % 3 == 2;
            var amount = (random.Next(100, 5_000_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            writer.Write("C");
            writer.Write(customer.ToString("D5", CultureInfo.InvariantCulture));
            writer.Write(",,");
            writer.Write(start.AddDays(i % 365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(receipt ? ",收款,RC" : ",销售发票,INV");
            writer.Write(i.ToString("D8", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(amount);
            writer.WriteLine(receipt ? ",收到货款" : ",销售商品");
        }
    }

    private static IEnumerable<(string Customer, DateOnly Date, string Type, string Number, decimal Amount, string Memo)> Parse(string file)
    {
        using var reader = CsvDataReader.Create(file);
        while (reader.Read())
        {
            yield return (reader.GetString(0), DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(3),
                reader.GetString(4), decimal.Parse(reader.GetString(5), NumberStyles.Number, CultureInfo.InvariantCulture), reader.GetString(6));
        }
    }

    private static void ParseOnly(string file)
    {
        var sum = 0m;
        foreach (var row in Parse(file))
        {
            sum += row.Amount;
        }

        GC.KeepAlive(sum);
    }

    private static void ParseAndInsert(string file, string database)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE entry (Id INTEGER PRIMARY KEY, Customer TEXT, Date TEXT, Type TEXT, Number TEXT, Amount TEXT, Memo TEXT)";
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO entry (Customer, Date, Type, Number, Amount, Memo) VALUES ($c, $d, $t, $n, $a, $m)";
        var parameters = new[] { "$c", "$d", "$t", "$n", "$a", "$m" }.Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        insert.Prepare();
        foreach (var row in Parse(file))
        {
            parameters[0].Value = row.Customer;
            parameters[1].Value = row.Date;
            parameters[2].Value = row.Type;
            parameters[3].Value = row.Number;
            parameters[4].Value = row.Amount;
            parameters[5].Value = row.Memo;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// Floor 3: the server's own schema, made by its migrator, with the 1,000 customers the rows refer to, and the
    /// pragmas the server sets on its connections; then one prepared insert per row, skipping a stored key as an import
    /// does. Only the storing is timed, as for floor 2 (the database is made and seeded first).
    /// </summary>
    private static async Task<TimeSpan> ParseAndInsertIntoLedgerAsync(string file, string database)
    {
        await (await SeededSqliteDatabase.CreateAsync(database, Customers)).DisposeAsync();

        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using (var settings = connection.CreateCommand())
        {
            settings.CommandText = SqliteConnectionSettings.PragmaText + " PRAGMA foreign_keys=ON;";
            settings.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO ledger_entry (CustomerCode, Date, DocumentType, DocumentNumber, VoucherNumber, Amount, Currency, DueDate, Reference, Memo, " +
                             "ImportBatchId, AdapterId, SourceLine, Fingerprint, CreatedAt) " +
                             "VALUES ($c, $d, $t, $n, NULL, $a, 'CNY', $due, NULL, $m, NULL, 'floor', $line, $f, 0) ON CONFLICT (CustomerCode, Date, Fingerprint) DO NOTHING";
        var parameters = new[] { "$c", "$d", "$t", "$n", "$a", "$due", "$m", "$line", "$f" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        insert.Prepare();
        var line = 1;
        foreach (var row in Parse(file))
        {
            var type = row.Type == "收款" ? DocumentType.Receipt : DocumentType.SalesInvoice;
            var draft = new LedgerEntryDraft(row.Customer, row.Date, type, row.Number, row.Amount, Memo: row.Memo);
            parameters[0].Value = row.Customer;
            parameters[1].Value = row.Date;
            parameters[2].Value = type.ToString();
            parameters[3].Value = row.Number;
            parameters[4].Value = row.Amount;
            parameters[5].Value = row.Date.AddDays(30);
            parameters[6].Value = row.Memo;
            parameters[7].Value = ++line;
            parameters[8].Value = draft.Fingerprint();
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return watch.Elapsed;
    }

    internal static Process StartServer(string folder, out string address, out string key, params string[] extraArguments)
    {
        var server = ServerAssembly();
        var port = FreePort();
        address = $"http://127.0.0.1:{port}";
        key = "rk_bench_" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                server, "--urls", address, "--Storage:DataDirectory", Path.Combine(folder, "server"), "--Auth:BootstrapAdminKey", key,
                "--Logging:LogLevel:Default", "Warning",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The server in its own build output, beside the plugins folder its build publishes.</summary>
    private static string ServerAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ReconGrpc.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "src", "ReconGrpc.Server", "bin", output.Parent!.Name, output.Name, "ReconGrpc.Server.dll");
    }

    /// <summary>A channel to the benchmark's server, messages up to 8 MiB, and the calls made through it with the server's key.</summary>
    internal static ServerConnection Connect(string address, string key)
    {
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = 8 << 20 });
        return new ServerConnection(channel, channel.Intercept(m =>
        {
            m.Add("authorization", "Bearer " + key);
            return m;
        }));
    }

    internal sealed record ServerConnection(GrpcChannel Channel, CallInvoker Invoker) : IDisposable
    {
        public void Dispose() => Channel.Dispose();
    }

    internal static async Task WaitForServerAsync(CategoryService.CategoryServiceClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.GetCodingSchemeAsync(new GetCodingSchemeRequest());
                return;
            }
            catch (RpcException) when (attempt < 100)
            {
                await Task.Delay(200);
            }
        }
    }

    internal static async Task SeedCustomersAsync(CallInvoker invoker)
    {
        await new CategoryService.CategoryServiceClient(invoker).CreateCategoryAsync(new CreateCategoryRequest { Code = "01", Name = "全部" });
        var customers = new CustomerService.CustomerServiceClient(invoker);
        for (var i = 0; i < Customers; i++)
        {
            await customers.CreateCustomerAsync(new CreateCustomerRequest
            {
                Fields = new CustomerFields { Code = SeededSqliteDatabase.CustomerCode(i), Name = $"基准客户{i:D5}号贸易有限公司", CategoryCode = "01", PaymentTermsDays = 30 },
            });
        }
    }

    private static Task<ImportBatch> UploadAsync(ImportService.ImportServiceClient client, string file) =>
        UploadAsync(client, file, new ImportHeader { AdapterId = "template", FileName = "ledger.csv", Options = { ["kind"] = "ledger" } });

    /// <summary>Uploads a file in 1 MiB chunks after the header and waits for the import's summary.</summary>
    internal static async Task<ImportBatch> UploadAsync(ImportService.ImportServiceClient client, string file, ImportHeader header)
    {
        using var call = client.Import(deadline: DateTime.UtcNow.AddHours(1));
        async Task SendAsync()
        {
            await call.RequestStream.WriteAsync(new ImportRequest { Header = header });
            var buffer = new byte[1 << 20];
            await using var stream = File.OpenRead(file);
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                await call.RequestStream.WriteAsync(new ImportRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) });
            }

            await call.RequestStream.CompleteAsync();
        }

        var sending = SendAsync();
        ImportBatch? summary = null;
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            if (response.EventCase == ImportResponse.EventOneofCase.Summary)
            {
                summary = response.Summary;
            }
        }

        await sending;
        return summary!;
    }

    internal static long PeakResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Minor page faults of a process so far (field 10 of /proc/PID/stat).</summary>
    internal static long MinorPageFaults(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }
}
