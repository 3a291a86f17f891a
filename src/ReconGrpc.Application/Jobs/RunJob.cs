using Hangfire;
using ReconGrpc.Application.Reconciliation;

namespace ReconGrpc.Application.Jobs;

/// <summary>
/// One run's execution as a job. Never retried by the engine: a run that fails ends failed, and a person restarts
/// it; a run whose instance stopped or died is taken by the next instance that fetches its job.
/// </summary>
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class RunJob(RunCoordinator coordinator)
{
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">The engine puts its shutdown token here.</param>
    public Task ExecuteAsync(long runId, CancellationToken cancellationToken) => coordinator.ExecuteAsync(runId, cancellationToken);
}
