using System.Diagnostics;
using System.Text;
using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// Each bank adapter's <c>ReadAsync</c> over a synthetic file of about N physical lines held in memory, against the
/// floor of reading the same bytes line by line with a <see cref="StreamReader"/>. Each adapter is warmed up on a
/// file of a tenth the size first; the figure is the best of three reads.
/// </summary>
internal static class BankParseBenchmark
{
    private const int Attempts = 3;

    public static async Task<int> RunAsync(int lines)
    {
        var formats = new (string Name, Func<Stream, int, int> Write, IImportAdapter Adapter)[]
        {
            ("MT940", BankFiles.WriteMt940, new Mt940Adapter()),
            ("camt.053.001.08", BankFiles.WriteCamt053, new Camt053Adapter()),
            ("cn-bank CSV", BankFiles.WriteChineseBankCsv, new ChineseBankAdapter()),
        };
        Console.WriteLine($"{"format",-16} {"size",9} {"lines",10} {"rows",9} {"floor lines/s",14} {"adapter",8} {"lines/s",11} {"rows/s",10} {"× floor",8}");
        foreach (var (name, write, adapter) in formats)
        {
            var small = Bytes(write, Math.Max(1_000, lines / 10));
            await ReadAsync(adapter, small);
            CountLines(small);

            var bytes = Bytes(write, lines);
            var physical = CountLines(bytes);
            var floor = Best(() => { CountLines(bytes); });
            var rows = 0L;
            var best = TimeSpan.MaxValue;
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var watch = Stopwatch.StartNew();
                rows = await ReadAsync(adapter, bytes);
                best = watch.Elapsed < best ? watch.Elapsed : best;
            }

            Console.WriteLine($"{name,-16} {bytes.Length / 1024.0 / 1024.0,7:F1} MiB {physical,10:N0} {rows,9:N0} {physical / floor.TotalSeconds,14:N0} {best.TotalSeconds,6:F2} s " +
                              $"{physical / best.TotalSeconds,11:N0} {rows / best.TotalSeconds,10:N0} {best / floor,7:F1}×");
        }

        Console.WriteLine("target: ≥ 300,000 lines/s each");
        return 0;
    }

    private static byte[] Bytes(Func<Stream, int, int> write, int lines)
    {
        using var stream = new MemoryStream();
        write(stream, lines);
        return stream.ToArray();
    }

    /// <summary>Reads every row; a row error is a bug in the generator or the adapter, and stops the benchmark.</summary>
    private static async Task<long> ReadAsync(IImportAdapter adapter, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var context = new ImportContext { ExpectedKind = RecordKind.StatementLines, StatementKind = StatementKind.BankStatement };
        long rows = 0;
        await foreach (var row in adapter.ReadAsync(stream, context))
        {
            switch (row)
            {
                case RowError error:
                    throw new InvalidOperationException($"{adapter.Descriptor.Id}: line {error.Line}: {error.Reason}");
                case RecordRow { Record: StatementLineRecord }:
                    rows++;
                    break;
            }
        }

        return rows;
    }

    private static long CountLines(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        long lines = 0;
        while (reader.ReadLine() is not null)
        {
            lines++;
        }

        return lines;
    }

    private static TimeSpan Best(Action action)
    {
        var best = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }

}
