namespace ReconGrpc.Matching;

/// <summary>How the engine runs (not what it matches: that is the rule set).</summary>
public sealed record ReconcileOptions
{
    /// <summary>Threads a run may use. The result is the same for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Matches or exceptions per streamed batch.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>The clock for the timings in the summary.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (MaxDegreeOfParallelism < 1)
        {
            throw new ReconciliationInputException("matching.options.parallelism", "MaxDegreeOfParallelism must be at least 1.");
        }

        if (BatchSize is < 1 or > 100_000)
        {
            throw new ReconciliationInputException("matching.options.batch_size", "BatchSize must be 1 to 100,000.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
