using System.Runtime.ExceptionServices;

namespace ReconGrpc.Matching;

/// <summary>Splits a loop over items into contiguous ranges run on up to the configured number of threads.</summary>
internal static class Work
{
    /// <summary>Below this many items per range the threads cost more than they save.</summary>
    public const int MinItemsPerRange = 16_384;

    public static int RangeCount(int count, int parallelism) =>
        Math.Max(1, Math.Min(Math.Min(parallelism, 64), count / MinItemsPerRange));

    public static (int Start, int End) Range(int count, int ranges, int range) =>
        ((int)((long)count * range / ranges), (int)((long)count * (range + 1) / ranges));

    /// <summary>Runs <paramref name="body"/> for each range; with one range, inline on the caller's thread.</summary>
    public static void ForRanges(int ranges, int parallelism, CancellationToken cancellationToken, Action<int> body)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (ranges <= 1 || parallelism <= 1)
        {
            for (var r = 0; r < ranges; r++)
            {
                body(r);
            }

            return;
        }

        try
        {
            Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    public static void ForItems(int count, int parallelism, CancellationToken cancellationToken, Action<int, int> body)
    {
        var ranges = RangeCount(count, parallelism);
        ForRanges(ranges, parallelism, cancellationToken, r =>
        {
            var (start, end) = Range(count, ranges, r);
            body(start, end);
        });
    }
}
