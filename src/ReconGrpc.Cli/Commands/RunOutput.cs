using System.Globalization;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary>
/// Follows a streamed run for <c>recon reconcile</c>, <c>runs watch</c> and <c>runs restart</c>: a live progress bar on a terminal,
/// then the outcome as a table, or as one JSON object with <c>--json</c>.
/// </summary>
internal sealed class RunOutput(CliSession session)
{
    /// <summary>How many exceptions the table lists before pointing at <c>recon exceptions list</c>.</summary>
    private const int ExceptionRows = 20;

    public sealed record ReconcileJson(long RunId, string Status, string? Error, string? CustomerCode, string? From, string? To,
        IReadOnlyList<long> StatementIds, string RuleSet, int RuleSetVersion, long FirstOffset, int Matched, int Accepted, int Proposed, int OurItems,
        int TheirItems, IReadOnlyDictionary<string, int> ExceptionsByReason, IReadOnlyList<ReconFormat.ExceptionJson> Exceptions,
        ReconFormat.BalanceJson? Balances, IReadOnlyList<ReconFormat.BalanceJson> BalancesByCurrency, bool DryRun = false, ComparisonJson? Comparison = null);

    /// <summary>A dry run's comparison with the real run it was compared with.</summary>
    public sealed record ComparisonJson(long? BaseRunId, string Basis, int Gained, int Lost, int Changed, int Unchanged,
        IReadOnlyList<ComparedJson> GainedMatches, IReadOnlyList<ComparedJson> LostMatches, IReadOnlyList<ComparedJson> ChangedMatches);

    /// <summary>One match of a comparison: its items, the rule and status before and after, and the base's grouping where it differed.</summary>
    public sealed record ComparedJson(IReadOnlyList<long> Ours, IReadOnlyList<long> Theirs, string? RuleBefore, string? StatusBefore, string? RuleAfter,
        string? StatusAfter, IReadOnlyList<int> BaseMatches, IReadOnlyList<long> BeforeOurs, IReadOnlyList<long> BeforeTheirs, string? Why);

    /// <summary>How many entries of each list the tables show; the JSON has all the server sent.</summary>
    private const int ComparisonRows = 50;

    private readonly List<ReconException> _exceptions = [];
    private int _matchesReceived;
    private int _acceptedReceived;
    private int _proposedReceived;
    private RunProgress? _progress;

    /// <summary>
    /// Follows <paramref name="first"/> to the end (re-attaching if it breaks), then prints the outcome. A run that did not complete
    /// sets exit code 1 with its status and error on stderr.
    /// </summary>
    public async Task FollowAndPrintAsync(IAsyncEnumerable<RunEvent> first, long firstOffset, CancellationToken ct)
    {
        var client = new ReconciliationService.ReconciliationServiceClient(session.Invoker);
        Action<RunEvent> onEvent = _ => { };
        RunFollower? follower = null;
        follower = new RunFollower(
            (runId, offset, token) => RunFollower.Events(client.WatchRun(new WatchRunRequest { RunId = runId, Offset = offset, MatchItems = MatchItemDetail.Ids }, cancellationToken: token),
                r => r.Event, token),
            e =>
            {
                Collect(e);
                onEvent(e);
                return Task.CompletedTask;
            },
            (attempt, broken) => session.Error.WriteLineAsync(
                $"warning: the run's stream broke off ({(broken is Grpc.Core.RpcException rpc ? rpc.Status.Detail : broken.Message)}); " +
                $"re-attaching from offset {follower!.NextOffset} ({attempt}/{RunFollower.MaxReattach})"));

        Run run;
        if (session.Json || !session.Console.Profile.Capabilities.Interactive)
        {
            run = await follower.FollowAsync(first, ct);
        }
        else
        {
            Run? finished = null;
            await session.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var rules = context.AddTask("loading", maxValue: 1);
                    var ours = context.AddTask("our items matched 我方", maxValue: 1);
                    var theirs = context.AddTask("their items matched 对方", maxValue: 1);
                    var results = context.AddTask("results received", maxValue: 1);
                    results.IsIndeterminate = true;
                    onEvent = e =>
                    {
                        if (e.EventCase == RunEvent.EventOneofCase.Progress)
                        {
                            var p = e.Progress;
                            rules.Description = Markup.Escape(p.RuleName.Length > 0 ? $"{p.Stage}: {p.RuleName}" : p.Stage);
                            rules.MaxValue = Math.Max(1, p.RuleCount);
                            rules.Value = p.RulesDone;
                            ours.MaxValue = Math.Max(1, p.OurItems);
                            ours.Value = p.MatchedOurItems;
                            theirs.MaxValue = Math.Max(1, p.TheirItems);
                            theirs.Value = p.MatchedTheirItems;
                        }

                        results.Description = $"received {_matchesReceived} matches, {_exceptions.Count} exceptions";
                    };
                    finished = await follower.FollowAsync(first, ct);
                    rules.Description = ReconFormat.ProtoName(finished.Status).ToLowerInvariant();
                    if (finished.Summary is { } s)
                    {
                        rules.Value = rules.MaxValue;
                        ours.MaxValue = Math.Max(1, s.OurItems);
                        ours.Value = s.MatchedOurItems;
                        theirs.MaxValue = Math.Max(1, s.TheirItems);
                        theirs.Value = s.MatchedTheirItems;
                    }

                    results.IsIndeterminate = false;
                    results.Value = results.MaxValue;
                    foreach (var task in new[] { rules, ours, theirs, results })
                    {
                        task.StopTask();
                    }
                });
            run = finished!;
        }

        await PrintAsync(run, firstOffset);
        foreach (var warning in run.Warnings)
        {
            await session.Error.WriteLineAsync($"warning: {warning}");
        }

        if (run.Status != RunStatus.Completed)
        {
            session.ExitCode = ReconCli.CallFailed;
            await session.Error.WriteLineAsync(
                $"error: run {run.Id} ended {ReconFormat.ProtoName(run.Status)}{(run.Error.Length > 0 ? $": {run.Error}" : "")}" +
                (run.Status is RunStatus.Interrupted or RunStatus.Failed or RunStatus.Cancelled ? $" ('recon runs restart {run.Id}' runs it again)" : ""));
        }
    }

    private void Collect(RunEvent e)
    {
        switch (e.EventCase)
        {
            case RunEvent.EventOneofCase.Progress:
                _progress = e.Progress;
                break;
            case RunEvent.EventOneofCase.Matches:
                _matchesReceived += e.Matches.Matches.Count;
                _acceptedReceived += e.Matches.Matches.Count(m => m.Status == MatchStatus.Accepted);
                _proposedReceived += e.Matches.Matches.Count(m => m.Status == MatchStatus.Proposed);
                break;
            case RunEvent.EventOneofCase.Exceptions:
                _exceptions.AddRange(e.Exceptions.Exceptions);
                break;
        }
    }

    private ReconcileJson ToJson(Run run, long firstOffset)
    {
        var s = run.Summary;
        var byReason = s is not null
            ? s.Exceptions.ToDictionary(e => ReconFormat.ProtoName(e.Reason), e => e.Count)
            : _exceptions.GroupBy(e => ReconFormat.ProtoName(e.Reason)).ToDictionary(g => g.Key, g => g.Count());
        var balances = s?.Balances.Select(ReconFormat.ToJson).ToList() ?? [];
        return new ReconcileJson(run.Id, ReconFormat.ProtoName(run.Status), ReconFormat.Empty(run.Error), ReconFormat.Empty(run.CustomerCode),
            ReconFormat.Text(run.StartDate), ReconFormat.Text(run.EndDate), run.StatementIds.ToList(), run.RuleSetName, run.RuleSetVersion, firstOffset,
            s?.Matches ?? _matchesReceived, s?.AcceptedMatches ?? _acceptedReceived, s?.ProposedMatches ?? _proposedReceived,
            s?.OurItems ?? _progress?.OurItems ?? 0, s?.TheirItems ?? _progress?.TheirItems ?? 0, byReason, _exceptions.Select(ReconFormat.ToJson).ToList(),
            balances.FirstOrDefault(), balances, run.DryRun, run.Comparison is null ? null : ToJson(run.Comparison));
    }

    public static ComparisonJson ToJson(RunComparison c) => new(c.BaseRunId == 0 ? null : c.BaseRunId, ReconFormat.ProtoName(c.Basis), c.Gained, c.Lost,
        c.Changed, c.Unchanged, [.. c.GainedMatches.Select(ToJson)], [.. c.LostMatches.Select(ToJson)], [.. c.ChangedMatches.Select(ToJson)]);

    private static ComparedJson ToJson(ComparedMatch m) => new([.. m.OurItemIds], [.. m.TheirItemIds], ReconFormat.Empty(m.RuleBefore),
        m.StatusBefore == MatchStatus.Unspecified ? null : ReconFormat.ProtoName(m.StatusBefore), ReconFormat.Empty(m.RuleAfter),
        m.StatusAfter == MatchStatus.Unspecified ? null : ReconFormat.ProtoName(m.StatusAfter), [.. m.BaseMatchSequences], [.. m.BeforeOurItemIds],
        [.. m.BeforeTheirItemIds], ReconFormat.Empty(m.Why));

    /// <summary>
    /// A dry run's comparison: which real run, the counts, then each list (gained, lost, changed) as a table. What
    /// <c>reconcile --dry-run</c> and <c>runs show</c> print.
    /// </summary>
    public static async Task WriteComparisonAsync(CliSession session, RunComparison c)
    {
        if (c.BaseRunId == 0)
        {
            await session.Out.WriteLineAsync("compared with: no completed real run of this customer (or category) covers these dates; nothing to compare");
            return;
        }

        var basis = c.Basis == ComparisonBasis.SameScope ? "the same statements and dates" : "the latest real run whose dates overlap (no run of the same statements and dates)";
        await session.Out.WriteLineAsync($"compared with run {c.BaseRunId}: {basis}");
        var counts = new Table().AddColumns("against the last real run 与上次正式对账相比", "count");
        counts.AddRow("gained 新增匹配", Count(c.Gained));
        counts.AddRow("lost 失去匹配", Count(c.Lost));
        counts.AddRow("changed 变化", Count(c.Changed));
        counts.AddRow("unchanged 未变", Count(c.Unchanged));
        session.Console.Write(counts);
        await WriteComparedAsync(session, "gained 新增匹配", c.Gained, c.GainedMatches);
        await WriteComparedAsync(session, "lost 失去匹配", c.Lost, c.LostMatches);
        await WriteComparedAsync(session, "changed 变化", c.Changed, c.ChangedMatches);
    }

    private static async Task WriteComparedAsync(CliSession session, string title, int count, IReadOnlyList<ComparedMatch> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var table = new Table { Title = new TableTitle(Markup.Escape(title)) }.AddColumns("our items 我方", "their items 对方", "before 之前", "after 现在", "why");
        foreach (var m in entries.Take(ComparisonRows))
        {
            var before = m.RuleBefore.Length == 0 ? "-" : $"{m.RuleBefore} {ReconFormat.ProtoName(m.StatusBefore)} (match {string.Join(", ", m.BaseMatchSequences)})";
            if (m.BeforeOurItemIds.Count + m.BeforeTheirItemIds.Count > 0)
            {
                before += $" of {Ids(m.BeforeOurItemIds)} / {Ids(m.BeforeTheirItemIds)}";
            }

            var after = m.RuleAfter.Length == 0 ? "-" : $"{m.RuleAfter} {ReconFormat.ProtoName(m.StatusAfter)}";
            table.AddRow(Markup.Escape(Ids(m.OurItemIds)), Markup.Escape(Ids(m.TheirItemIds)), Markup.Escape(before), Markup.Escape(after), Markup.Escape(m.Why));
        }

        session.Console.Write(table);
        var shown = Math.Min(entries.Count, ComparisonRows);
        if (count > shown)
        {
            await session.Out.WriteLineAsync($"… and {count - shown} more {title.Split(' ')[0]} ('recon runs show <run> --json' has the first {RunComparisonLimit})");
        }
    }

    private const int RunComparisonLimit = 200;

    private static string Ids(IEnumerable<long> ids) => ids.Any() ? string.Join(",", ids) : "-";

    private async Task PrintAsync(Run run, long firstOffset)
    {
        var json = ToJson(run, firstOffset);
        if (session.Json)
        {
            await session.WriteJsonAsync(json);
            return;
        }

        var scope = $"{(run.CustomerCode.Length > 0 ? run.CustomerCode : "all customers")} {ReconFormat.Text(run.StartDate)}..{ReconFormat.Text(run.EndDate)}";
        await session.Out.WriteLineAsync(
            $"run {run.Id} {json.Status} — {scope} against statement{(run.StatementIds.Count == 1 ? "" : "s")} {string.Join(", ", run.StatementIds)}, " +
            $"rules {run.RuleSetName} v{run.RuleSetVersion}");
        if (firstOffset > 0)
        {
            await session.Out.WriteLineAsync($"(results from offset {firstOffset} on)");
        }

        var counts = new Table().AddColumns("", "count");
        counts.AddRow("items 我方 / 对方", $"{json.OurItems} / {json.TheirItems}");
        counts.AddRow("matched 已匹配", Count(json.Matched));
        counts.AddRow("  accepted 已确认 (by a rule, a person or by hand)", Count(json.Accepted));
        counts.AddRow("  proposed 待确认", Count(json.Proposed));
        counts.AddRow("exceptions 未达项", Count(json.ExceptionsByReason.Values.Sum()));
        foreach (var (reason, count) in json.ExceptionsByReason)
        {
            counts.AddRow($"  {reason}", Count(count));
        }

        session.Console.Write(counts);
        foreach (var b in run.Summary?.Balances ?? [])
        {
            WriteBalance(session, b);
        }

        if (_exceptions.Count > 0)
        {
            var table = new Table().AddColumns("#", "reason", "side", "id", "date", "document", "amount");
            foreach (var e in _exceptions.Take(ExceptionRows))
            {
                table.AddRow(Count(e.Sequence), ReconFormat.ProtoName(e.Reason), ReconFormat.SideName(e.Item.Side), ReconFormat.Number(e.Item.Id),
                    ReconFormat.Text(e.Item.Date) ?? "", Markup.Escape(e.Item.DocumentNumber), e.Item.Amount?.Value ?? "");
            }

            session.Console.Write(table);
            if (_exceptions.Count > ExceptionRows)
            {
                await session.Out.WriteLineAsync(run.DryRun
                    ? $"… and {_exceptions.Count - ExceptionRows} more (a dry run keeps none: reconcile without --dry-run to list them)"
                    : $"… and {_exceptions.Count - ExceptionRows} more: recon exceptions list {run.Id}");
            }
        }

        if (run.DryRun)
        {
            await session.Out.WriteLineAsync("dry run 试运行: nothing was kept but these figures and the comparison below ('recon runs show " +
                run.Id.ToString(CultureInfo.InvariantCulture) + "' shows them again)");
            if (run.Comparison is { } comparison)
            {
                await WriteComparisonAsync(session, comparison);
            }
        }
    }

    /// <summary>One currency's 余额调节表, line by line: what `reconcile`, `runs watch` and `runs show` print.</summary>
    public static void WriteBalance(CliSession session, BalanceReconciliation b)
    {
        var table = new Table().Title($"余额调节表 {Markup.Escape(b.Currency)}").AddColumns("", "amount");
        // Without closing balances the table starts from the items in scope, an opening balance among them.
        table.AddRow(b.ClosingBalancesGiven ? "ours 我方余额" : "ours 我方范围内合计 (items in scope)", b.Ours?.Value ?? "");
        foreach (var a in b.OurAdjustments)
        {
            // A pair both sides booked is added as its difference (theirs less ours); other lines are their items alone.
            var meaning = a.Reason is ExceptionReason.AmountDiffers or ExceptionReason.DateOutsideWindow ? "双方已记, 差额 theirs − ours" : "对方已记我方未记";
            table.AddRow($"  + {ReconFormat.ProtoName(a.Reason)} {(a.Debit ? "debit" : "credit")} ×{a.Count} {meaning}", a.Amount?.Value ?? "");
        }

        table.AddRow("  + accepted match differences 已匹配差额", b.AcceptedMatchDifference?.Value ?? "");
        table.AddRow("  + proposed match differences 待确认差额", b.ProposedMatchDifference?.Value ?? "");
        table.AddRow("adjusted ours 调节后我方余额", b.AdjustedOurs?.Value ?? "");
        table.AddRow(b.ClosingBalancesGiven ? "theirs 对方余额 (in our sign convention)" : "theirs 对方范围内合计 (items in scope)", b.Theirs?.Value ?? "");
        if (b.ClosingBalancesGiven && b.TheirsAsStated is { } stated && stated.Value != b.Theirs?.Value)
        {
            // A customer's payable ledger states what it owes us as a credit balance: the same figure, the other sign.
            table.AddRow("  as they state it 对方账面 (their convention)", stated.Value);
        }
        foreach (var a in b.TheirAdjustments)
        {
            table.AddRow($"  + {ReconFormat.ProtoName(a.Reason)} {(a.Debit ? "debit" : "credit")} ×{a.Count} 我方已记对方未记", a.Amount?.Value ?? "");
        }

        table.AddRow("adjusted theirs 调节后对方余额", b.AdjustedTheirs?.Value ?? "");
        table.AddRow("unexplained 未解释差异", b.Unexplained?.Value ?? "");
        session.Console.Write(table);
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
