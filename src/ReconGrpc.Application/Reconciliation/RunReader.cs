using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>An item of either side as a run shows it.</summary>
public sealed record ItemView(Side Side, long Id, DateOnly Date, decimal Amount, decimal OriginalAmount, string Currency,
    string? DocumentNumber, string? Reference, string? Text);

/// <summary>A match with its items; both lists are empty where the reader was asked for matches without their items.</summary>
public sealed record MatchView(RunMatch Match, IReadOnlyList<ItemView> Ours, IReadOnlyList<ItemView> Theirs)
{
    public static MatchView WithoutItems(RunMatch match) => new(match, [], []);
}

public sealed record ExceptionView(RunException Exception, ItemView Item, ItemView? Counterpart);

/// <summary>Something a watched run reports; <see cref="Offset"/> numbers results (matches, then exceptions) from 0.</summary>
public abstract record RunUpdate(long Offset);

public sealed record RunStarted(ReconciliationRun Run, long Offset) : RunUpdate(Offset);

public sealed record RunProgressed(RunProgressSnapshot Progress, long Offset) : RunUpdate(Offset);

public sealed record MatchesStored(IReadOnlyList<MatchView> Matches, long Offset) : RunUpdate(Offset);

public sealed record ExceptionsStored(IReadOnlyList<ExceptionView> Exceptions, long Offset) : RunUpdate(Offset);

public sealed record RunEnded(ReconciliationRun Run, long Offset) : RunUpdate(Offset);

/// <summary>Filters of a match listing.</summary>
public sealed record MatchFilter(IReadOnlyList<MatchStatus> Statuses, string? RuleName, string? Text);

/// <summary>Filters of an exception listing.</summary>
public sealed record ExceptionFilter(IReadOnlyList<ExceptionReason> Reasons, Side? Side, bool IncludeResolved);

/// <summary>
/// Reads runs and their results. Watching a run reads what is stored page by page (from the run's memory while it
/// executes here, else from storage) and waits for more while the run goes on, so a slow client only slows its own
/// stream: nothing is buffered for it beyond the page being handed out and one page read ahead (see
/// <see cref="RunWatches"/>).
/// </summary>
public sealed class RunReader(IDbContextFactory<ReconDbContext> contexts, LiveRuns live, RunWatches watches)
{
    private const int PageSize = RunCoordinator.BatchSize;

    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    public async Task<ReconciliationRun> GetAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RunCoordinator.FindAsync(db, runId, cancellationToken);
    }

    /// <param name="customerCode">Only this customer's runs.</param>
    /// <param name="status">Only runs in this status.</param>
    /// <param name="pageSize">At most this many.</param>
    /// <param name="afterId">After this run (newest first).</param>
    /// <param name="cancellationToken">Stops it.</param>
    /// <param name="dryRun">Only dry runs (true), only real runs (false), or both (null).</param>
    public async Task<Page<ReconciliationRun>> ListAsync(string? customerCode, RunStatus? status, int pageSize, long? afterId, CancellationToken cancellationToken,
        bool? dryRun = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking();
        if (dryRun is { } dry)
        {
            runs = runs.Where(r => r.DryRun == dry);
        }

        if (!string.IsNullOrWhiteSpace(customerCode))
        {
            runs = runs.Where(r => r.CustomerCode == customerCode);
        }

        if (status is { } s)
        {
            runs = runs.Where(r => r.Status == s);
        }

        if (afterId is { } after)
        {
            runs = runs.Where(r => r.Id < after);
        }

        var page = await runs.OrderByDescending(r => r.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        return Paging.Of(page, pageSize, r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <param name="runId">The run.</param>
    /// <param name="offset">The first result to report.</param>
    /// <param name="withMatchItems">Whether matches come with their items; without, a replay reads no items for them.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public async IAsyncEnumerable<RunUpdate> WatchAsync(long runId, long offset, bool withMatchItems, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (offset < 0)
        {
            throw Domain.RuleViolation.Invalid("run.offset", "The offset is negative; start from 0.");
        }

        var run = await GetAsync(runId, cancellationToken);
        var watch = watches.Begin(runId, offset);
        try
        {
            await foreach (var update in WatchAsync(run, watch, offset, withMatchItems, cancellationToken))
            {
                yield return update;
            }
        }
        finally
        {
            watches.End(watch);
        }
    }

    /// <summary>The watch itself; <paramref name="watch"/> counts what it holds.</summary>
    private async IAsyncEnumerable<RunUpdate> WatchAsync(ReconciliationRun run, RunWatch watch, long offset, bool withMatchItems,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var runId = run.Id;
        yield return new RunStarted(run, offset);
        RunProgressSnapshot? lastProgress = null;
        // The next stored page is read while this one goes out: a replay otherwise waits for each in turn.
        await using var ahead = new StoredPageReader(this, runId, withMatchItems, watch);
        // The run as last seen executing here: its results and items serve this watcher for a while after it ends
        // too (LiveRuns.Linger), so a watcher a little behind does not drop to reading from storage.
        LiveRun? attached = null;
        while (true)
        {
            if (live.TryGet(runId, out var current))
            {
                attached = current;
            }

            // Read the run before its rows: its counts never run ahead of what is stored.
            run = await GetAsync(runId, cancellationToken);
            // A dry run stores no rows: its watchers take them from the run while it is kept in memory here, counted as
            // handed out (all of them by the time the run reads as finished). Once let go, what is left is its end.
            var dry = run.DryRun;
            var kept = dry && attached is { Released: false };
            var storedMatches = dry ? (kept ? attached!.PublishedMatches : (int)Math.Min(offset, int.MaxValue)) : run.StoredMatches;
            var storedExceptions = dry ? (kept ? attached!.PublishedExceptions : Math.Max(0, (int)Math.Min(offset, int.MaxValue) - storedMatches)) : run.StoredExceptions;
            var matchesFinal = run.IsFinished || storedExceptions > 0;
            // Progress goes out whenever it moved, also while results are still being caught up on.
            if (!run.IsFinished && attached?.Progress is { } progress && progress != lastProgress)
            {
                lastProgress = progress;
                yield return new RunProgressed(progress, offset);
            }

            if (offset < storedMatches)
            {
                // Pages end on the run's batch boundaries, as the run stored them.
                var count = (int)Math.Min(PageSize - (offset % PageSize), storedMatches - offset);
                var inMemory = attached?.Items is { } items && attached.MatchesAt(offset, count) is { } rows
                    ? (withMatchItems ? Assemble(rows, items.View) : [.. rows.Select(MatchView.WithoutItems)])
                    : null;
                if (inMemory is null && dry)
                {
                    // Let go between the look and the read: nothing more of a dry run can be sent.
                    continue;
                }

                var matches = inMemory ?? await ahead.MatchesAsync((int)offset, count, storedMatches, cancellationToken);
                watch.Handing(matches.Count, ahead.RowsAhead);
                yield return new MatchesStored(matches, offset);
                offset += matches.Count;
                watch.Handed(offset, ahead.RowsAhead);
                continue;
            }

            var exceptionOffset = offset - storedMatches;
            if (matchesFinal && exceptionOffset < storedExceptions)
            {
                var count = (int)Math.Min(PageSize - (exceptionOffset % PageSize), storedExceptions - exceptionOffset);
                var inMemory = attached?.Items is { } items && attached.ExceptionsAt(exceptionOffset, count) is { } rows
                    ? Assemble(rows, items.View)
                    : null;
                if (inMemory is null && dry)
                {
                    continue;
                }

                var exceptions = inMemory ?? await ahead.ExceptionsAsync((int)exceptionOffset, count, storedExceptions, cancellationToken);
                watch.Handing(exceptions.Count, ahead.RowsAhead);
                yield return new ExceptionsStored(exceptions, offset);
                offset += exceptions.Count;
                watch.Handed(offset, ahead.RowsAhead);
                continue;
            }

            if (run.IsFinished)
            {
                yield return new RunEnded(run, offset);
                yield break;
            }

            await live.WaitForChangeAsync(runId, IdleWait, cancellationToken);
        }
    }

    public async IAsyncEnumerable<MatchView> ListMatchesAsync(long runId, MatchFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (await GetAsync(runId, cancellationToken)).RequireReal("matches are listed");
        var after = -1;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var query = db.RunMatches.AsNoTracking().Where(m => m.RunId == runId && m.Sequence > after);
            if (filter.Statuses.Count > 0)
            {
                var statuses = filter.Statuses.ToList();
                query = query.Where(m => statuses.Contains(m.Status));
            }

            if (!string.IsNullOrWhiteSpace(filter.RuleName))
            {
                query = query.Where(m => m.RuleName == filter.RuleName);
            }

            var page = await query.OrderBy(m => m.Sequence).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var view in await HydrateAsync(db, page, cancellationToken))
            {
                if (filter.Text is not { Length: > 0 } text || view.Ours.Concat(view.Theirs).Any(i => Mentions(i, text)))
                {
                    yield return view;
                }
            }

            after = page[^1].Sequence;
        }
    }

    public async IAsyncEnumerable<ExceptionView> ListExceptionsAsync(long runId, ExceptionFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (await GetAsync(runId, cancellationToken)).RequireReal("exceptions are listed");
        var after = -1;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var query = db.RunExceptions.AsNoTracking().Where(e => e.RunId == runId && e.Sequence > after);
            if (filter.Reasons.Count > 0)
            {
                var reasons = filter.Reasons.ToList();
                query = query.Where(e => reasons.Contains(e.Reason));
            }

            if (filter.Side is { } side)
            {
                query = query.Where(e => e.Side == side);
            }

            if (!filter.IncludeResolved)
            {
                query = query.Where(e => e.ResolvedByMatch == null);
            }

            var page = await query.OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var view in await HydrateAsync(db, page, cancellationToken))
            {
                yield return view;
            }

            after = page[^1].Sequence;
        }
    }

    private async Task<IReadOnlyList<MatchView>> ReadMatchesAsync(long runId, int from, int count, bool withItems, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.RunMatches.AsNoTracking().Where(m => m.RunId == runId && m.Sequence >= from && m.Sequence < from + count)
            .OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
        return withItems ? await HydrateAsync(db, page, cancellationToken) : [.. page.Select(MatchView.WithoutItems)];
    }

    private async Task<IReadOnlyList<ExceptionView>> ReadExceptionsAsync(long runId, int from, int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.RunExceptions.AsNoTracking().Where(e => e.RunId == runId && e.Sequence >= from && e.Sequence < from + count)
            .OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return await HydrateAsync(db, page, cancellationToken);
    }

    internal static async Task<IReadOnlyList<MatchView>> HydrateAsync(ReconDbContext db, IReadOnlyList<RunMatch> matches, CancellationToken cancellationToken)
    {
        var items = await ItemsAsync(db, matches.SelectMany(m => m.OurIdList), matches.SelectMany(m => m.TheirIdList), cancellationToken);
        return Assemble(matches, (side, id) => items[(side, id)]);
    }

    internal static async Task<IReadOnlyList<ExceptionView>> HydrateAsync(ReconDbContext db, IReadOnlyList<RunException> exceptions, CancellationToken cancellationToken)
    {
        IEnumerable<(Side Side, long Id)> refs = exceptions.Select(e => (e.Side, e.ItemId))
            .Concat(exceptions.Where(e => e.CounterpartId is not null).Select(e => (e.CounterpartSide!.Value, e.CounterpartId!.Value)));
        var list = refs.ToList();
        var items = await ItemsAsync(db, list.Where(r => r.Side == Side.Ours).Select(r => r.Id), list.Where(r => r.Side == Side.Theirs).Select(r => r.Id), cancellationToken);
        return Assemble(exceptions, (side, id) => items[(side, id)]);
    }

    /// <summary>Matches with their items, wherever the items come from (storage, or a live run's memory).</summary>
    private static IReadOnlyList<MatchView> Assemble(IReadOnlyList<RunMatch> matches, Func<Side, long, ItemView> item) =>
        [.. matches.Select(m => new MatchView(m, [.. m.OurIdList.Select(id => item(Side.Ours, id))], [.. m.TheirIdList.Select(id => item(Side.Theirs, id))]))];

    private static IReadOnlyList<ExceptionView> Assemble(IReadOnlyList<RunException> exceptions, Func<Side, long, ItemView> item) =>
        [.. exceptions.Select(e => new ExceptionView(e, item(e.Side, e.ItemId), e.CounterpartId is { } c ? item(e.CounterpartSide!.Value, c) : null))];

    private static async Task<Dictionary<(Side, long), ItemView>> ItemsAsync(ReconDbContext db, IEnumerable<long> ourIds, IEnumerable<long> theirIds, CancellationToken cancellationToken)
    {
        var ours = ourIds.Distinct().ToList();
        var theirs = theirIds.Distinct().ToList();
        var items = new Dictionary<(Side, long), ItemView>();
        // The id lists go as one parameter each (a JSON or array parameter): a thousand scalar parameters would make
        // a new statement for every list length, and SQLite finds each named parameter by a linear search.
        // Only the columns a view shows: materialising whole entries and lines was most of a replay's cost.
        var entries = db.LedgerEntries.AsNoTracking().Where(e => EF.Parameter(ours).Contains(e.Id))
            .Select(e => new { e.Id, e.Date, e.Amount, e.Currency, e.DocumentNumber, e.Reference, e.Memo });
        var lines = db.StatementLines.AsNoTracking().Where(l => EF.Parameter(theirs).Contains(l.Id))
            .Select(l => new { l.Id, l.Date, l.Amount, l.OriginalAmount, l.Currency, l.DocumentNumber, l.Reference, l.Text });
        await using (var command = entries.CreateDbCommand())
        await using (var linesCommand = lines.CreateDbCommand())
        {
            // On SQLite the same SQL is stepped through SQLite's API, as a run's sides are read (RunSides).
            if (SqliteQueryCursor.CanRead(command) && SqliteQueryCursor.CanRead(linesCommand))
            {
                await ReadCarriedOpeningsAsync(db, ours, items, cancellationToken);
                ReadOurs(command, items);
                ReadTheirs(linesCommand, items);
                return items;
            }
        }

        await ReadCarriedOpeningsAsync(db, ours, items, cancellationToken);
        foreach (var e in await entries.ToListAsync(cancellationToken))
        {
            items[(Side.Ours, e.Id)] = new ItemView(Side.Ours, e.Id, e.Date, e.Amount, e.Amount, e.Currency,
                string.IsNullOrEmpty(e.DocumentNumber) ? null : e.DocumentNumber, e.Reference, e.Memo);
        }

        foreach (var l in await lines.ToListAsync(cancellationToken))
        {
            items[(Side.Theirs, l.Id)] = new ItemView(Side.Theirs, l.Id, l.Date, l.Amount, l.OriginalAmount, l.Currency, l.DocumentNumber, l.Reference, l.Text);
        }

        return items;
    }

    /// <summary>Our items that are balances carried forward to a run's start (negative ids) rather than ledger entries.</summary>
    private static async Task ReadCarriedOpeningsAsync(ReconDbContext db, List<long> ours, Dictionary<(Side, long), ItemView> items, CancellationToken cancellationToken)
    {
        var ids = ours.Where(CarriedOpening.IsCarriedOpening).Select(CarriedOpening.IdOf).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var o in await db.CarriedOpenings.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken))
        {
            items[(Side.Ours, o.ItemId)] = new ItemView(Side.Ours, o.ItemId, o.Date, o.Amount, o.Amount, o.Currency, null, null, o.Memo);
        }
    }

    private static void ReadOurs(System.Data.Common.DbCommand command, Dictionary<(Side, long), ItemView> items)
    {
        using var cursor = SqliteQueryCursor.Open(command);
        int id = cursor.Ordinal("Id"), date = cursor.Ordinal("Date"), amount = cursor.Ordinal("Amount"), currency = cursor.Ordinal("Currency"),
            document = cursor.Ordinal("DocumentNumber"), reference = cursor.Ordinal("Reference"), memo = cursor.Ordinal("Memo");
        while (cursor.Read())
        {
            var value = cursor.GetDecimal(amount);
            var view = new ItemView(Side.Ours, cursor.GetInt64(id), cursor.GetDateOnly(date), value, value, cursor.GetString(currency)!,
                cursor.GetString(document) is { Length: > 0 } number ? number : null, cursor.GetString(reference), cursor.GetString(memo));
            items[(Side.Ours, view.Id)] = view;
        }
    }

    private static void ReadTheirs(System.Data.Common.DbCommand command, Dictionary<(Side, long), ItemView> items)
    {
        using var cursor = SqliteQueryCursor.Open(command);
        int id = cursor.Ordinal("Id"), date = cursor.Ordinal("Date"), amount = cursor.Ordinal("Amount"), original = cursor.Ordinal("OriginalAmount"),
            currency = cursor.Ordinal("Currency"), document = cursor.Ordinal("DocumentNumber"), reference = cursor.Ordinal("Reference"), text = cursor.Ordinal("Text");
        while (cursor.Read())
        {
            var view = new ItemView(Side.Theirs, cursor.GetInt64(id), cursor.GetDateOnly(date), cursor.GetDecimal(amount), cursor.GetDecimal(original),
                cursor.GetString(currency)!, cursor.GetString(document), cursor.GetString(reference), cursor.GetString(text));
            items[(Side.Theirs, view.Id)] = view;
        }
    }

    /// <summary>
    /// Reads stored pages of one run for a watcher, at most one page ahead of it: the page after the one being sent
    /// is read meanwhile on a context of its own. A page asked for that is not the one read ahead is read then.
    /// Only pages already stored are read ahead, and stored results do not move, so the page read ahead is the page a
    /// read at that moment would give.
    /// </summary>
    /// <remarks>
    /// A page read ahead but not asked for (the run stored more meanwhile, so the page asked for is longer) is let go
    /// once read: only its completion is kept, for the watcher's end to wait on. Kept whole, a watcher of a run that
    /// executes on another instance would hold one such page for every page of the run.
    /// </remarks>
    private sealed class StoredPageReader(RunReader reader, long runId, bool withMatchItems, RunWatch watch) : IAsyncDisposable
    {
        private (int From, int Count, Task<IReadOnlyList<MatchView>> Page)? _matches;
        private (int From, int Count, Task<IReadOnlyList<ExceptionView>> Page)? _exceptions;
        private readonly List<Task> _unused = [];

        /// <summary>Rows of the pages read ahead now (done or under way).</summary>
        public int RowsAhead => (_matches?.Count ?? 0) + (_exceptions?.Count ?? 0);

        /// <summary>The page from <paramref name="from"/>; the one after it, up to <paramref name="stored"/>, is then read ahead.</summary>
        public async Task<IReadOnlyList<MatchView>> MatchesAsync(int from, int count, long stored, CancellationToken cancellationToken)
        {
            var page = await (Take(ref _matches, from, count) ?? reader.ReadMatchesAsync(runId, from, count, withMatchItems, cancellationToken));
            if (NextPage(from + page.Count, stored) is { } following)
            {
                _matches = (following.From, following.Count, Task.Run(() => reader.ReadMatchesAsync(runId, following.From, following.Count, withMatchItems, cancellationToken), cancellationToken));
            }

            return page;
        }

        /// <summary>As <see cref="MatchesAsync"/>, for exceptions.</summary>
        public async Task<IReadOnlyList<ExceptionView>> ExceptionsAsync(int from, int count, long stored, CancellationToken cancellationToken)
        {
            var page = await (Take(ref _exceptions, from, count) ?? reader.ReadExceptionsAsync(runId, from, count, cancellationToken));
            if (NextPage(from + page.Count, stored) is { } following)
            {
                _exceptions = (following.From, following.Count, Task.Run(() => reader.ReadExceptionsAsync(runId, following.From, following.Count, cancellationToken), cancellationToken));
            }

            return page;
        }

        private static (int From, int Count)? NextPage(int next, long stored) =>
            next < stored ? (next, (int)Math.Min(PageSize, stored - next)) : null;

        /// <summary>A watcher that stops (or is cancelled) waits for reads still under way, so no context outlives it.</summary>
        public async ValueTask DisposeAsync()
        {
            foreach (var pending in _unused.Append(_matches?.Page).Append(_exceptions?.Page))
            {
                if (pending is not null)
                {
                    await pending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }

        /// <summary>The page read ahead if it is the one asked for; one that is not is let go once read.</summary>
        private Task<IReadOnlyList<T>>? Take<T>(ref (int From, int Count, Task<IReadOnlyList<T>> Page)? slot, int from, int count)
        {
            var ahead = slot;
            slot = null;
            if (ahead is not { } a)
            {
                return null;
            }

            if (a.From == from && a.Count == count)
            {
                return a.Page;
            }

            // Only the completion is kept (a continuation lets go of the page once it ran); finished ones are dropped.
            _unused.RemoveAll(t => t.IsCompleted);
            _unused.Add(a.Page.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
            watch.SetAside(a.Count, a.Page);
            return null;
        }
    }

    private static bool Mentions(ItemView item, string text) =>
        (item.DocumentNumber?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || (item.Reference?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || (item.Text?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);
}
