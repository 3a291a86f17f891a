using System.Threading.Channels;

namespace ReconGrpc.Application.Queries;

/// <summary>Alerts that one posting or one import caused, as the feed passes them on.</summary>
/// <param name="LedgerEntryId">The entry posted, when a posting caused them.</param>
/// <param name="ImportBatchId">The batch imported, when an import caused them.</param>
public sealed record CreditAlertNews(IReadOnlyList<CreditAlert> Alerts, long? LedgerEntryId, long? ImportBatchId);

/// <summary>What a watcher is sent: news, and how many alerts it missed before it because it read too slowly.</summary>
public sealed record CreditAlertDelivery(CreditAlertNews News, long DroppedBefore);

/// <summary>Which alerts a watcher wants: a category subtree (by code prefix) or all, some kinds or all.</summary>
public sealed record CreditAlertFilter(string? CategoryPrefix, IReadOnlyCollection<CreditAlertKind> Kinds)
{
    public bool Matches(CreditAlert alert) =>
        (Kinds.Count == 0 || Kinds.Contains(alert.Kind))
        && (CategoryPrefix is null || (alert.CategoryCode ?? "").StartsWith(CategoryPrefix, StringComparison.Ordinal));
}

/// <summary>
/// Passes the alerts of postings and imports to whoever watches them (<c>WatchCreditAlerts</c>), inside this server
/// process only. Each watcher has a bounded queue of its own: a publisher never waits, and a watcher that reads
/// too slowly (or not at all) loses its oldest news, not the server's memory; it is told how many alerts it lost.
/// </summary>
public sealed class CreditAlertFeed
{
    /// <summary>Messages a watcher's queue holds before the oldest is dropped.</summary>
    public const int QueueLength = 256;

    /// <summary>Watchers at once; one more is refused rather than let queues pile up.</summary>
    public const int MaxWatchers = 1_000;

    private readonly Lock _gate = new();
    private Watcher[] _watchers = [];

    /// <summary>How many watchers are subscribed now.</summary>
    public int WatcherCount => Volatile.Read(ref _watchers).Length;

    /// <summary>Subscribes a watcher; dispose the subscription to leave. Null when <see cref="MaxWatchers"/> watch already.</summary>
    public CreditAlertSubscription? TrySubscribe(CreditAlertFilter filter)
    {
        var watcher = new Watcher(this, filter);
        lock (_gate)
        {
            if (_watchers.Length >= MaxWatchers)
            {
                return null;
            }

            _watchers = [.. _watchers, watcher];
        }

        return watcher.Subscription;
    }

    /// <summary>Hands each watcher the alerts it wants; never waits on a watcher.</summary>
    public void Publish(CreditAlertNews news)
    {
        if (news.Alerts.Count == 0)
        {
            return;
        }

        foreach (var watcher in Volatile.Read(ref _watchers))
        {
            var wanted = news.Alerts.Where(watcher.Filter.Matches).ToList();
            if (wanted.Count > 0)
            {
                watcher.Offer(news with { Alerts = wanted });
            }
        }
    }

    private void Remove(Watcher watcher)
    {
        lock (_gate)
        {
            _watchers = [.. _watchers.Where(w => w != watcher)];
        }
    }

    private sealed class Watcher
    {
        private readonly Channel<CreditAlertNews> _queue;
        private long _dropped;

        public Watcher(CreditAlertFeed feed, CreditAlertFilter filter)
        {
            Filter = filter;
            _queue = Channel.CreateBounded<CreditAlertNews>(
                new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                dropped => Interlocked.Add(ref _dropped, dropped.Alerts.Count));
            Subscription = new CreditAlertSubscription(ReadAsync, () =>
            {
                feed.Remove(this);
                _queue.Writer.TryComplete();
            });
        }

        public CreditAlertFilter Filter { get; }

        public CreditAlertSubscription Subscription { get; }

        public void Offer(CreditAlertNews news) => _queue.Writer.TryWrite(news);

        private async IAsyncEnumerable<CreditAlertDelivery> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var news in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                yield return new CreditAlertDelivery(news, Interlocked.Exchange(ref _dropped, 0));
            }
        }
    }
}

/// <summary>A watcher's place in the feed: read its news; dispose it to leave.</summary>
public sealed class CreditAlertSubscription(Func<CancellationToken, IAsyncEnumerable<CreditAlertDelivery>> read, Action leave) : IDisposable
{
    private int _left;

    /// <summary>The news as it comes, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public IAsyncEnumerable<CreditAlertDelivery> ReadAllAsync(CancellationToken cancellationToken) => read(cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            leave();
        }
    }
}
