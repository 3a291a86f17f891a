using ReconGrpc.Data.Outages;

namespace ReconGrpc.Application;

/// <summary>
/// What a use case does when the database goes away under it. A change in flight is rolled back by the database (it
/// is one transaction), so what is left is to say so: a call's caller hears it as UNAVAILABLE, and work that runs
/// beyond a call (a run) records how it ended once the database is back, as only then can anything be written.
/// </summary>
public static class AfterOutage
{
    /// <summary>A run's error once the database going away cut it off.</summary>
    public const string RunInterrupted =
        "The database went away while the run was going; nothing of it was kept. Restart it with RestartRun.";

    /// <summary>What the caller of an import cut off by the database going away is told.</summary>
    public const string ImportInterrupted =
        "The database went away during the import; nothing of the file was stored (a batch commits whole or not at all). "
        + "Import the file again in a few seconds, once the server's health is SERVING.";

    /// <summary>Waits for the first try, then doubles up to <see cref="LongestWait"/>.</summary>
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    /// <summary>True when <paramref name="exception"/> says the database could not be reached (see <see cref="DatabaseOutage"/>).</summary>
    public static bool IsOutage(Exception exception) => DatabaseOutage.IsOutage(exception);

    /// <summary>
    /// Writes <paramref name="record"/> as soon as the database takes it: tried at once, then again with a growing wait
    /// while the database is away (the server refuses connections at once then, so a try costs nothing). Gives up when
    /// <paramref name="stopping"/> is cancelled: the server is stopping, and what it leaves unrecorded is recorded at
    /// its next start.
    /// </summary>
    public static async Task RecordWhenBackAsync(Func<CancellationToken, Task> record, CancellationToken stopping)
    {
        var wait = FirstWait;
        while (true)
        {
            try
            {
                await record(stopping);
                return;
            }
            catch (Exception e) when (IsOutage(e) || (e is OperationCanceledException && stopping.IsCancellationRequested))
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(wait, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        }
    }
}
