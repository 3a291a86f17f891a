using System.Runtime.CompilerServices;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Cli.Tests;

/// <summary>Re-attaching to a run whose stream broke off, without a server: the streams are scripted.</summary>
public sealed class RunFollowerTests
{
    private const long RunId = 42;

    private static RunEvent Started(long offset) => new() { RunId = RunId, Offset = offset, Started = new Run { Id = RunId, Status = RunStatus.Running } };

    private static RunEvent Matches(long offset, int count)
    {
        var batch = new MatchBatch();
        for (var i = 0; i < count; i++)
        {
            batch.Matches.Add(new Match { Sequence = (int)offset + i });
        }

        return new RunEvent { RunId = RunId, Offset = offset, Matches = batch };
    }

    private static RunEvent Exceptions(long offset, int count)
    {
        var batch = new ExceptionBatch();
        for (var i = 0; i < count; i++)
        {
            batch.Exceptions.Add(new ReconException { Sequence = i });
        }

        return new RunEvent { RunId = RunId, Offset = offset, Exceptions = batch };
    }

    private static RunEvent Finished(long offset) => new() { RunId = RunId, Offset = offset, Finished = new Run { Id = RunId, Status = RunStatus.Completed } };

    private static async IAsyncEnumerable<RunEvent> Stream(IEnumerable<RunEvent> events, Exception? then = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return e;
        }

        if (then is not null)
        {
            throw then;
        }
    }

    private static RpcException Broken() => new(new Status(StatusCode.Unavailable, "connection reset"));

    [Fact]
    public async Task A_broken_stream_is_re_attached_from_the_offset_after_the_last_result()
    {
        var watched = new List<long>();
        var received = new List<RunEvent>();
        var notices = new List<int>();
        var follower = new RunFollower(
            (run, offset, ct) =>
            {
                Assert.Equal(RunId, run);
                watched.Add(offset);
                return watched.Count == 1
                    ? Stream([Started(5), Exceptions(5, 1)], Broken(), ct) // breaks again after one more result
                    : Stream([Started(6), Exceptions(6, 2), Finished(8)], null, ct);
            },
            e =>
            {
                received.Add(e);
                return Task.CompletedTask;
            },
            (attempt, _) =>
            {
                notices.Add(attempt);
                return Task.CompletedTask;
            },
            TimeSpan.Zero);

        var finished = await follower.FollowAsync(Stream([Started(0), Matches(0, 3), Matches(3, 2)], Broken()), CancellationToken.None);

        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal([5L, 6L], watched);
        Assert.Equal([1, 2], notices);
        Assert.Equal(8, follower.NextOffset);
        Assert.Equal(5, received.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).Sum(e => e.Matches.Matches.Count));
        Assert.Equal(3, received.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).Sum(e => e.Exceptions.Exceptions.Count));
    }

    [Fact]
    public async Task A_stream_that_ends_without_the_finished_event_counts_as_broken()
    {
        var watched = new List<long>();
        var follower = new RunFollower((_, offset, ct) =>
        {
            watched.Add(offset);
            return Stream([Started(2), Finished(2)], null, ct);
        }, _ => Task.CompletedTask, (_, _) => Task.CompletedTask, TimeSpan.Zero);

        var finished = await follower.FollowAsync(Stream([Started(0), Matches(0, 2)]), CancellationToken.None);

        Assert.Equal(RunId, finished.Id);
        Assert.Equal([2L], watched);
    }

    [Fact]
    public async Task After_three_re_attaches_the_command_fails_and_says_where_to_go_on()
    {
        var attempts = 0;
        var follower = new RunFollower((_, offset, ct) =>
        {
            attempts++;
            return Stream([Started(offset)], Broken(), ct);
        }, _ => Task.CompletedTask, (_, _) => Task.CompletedTask, TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<RpcException>(() => follower.FollowAsync(Stream([Started(0), Matches(0, 4)], Broken()), CancellationToken.None));

        Assert.Equal(3, attempts);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("recon runs watch 42 --offset 4", error.Status.Detail);
    }

    [Fact]
    public async Task A_refusal_before_the_run_started_or_a_refusal_of_the_server_is_not_retried()
    {
        var attempts = 0;
        var follower = new RunFollower((_, _, ct) =>
        {
            attempts++;
            return Stream([], null, ct);
        }, _ => Task.CompletedTask, (_, _) => Task.CompletedTask, TimeSpan.Zero);

        var beforeStart = await Assert.ThrowsAsync<RpcException>(() => follower.FollowAsync(Stream([], Broken()), CancellationToken.None));
        var refused = await Assert.ThrowsAsync<RpcException>(() => follower.FollowAsync(
            Stream([Started(0)], new RpcException(new Status(StatusCode.FailedPrecondition, "locked"))), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, beforeStart.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(0, attempts);
    }
}
