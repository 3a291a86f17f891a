using ReconGrpc.Data.Execution;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// The places for runs executing at once (<see cref="ReconciliationOptions.MaxConcurrentRuns"/>), across every
/// instance on a PostgreSQL or SQL Server database; a run waits for one as pending before it reads anything.
/// </summary>
public sealed class RunSlots(ExecutionLocks locks, int count)
{
    public Task<ExecutionLease> EnterAsync(CancellationToken cancellationToken) => locks.EnterSlotAsync(count, cancellationToken);
}
