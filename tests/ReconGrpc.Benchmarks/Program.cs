// Measurement harness. Usage:
//   dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- customers-search [--count 100000]
using ReconGrpc.Benchmarks;

return args switch
{
    ["customers-search", .. var rest] => await CustomerSearchBenchmark.RunAsync(Options.Int(rest, "--count", 100_000)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/ReconGrpc.Benchmarks -- customers-search [--count N]");
    return 2;
}
