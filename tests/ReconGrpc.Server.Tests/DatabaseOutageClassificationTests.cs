using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReconGrpc.Data.Outages;
using ReconGrpc.Domain;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// What counts as the database being away, and what does not: Npgsql calls a deadlock or a serialization failure
/// transient too, but those say something about the call, and must not turn the server's health NOT_SERVING or reach
/// the caller as "not reachable".
/// </summary>
public sealed class DatabaseOutageClassificationTests
{
    public static TheoryData<string> OutageStates => ["57P01", "57P02", "57P03", "08006", "08001"];

    public static TheoryData<string> CallStates => ["23505", "23503", "40001", "40P01", "42P01", "55P03", "53300"];

    [Theory]
    [MemberData(nameof(OutageStates))]
    public void A_server_shutting_down_starting_or_cutting_the_connection_is_an_outage_even_wrapped_by_EF(string state) =>
        Assert.True(DatabaseOutage.IsOutage(new DbUpdateException("saving failed", Postgres(state))));

    [Theory]
    [MemberData(nameof(CallStates))]
    public void A_constraint_violation_deadlock_serialization_failure_or_missing_table_is_not(string state) =>
        Assert.False(DatabaseOutage.IsOutage(new DbUpdateException("saving failed", Postgres(state))));

    [Fact]
    public void A_refused_or_broken_connection_is_an_outage_and_a_client_gone_or_a_rule_violation_is_not()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5433", new SocketException((int)SocketError.ConnectionRefused));
        var broken = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());

        Assert.Same(refused, DatabaseOutage.Find(new InvalidOperationException("wrapped", refused)));
        Assert.True(DatabaseOutage.IsOutage(new AggregateException(new InvalidOperationException("other"), broken)));
        Assert.False(DatabaseOutage.IsOutage(new NpgsqlException("Npgsql refuses the parameter")));
        Assert.False(DatabaseOutage.IsOutage(RuleViolation.FailedPrecondition("test.rule", "a rule")));
        Assert.False(DatabaseOutage.IsOutage(new IOException("the client went away", new SocketException((int)SocketError.ConnectionReset))));
    }

    [Fact]
    public void A_database_with_no_room_for_another_session_is_full_not_away()
    {
        Assert.True(DatabaseOutage.IsFull(Postgres("53300")));
        Assert.False(DatabaseOutage.IsOutage(Postgres("53300")));
        Assert.False(DatabaseOutage.IsFull(Postgres("57P03")));
    }

    [Fact]
    public void A_use_case_s_own_wording_of_the_outage_is_the_message_else_the_default()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal("Import the file again.", DatabaseOutage.MessageOf(DatabaseOutage.Find(new DatabaseUnavailableException("Import the file again.", refused))!));
        Assert.Equal(DatabaseUnavailableException.DefaultMessage, DatabaseOutage.MessageOf(DatabaseOutage.Find(refused)!));
    }

    private static PostgresException Postgres(string state) => new("server message", "FATAL", "FATAL", state);
}
