// Measurement harness. Usage:
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- customers-search [--count 100000]
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- import [--rows 1000000]
using ReconGrpc.Benchmarks;

return args switch
{
    ["customers-search", .. var rest] => await CustomerSearchBenchmark.RunAsync(Options.Int(rest, "--count", 100_000)),
    ["import", .. var rest] => await ImportBenchmark.RunAsync(Options.Int(rest, "--rows", 1_000_000)),
    ["bulk-insert", .. var rest] => await BulkInsertProbe.RunAsync(Options.Int(rest, "--rows", 100_000)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- customers-search [--count N] | import [--rows N]");
    return 2;
}
