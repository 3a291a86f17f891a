using System.CommandLine;
using System.Globalization;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon reconcile</c> and <c>recon runs …</c>: reconciliation runs (对账).</summary>
public static class ReconcileCommands
{
    private static ReconciliationService.ReconciliationServiceClient Client(CliSession session) => new(session.Invoker);

    public static Command CreateReconcile(CliSessionFactory sessions)
    {
        var customer = new Option<string?>("--customer") { Description = "The customer to reconcile (default: every customer's entries)" };
        var category = new Option<string?>("--category") { Description = "Or the customers of this category (客户分类) and its descendants" };
        var from = new Option<string>("--from") { Description = "Our entries on or after this date (YYYY-MM-DD)", Required = true };
        var to = new Option<string>("--to") { Description = "Our entries on or before this date (YYYY-MM-DD)", Required = true };
        var against = new Option<string[]>("--against")
        {
            Description = "A statement's id or name to reconcile against (repeat for more)", Required = true, Arity = ArgumentArity.OneOrMore,
        };
        var rules = new Option<string?>("--rules") { Description = "The rule set's name (default: default)" };
        var rulesVersion = CliInput.WholeNumberOption("--rules-version", "The rule set's version (default: the latest)", "a version", 1, "2");
        var theirBalance = new Option<string?>("--their-balance")
        {
            Description = "Their closing balance in our convention (what they say they owe us), for the 余额调节表",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Keep nothing but the figures: show what the rule set would gain, lose and change against the last real run of the same scope",
        };
        var reconcile = new Command("reconcile", "Reconcile a customer's ledger against statements; streams progress and prints the 余额调节表")
        {
            customer, category, from, to, against, rules, rulesVersion, theirBalance, dryRun,
        };
        reconcile.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new StartRunRequest
            {
                CustomerCode = parsed.GetValue(customer) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                StartDate = ReconFormat.ToDate(parsed.GetValue(from), "--from"),
                EndDate = ReconFormat.ToDate(parsed.GetValue(to), "--to"),
                RuleSetName = parsed.GetValue(rules) ?? "",
                RuleSetVersion = parsed.GetValue(rulesVersion),
                TheirClosingBalance = ReconFormat.ToDecimal(parsed.GetValue(theirBalance), "--their-balance"),
                // The CLI counts matches and shows exceptions: matched items by id are all it needs of them.
                MatchItems = MatchItemDetail.Ids,
                DryRun = parsed.GetValue(dryRun),
            };
            request.StatementIds.Add(await ReconFormat.ResolveStatementsAsync(session, parsed.GetValue(against) ?? [], ct));
            var call = Client(session).StartRun(request, cancellationToken: ct);
            await new RunOutput(session).FollowAndPrintAsync(RunFollower.Events(call, r => r.Event, ct), 0, ct);
        }));
        return reconcile;
    }

    public static Command CreateRuns(CliSessionFactory sessions)
    {
        var runs = new Command("runs", "Reconciliation runs: list, show, watch, cancel, restart");
        runs.Subcommands.Add(List(sessions));
        runs.Subcommands.Add(Show(sessions));
        runs.Subcommands.Add(Watch(sessions));
        runs.Subcommands.Add(Cancel(sessions));
        runs.Subcommands.Add(Restart(sessions));
        return runs;
    }

    internal static Argument<long> RunArgument() => CliInput.WholeNumber("run", "The run's id", "a run id", 1L, "41");

    private static Command List(CliSessionFactory sessions)
    {
        var customer = new Option<string?>("--customer") { Description = "Only this customer's runs" };
        var status = new Option<string?>("--status") { Description = "Only runs in this status: pending, running, completed, cancelled, failed, interrupted" };
        var kind = new Option<string?>("--kind") { Description = "Only real runs (real) or only dry runs (dry); both by default" };
        var limit = CliInput.WholeNumberOption("--limit", "At most this many (default 100)", "a count", 1, "100");
        limit.DefaultValueFactory = _ => 100;
        var list = new Command("list", "List runs, newest first") { customer, status, kind, limit };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new ListRunsRequest
            {
                CustomerCode = parsed.GetValue(customer) ?? "",
                Status = parsed.GetValue(status) is { } s ? ReconFormat.ParseProtoName<RunStatus>(s, "--status") : RunStatus.Unspecified,
                Kind = parsed.GetValue(kind) is { } k ? ReconFormat.ParseProtoName<RunKind>(k, "--kind") : RunKind.Unspecified,
            };
            var wanted = Math.Max(1, parsed.GetValue(limit));
            var found = new List<Run>();
            do
            {
                request.PageSize = Math.Min(1000, wanted - found.Count);
                var page = await Client(session).ListRunsAsync(request, session.Call(ct));
                found.AddRange(page.Runs);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && found.Count < wanted);

            if (session.Json)
            {
                await session.WriteJsonAsync(found.Select(ReconFormat.ToJson).ToList());
                return;
            }

            var table = new Table().AddColumns("id", "customer", "period", "statements", "rules", "status", "matches", "exceptions", "unexplained", "created");
            foreach (var r in found)
            {
                table.AddRow(ReconFormat.Number(r.Id), Markup.Escape(r.CustomerCode.Length > 0 ? r.CustomerCode : "(all)"),
                    $"{ReconFormat.Text(r.StartDate)}..{ReconFormat.Text(r.EndDate)}", string.Join(", ", r.StatementIds),
                    Markup.Escape($"{r.RuleSetName} v{r.RuleSetVersion}"), ReconFormat.ProtoName(r.Status) + (r.DryRun ? " (dry run)" : ""),
                    (r.Summary?.Matches ?? r.StoredMatches).ToString(CultureInfo.InvariantCulture),
                    (r.Summary?.Exceptions.Sum(e => e.Count) ?? r.StoredExceptions).ToString(CultureInfo.InvariantCulture),
                    string.Join(" ", r.Summary?.Balances.Select(b => $"{b.Unexplained?.Value} {b.Currency}") ?? []),
                    ReconFormat.TimeText(r.CreateTime));
            }

            session.Console.Write(table);
        }));
        return list;
    }

    private static Command Show(CliSessionFactory sessions)
    {
        var run = RunArgument();
        var show = new Command("show", "Show a run and its summary") { run };
        show.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var r = (await Client(session).GetRunAsync(new GetRunRequest { RunId = parsed.GetValue(run) }, session.Call(ct))).Run;
            if (session.Json)
            {
                await session.WriteJsonAsync(ReconFormat.ToJson(r));
                return;
            }

            var grid = new Table().AddColumns("", "");
            grid.ShowHeaders = false;
            grid.AddRow("run", ReconFormat.Number(r.Id));
            grid.AddRow("status", ReconFormat.ProtoName(r.Status) + (r.Error.Length > 0 ? Markup.Escape($": {r.Error}") : ""));
            if (r.DryRun)
            {
                grid.AddRow("dry run 试运行", "yes: only its figures and its comparison were kept");
            }

            grid.AddRow("customer 客户", Markup.Escape(r.CustomerCode.Length > 0 ? r.CustomerCode : r.CategoryCode.Length > 0 ? $"category {r.CategoryCode}" : "(all)"));
            grid.AddRow("period 期间", $"{ReconFormat.Text(r.StartDate)}..{ReconFormat.Text(r.EndDate)}");
            grid.AddRow("statements 对账单", string.Join(", ", r.StatementIds));
            grid.AddRow("rules 规则", Markup.Escape($"{r.RuleSetName} v{r.RuleSetVersion}"));
            grid.AddRow("their closing balance", r.TheirClosingBalance?.Value ?? "(not given)");
            grid.AddRow("started by", Markup.Escape(r.StartedBy));
            grid.AddRow("created", ReconFormat.TimeText(r.CreateTime));
            grid.AddRow("ended", ReconFormat.TimeText(r.EndTime));
            grid.AddRow("stored", $"{r.StoredMatches} matches, {r.StoredExceptions} exceptions");
            foreach (var warning in r.Warnings)
            {
                grid.AddRow("[yellow]warning[/]", Markup.Escape(warning));
            }
            session.Console.Write(grid);
            if (r.Summary is not { } s)
            {
                return;
            }

            var summary = new Table().AddColumns("", "count");
            summary.AddRow("items 我方 / 对方", $"{s.OurItems} / {s.TheirItems}");
            summary.AddRow("matched 已匹配", $"{s.Matches} ({s.AcceptedMatches - s.ManualMatches} accepted, {s.ManualMatches} by hand, {s.ProposedMatches} proposed)");
            summary.AddRow("matched items 我方 / 对方", $"{s.MatchedOurItems} / {s.MatchedTheirItems}");
            foreach (var e in s.Exceptions)
            {
                summary.AddRow($"exceptions {ReconFormat.ProtoName(e.Reason)}", e.Count.ToString(CultureInfo.InvariantCulture));
            }

            summary.AddRow("matching took", $"{s.MatchingMillis} ms");
            session.Console.Write(summary);
            if (s.Rules.Count > 0)
            {
                var rules = new Table().AddColumns("rule", "matches", "our items", "their items");
                foreach (var o in s.Rules)
                {
                    rules.AddRow(Markup.Escape(o.RuleName), o.Matches.ToString(CultureInfo.InvariantCulture), o.OurItems.ToString(CultureInfo.InvariantCulture),
                        o.TheirItems.ToString(CultureInfo.InvariantCulture));
                }

                session.Console.Write(rules);
            }

            // As it stands now: people's decisions since the run ended are in it.
            foreach (var b in s.Balances)
            {
                RunOutput.WriteBalance(session, b);
            }

            if (r.Comparison is { } comparison)
            {
                await RunOutput.WriteComparisonAsync(session, comparison);
            }
        }));
        return show;
    }

    private static Command Watch(CliSessionFactory sessions)
    {
        var run = RunArgument();
        var offset = CliInput.WholeNumberOption("--offset", "The first result to show (0 for all); a broken stream says where to go on", "a result offset", 0L, "2000");
        var watch = new Command("watch", "Follow a running or finished run, like reconcile does") { run, offset };
        watch.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var from = parsed.GetValue(offset);
            if (from < 0)
            {
                throw new CliUsageException("--offset must be 0 or more.");
            }

            var call = Client(session).WatchRun(new WatchRunRequest { RunId = parsed.GetValue(run), Offset = from, MatchItems = MatchItemDetail.Ids }, cancellationToken: ct);
            await new RunOutput(session).FollowAndPrintAsync(RunFollower.Events(call, r => r.Event, ct), from, ct);
        }));
        return watch;
    }

    private static Command Cancel(CliSessionFactory sessions)
    {
        var run = RunArgument();
        var cancel = new Command("cancel", "Stop a running run; what it stored so far is removed") { run };
        cancel.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var r = (await Client(session).CancelRunAsync(new CancelRunRequest { RunId = parsed.GetValue(run) }, session.Call(ct))).Run;
            if (session.Json)
            {
                await session.WriteJsonAsync(ReconFormat.ToJson(r));
                return;
            }

            await session.Out.WriteLineAsync($"run {r.Id} {ReconFormat.ProtoName(r.Status)}");
        }));
        return cancel;
    }

    private static Command Restart(CliSessionFactory sessions)
    {
        var run = RunArgument();
        var restart = new Command("restart", "Run an interrupted, failed or cancelled run again with the same scope and rule set version") { run };
        restart.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var call = Client(session).RestartRun(new RestartRunRequest { RunId = parsed.GetValue(run), MatchItems = MatchItemDetail.Ids }, cancellationToken: ct);
            await new RunOutput(session).FollowAndPrintAsync(RunFollower.Events(call, r => r.Event, ct), 0, ct);
        }));
        return restart;
    }
}
