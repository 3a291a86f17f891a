// Measurement harness. Usage:
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- customers-search [--count 100000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- month-end-board [--customers 100000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- import [--rows 1000000] [--postgres ADMIN-CONNECTION-STRING]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- reconcile-e2e [--size 1000000] [--match-items full|ids]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- aging [--customers 100000] [--entries 5000000] [--behaviour]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- revenue [--customers 100000] [--entries 5000000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- matching [--size 1000000] [--seed S] [--runs 3] [--threads T] [--no-duckdb]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- matching --conditions [--size 1000000] [--seed S] [--runs 3] [--threads T]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- statement [--movements 50000] [--save DIR]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- bank-parse [--lines 1000000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- bank-import [--lines 1000000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- bank-run [--size 1000000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- settlement-run [--size 1000000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- stalled-readers [--clients 50] [--size 200000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- load [--rate 1000] [--duration 60] [--warmup 10] [--address URL --key ADMIN-KEY ...] [--postgres CONN] [--instances 1|2] [--server DLL]
using ReconGrpc.Benchmarks;
using ReconGrpc.Contracts.V1;

return args switch
{
    ["customers-search", .. var rest] => await CustomerSearchBenchmark.RunAsync(Options.Int(rest, "--count", 100_000)),
    ["month-end-board", .. var rest] => await MonthEndBoardBenchmark.RunAsync(Options.Int(rest, "--customers", 100_000)),
    ["import", .. var rest] => await ImportBenchmark.RunAsync(Options.Int(rest, "--rows", 1_000_000), Options.Text(rest, "--postgres", "") is { Length: > 0 } pg ? pg : null),
    ["aging", .. var rest] => await AgingBenchmark.RunAsync(Options.Int(rest, "--customers", 100_000), Options.Int(rest, "--entries", 5_000_000), rest.Contains("--behaviour")),
    ["revenue", .. var rest] => await RevenueBenchmark.RunAsync(Options.Int(rest, "--customers", 100_000), Options.Int(rest, "--entries", 5_000_000)),
    ["bulk-insert", .. var rest] => await BulkInsertProbe.RunAsync(Options.Int(rest, "--rows", 100_000)),
    ["matching", .. var rest] when rest.Contains("--conditions") => MatchingConditionsBenchmark.Run(new MatchingBenchmarkOptions
    {
        Size = Options.Int(rest, "--size", 1_000_000),
        Seed = Options.Int(rest, "--seed", 20_240_601),
        Runs = Options.Int(rest, "--runs", 3),
        Threads = Options.Int(rest, "--threads", Environment.ProcessorCount),
    }, Console.Out),
    ["matching", .. var rest] => MatchingBenchmark.Run(new MatchingBenchmarkOptions
    {
        Size = Options.Int(rest, "--size", 1_000_000),
        Seed = Options.Int(rest, "--seed", 20_240_601),
        Runs = Options.Int(rest, "--runs", 3),
        Threads = Options.Int(rest, "--threads", Environment.ProcessorCount),
        DuckDb = !rest.Contains("--no-duckdb"),
    }, Console.Out),
    ["reconcile-e2e", .. var rest] => await ReconcileEndToEndBenchmark.RunAsync(Options.Int(rest, "--size", 1_000_000),
        Options.Text(rest, "--match-items", "full") == "ids" ? MatchItemDetail.Ids : MatchItemDetail.Full),
    ["statement", .. var rest] => await StatementBenchmark.RunAsync(Options.Int(rest, "--movements", 50_000),
        Options.Text(rest, "--save", "") is { Length: > 0 } save ? save : null),
    ["bank-parse", .. var rest] => await BankParseBenchmark.RunAsync(Options.Int(rest, "--lines", 1_000_000)),
    ["bank-import", .. var rest] => await BankImportBenchmark.RunAsync(Options.Int(rest, "--lines", 1_000_000)),
    ["bank-run", .. var rest] => await BankRunBenchmark.RunAsync(Options.Int(rest, "--size", 1_000_000)),
    ["settlement-run", .. var rest] => await SettlementRunBenchmark.RunAsync(Options.Int(rest, "--size", 1_000_000)),
    ["stalled-readers", .. var rest] => await StalledReadersBenchmark.RunAsync(Options.Int(rest, "--size", 200_000), Options.Int(rest, "--clients", 50)),
    // The stalled clients' own process, started by stalled-readers.
    ["stalled-client", var address, var key, var run, var clients] => await StalledReadersBenchmark.HoldStalledAsync(address, key, long.Parse(run), int.Parse(clients)),
    ["load", .. var rest] => await LoadBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- customers-search [--count N] | month-end-board [--customers N] | import [--rows N] [--postgres CONN] | bulk-insert [--rows N] | aging [--customers N] [--entries M] [--behaviour] | revenue [--customers N] [--entries M] | reconcile-e2e [--size N] [--match-items full|ids] | matching [--size N] [--seed S] [--runs R] [--threads T] [--no-duckdb] | matching --conditions [--size N] [--runs R] | statement [--movements N] [--save DIR] | bank-parse [--lines N] | bank-import [--lines N] | bank-run [--size N] | settlement-run [--size N] | stalled-readers [--clients N] [--size N] | load [--rate R] [--duration S] [--warmup S] [--address URL --key ADMIN-KEY] [--postgres CONN] [--instances N] [--server DLL]");
    return 2;
}
