using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReconGrpc.Data.Outages;

/// <summary>
/// Between the server's contexts and the database: while the database is known to be away, a connection is refused at
/// once (<see cref="DatabaseUnavailableException"/>) instead of waiting out a connect attempt; and a connection,
/// command or transaction that fails as if the database were away asks the probe to look now.
/// </summary>
public sealed class OutageGate(DatabaseAvailability availability) : DbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        availability.ThrowIfAway();
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        availability.ThrowIfAway();
        return ValueTask.FromResult(result);
    }

    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Noticed(eventData.Exception);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Noticed(eventData.Exception);
        return Task.CompletedTask;
    }

    void IDbCommandInterceptor.CommandFailed(DbCommand command, CommandErrorEventData eventData) => Noticed(eventData.Exception);

    Task IDbCommandInterceptor.CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken)
    {
        Noticed(eventData.Exception);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Noticed(eventData.Exception);

    Task IDbTransactionInterceptor.TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken)
    {
        Noticed(eventData.Exception);
        return Task.CompletedTask;
    }

    private void Noticed(Exception exception)
    {
        if (DatabaseOutage.IsOutage(exception) && exception is not DatabaseUnavailableException)
        {
            availability.RequestProbe();
        }
    }
}
