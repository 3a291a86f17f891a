using System.Runtime.CompilerServices;
using Grpc.Core;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Cli.Infrastructure;

/// <summary>
/// Follows a streamed run (StartRun, RestartRun or WatchRun) to its <c>finished</c> event. When the stream breaks off — a network
/// error, or the stream ending before the run did — it re-attaches with WatchRun from the offset after the last result received,
/// up to <see cref="MaxReattach"/> times, so no match or exception is lost or seen twice.
/// </summary>
internal sealed class RunFollower
{
    /// <summary>How many times a broken stream is re-attached before the command fails.</summary>
    public const int MaxReattach = 3;

    private readonly Func<long, long, CancellationToken, IAsyncEnumerable<RunEvent>> _watch;
    private readonly Func<RunEvent, Task> _onEvent;
    private readonly Func<int, Exception, Task> _onReattach;
    private readonly TimeSpan _pause;

    /// <param name="watch">Opens WatchRun for a run id from an offset.</param>
    /// <param name="onEvent">Called with every event, in order.</param>
    /// <param name="onReattach">Called before each re-attach with its number (1 to 3) and what broke the stream.</param>
    /// <param name="pause">The pause before the first re-attach; doubled for each next one.</param>
    public RunFollower(Func<long, long, CancellationToken, IAsyncEnumerable<RunEvent>> watch, Func<RunEvent, Task> onEvent,
        Func<int, Exception, Task> onReattach, TimeSpan? pause = null)
    {
        _watch = watch;
        _onEvent = onEvent;
        _onReattach = onReattach;
        _pause = pause ?? TimeSpan.FromMilliseconds(500);
    }

    /// <summary>The run's id, once the first event named it.</summary>
    public long RunId { get; private set; }

    /// <summary>The offset of the next result: the last result event's offset plus its results, or a later event's offset.</summary>
    public long NextOffset { get; private set; }

    /// <summary>Follows <paramref name="first"/> (and re-attached streams) until the run's <c>finished</c> event, which it returns.</summary>
    public async Task<Run> FollowAsync(IAsyncEnumerable<RunEvent> first, CancellationToken cancellationToken)
    {
        var stream = first;
        var attempts = 0;
        while (true)
        {
            Exception broken;
            try
            {
                await foreach (var e in stream.WithCancellation(cancellationToken))
                {
                    if (RunId == 0)
                    {
                        RunId = e.RunId != 0 ? e.RunId : e.Started?.Id ?? 0;
                    }

                    var next = e.Offset + e.EventCase switch
                    {
                        RunEvent.EventOneofCase.Matches => e.Matches.Matches.Count,
                        RunEvent.EventOneofCase.Exceptions => e.Exceptions.Exceptions.Count,
                        _ => 0,
                    };
                    NextOffset = Math.Max(NextOffset, next);
                    await _onEvent(e);
                    if (e.EventCase == RunEvent.EventOneofCase.Finished)
                    {
                        return e.Finished;
                    }
                }

                broken = new RpcException(new Status(StatusCode.Unavailable, "the stream ended before the run finished"));
            }
            catch (Exception ex) when (IsBreak(ex, cancellationToken) && RunId != 0)
            {
                broken = ex;
            }
            catch (Exception ex) when (IsBreak(ex, cancellationToken) && attempts == 0)
            {
                // Without the run's id there is nothing to re-attach to, but the server may well have started it.
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"the connection broke before the server named the run ({ex.Message}); it may have started: look with 'recon runs list'"));
            }

            if (attempts == MaxReattach)
            {
                throw broken is RpcException rpc
                    ? new RpcException(new Status(rpc.StatusCode, $"the stream of run {RunId} broke off {MaxReattach + 1} times ({rpc.Status.Detail}); " +
                        $"follow it with 'recon runs watch {RunId} --offset {NextOffset}'"))
                    : new RpcException(new Status(StatusCode.Unavailable, $"the stream of run {RunId} broke off {MaxReattach + 1} times ({broken.Message}); " +
                        $"follow it with 'recon runs watch {RunId} --offset {NextOffset}'"));
            }

            attempts++;
            await _onReattach(attempts, broken);
            await Task.Delay(_pause * (1 << (attempts - 1)), cancellationToken);
            stream = _watch(RunId, NextOffset, cancellationToken);
        }
    }

    /// <summary>Whether an exception is the stream breaking off rather than the server refusing or the user cancelling.</summary>
    private static bool IsBreak(Exception ex, CancellationToken cancellationToken) => !cancellationToken.IsCancellationRequested && ex switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled
            or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted,
        IOException or HttpRequestException => true,
        _ => false,
    };

    /// <summary>A server stream's events, disposing the call when done.</summary>
    public static async IAsyncEnumerable<RunEvent> Events<T>(AsyncServerStreamingCall<T> call, Func<T, RunEvent> select,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using (call)
        {
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                yield return select(call.ResponseStream.Current);
            }
        }
    }
}
