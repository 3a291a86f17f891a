using System.Diagnostics;

namespace ReconGrpc.Testing;

/// <summary>
/// The clock a server under test runs on: its wall-clock time starts at a fixed instant and moves forward in real
/// time, so dates the server stamps (a customer's creation, a lock, an audit record) are the same on any day the
/// suite runs, while timers, delays and elapsed times behave as on the system clock.
/// </summary>
/// <remarks>
/// A frozen clock (such as FakeTimeProvider) would not do here: the server waits on timers of its own (a finished
/// run lingers for late watchers, retries back off), which a frozen clock never fires.
/// </remarks>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>
    /// 08:00 UTC, so a test that runs for hours still stays on the same calendar day in every time zone from
    /// UTC-8 to UTC+14.
    /// </summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _skipped;

    public TestClock()
        : this(DefaultStart)
    {
    }

    /// <summary>The calendar day the clock started on, for tests that write dates relative to the server's today.</summary>
    public DateOnly Today => DateOnly.FromDateTime(start.UtcDateTime);

    public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_started) + Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _skipped));

    /// <summary>Readings of elapsed time (<see cref="TimeProvider.GetTimestamp"/>) include what <see cref="Advance"/> skipped.</summary>
    public override long GetTimestamp() => Stopwatch.GetTimestamp() + Interlocked.Read(ref _skipped);

    /// <summary>
    /// Moves the clock on at once, for a test of something that expires (timers already set are not fired early: they
    /// run on the system's clock).
    /// </summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _skipped, (long)(by.TotalSeconds * Stopwatch.Frequency));
}
