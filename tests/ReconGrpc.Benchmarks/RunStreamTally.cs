using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Benchmarks;

/// <summary>What a run's stream (StartRun, WatchRun) delivered: results counted, the end, when the first match came.</summary>
internal sealed class RunStreamTally
{
    public long Matches { get; private set; }

    public long Exceptions { get; private set; }

    public long Events { get; private set; }

    public Run? Finished { get; private set; }

    public TimeSpan? FirstMatch { get; private set; }

    public void Add(RunEvent runEvent, TimeSpan elapsed)
    {
        Events++;
        switch (runEvent.EventCase)
        {
            case RunEvent.EventOneofCase.Matches:
                FirstMatch ??= elapsed;
                Matches += runEvent.Matches.Matches.Count;
                break;
            case RunEvent.EventOneofCase.Exceptions:
                Exceptions += runEvent.Exceptions.Exceptions.Count;
                break;
            case RunEvent.EventOneofCase.Finished:
                Finished = runEvent.Finished;
                break;
        }
    }
}
