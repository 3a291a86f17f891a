using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary>
/// <c>recon matches …</c>, <c>recon exceptions …</c>, <c>recon match …</c> and <c>recon period …</c>: a run's results and people's
/// decisions on them (确认, 驳回, 手工匹配, 撤销), and the customer's confirmation and lock of a period (对账确认, 锁定).
/// </summary>
public static class MatchCommands
{
    internal sealed record ChangeJson(ReconFormat.MatchJson Match, IReadOnlyList<ReconFormat.ExceptionJson> Exceptions);

    private static ReconciliationService.ReconciliationServiceClient Client(CliSession session) => new(session.Invoker);

    public static Command CreateMatches(CliSessionFactory sessions)
    {
        var matches = new Command("matches", "A run's matches");
        var run = ReconcileCommands.RunArgument();
        var status = new Option<string[]>("--status")
        {
            Description = "Only matches in this status: accepted, proposed, confirmed, manual, rejected, unmatched (repeat for more)",
            AllowMultipleArgumentsPerToken = true,
        };
        var rule = new Option<string?>("--rule") { Description = "Only matches made by this rule (manual for manual ones)" };
        var text = new Option<string?>("--text") { Description = "Only matches with an item whose document number, reference or text contains this" };
        var list = new Command("list", "List a run's matches in sequence order") { run, status, rule, text };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new ListMatchesRequest { RunId = parsed.GetValue(run), RuleName = parsed.GetValue(rule) ?? "", Text = parsed.GetValue(text) ?? "" };
            request.Statuses.Add((parsed.GetValue(status) ?? []).SelectMany(Split).Select(s => ReconFormat.ParseProtoName<MatchStatus>(s, "--status")));
            var all = new List<Match>();
            using (var call = Client(session).ListMatches(request, cancellationToken: ct))
            {
                await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
                {
                    all.AddRange(batch.Matches);
                }
            }

            if (session.Json)
            {
                await session.WriteJsonAsync(all.Select(ReconFormat.ToJson).ToList());
                return;
            }

            var table = new Table().AddColumns("#", "rule", "status", "ours 我方 (date amount document text)", "theirs 对方", "our amount", "their amount",
                "difference", "currency");
            foreach (var m in all)
            {
                table.AddRow(m.Sequence.ToString(CultureInfo.InvariantCulture), Markup.Escape(m.RuleName), ReconFormat.ProtoName(m.Status),
                    Markup.Escape(ReconFormat.ItemLines(m.Ours)), Markup.Escape(ReconFormat.ItemLines(m.Theirs)), m.OurAmount?.Value ?? "",
                    m.TheirAmount?.Value ?? "", m.Difference?.Value ?? "", Markup.Escape(m.Currency));
            }

            session.Console.Write(table);
            await session.Out.WriteLineAsync($"{all.Count} match{(all.Count == 1 ? "" : "es")}");
        }));
        matches.Subcommands.Add(list);
        return matches;
    }

    public static Command CreateExceptions(CliSessionFactory sessions)
    {
        var exceptions = new Command("exceptions", "A run's exceptions (未达项): unmatched items and why");
        var run = ReconcileCommands.RunArgument();
        var reason = new Option<string[]>("--reason")
        {
            Description = "Only this reason: MISSING_ON_THEIR_SIDE, MISSING_ON_OUR_SIDE, AMOUNT_DIFFERS, DATE_OUTSIDE_WINDOW, DUPLICATE, " +
                "CURRENCY_MISMATCH (any case; repeat for more)",
            AllowMultipleArgumentsPerToken = true,
        };
        var side = new Option<string?>("--side") { Description = "Only ours or theirs" };
        var resolved = new Option<bool>("--include-resolved") { Description = "Also those a manual match has resolved" };
        var list = new Command("list", "List a run's open exceptions in sequence order") { run, reason, side, resolved };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new ListExceptionsRequest
            {
                RunId = parsed.GetValue(run), Side = ReconFormat.ParseSide(parsed.GetValue(side)), IncludeResolved = parsed.GetValue(resolved),
            };
            request.Reasons.Add((parsed.GetValue(reason) ?? []).SelectMany(Split).Select(r => ReconFormat.ParseProtoName<ExceptionReason>(r, "--reason")));
            var all = new List<ReconException>();
            using (var call = Client(session).ListExceptions(request, cancellationToken: ct))
            {
                await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
                {
                    all.AddRange(batch.Exceptions);
                }
            }

            if (session.Json)
            {
                await session.WriteJsonAsync(all.Select(ReconFormat.ToJson).ToList());
                return;
            }

            await WriteExceptions(session, all);
            await session.Out.WriteLineAsync($"{all.Count} exception{(all.Count == 1 ? "" : "s")}");
        }));
        exceptions.Subcommands.Add(list);
        return exceptions;
    }

    private static async Task WriteExceptions(CliSession session, IReadOnlyCollection<ReconException> exceptions)
    {
        if (exceptions.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("#", "reason", "side", "id", "date", "document", "amount", "difference", "explanation", "resolved by");
        foreach (var e in exceptions)
        {
            table.AddRow(e.Sequence.ToString(CultureInfo.InvariantCulture), ReconFormat.ProtoName(e.Reason), ReconFormat.SideName(e.Item.Side),
                ReconFormat.Number(e.Item.Id), ReconFormat.Text(e.Item.Date) ?? "", Markup.Escape(e.Item.DocumentNumber), e.Item.Amount?.Value ?? "",
                e.Difference?.Value ?? "", Markup.Escape(e.Explanation), e.ResolvedByMatch < 0 ? "" : $"match {e.ResolvedByMatch}");
        }

        session.Console.Write(table);
        await Task.CompletedTask;
    }

    public static Command CreateMatch(CliSessionFactory sessions)
    {
        var match = new Command("match", "Decide on matches by hand: confirm, reject, manual, undo (audited)");
        match.Subcommands.Add(Confirm(sessions));
        match.Subcommands.Add(Reject(sessions));
        match.Subcommands.Add(Manual(sessions));
        match.Subcommands.Add(Undo(sessions));
        return match;
    }

    private static Argument<int> SequenceArgument() =>
        CliInput.WholeNumber("seq", "The match's sequence number in the run (see 'recon matches list')", "a match's sequence number", 0, "2");

    private static Command Confirm(CliSessionFactory sessions)
    {
        var run = ReconcileCommands.RunArgument();
        var seq = SequenceArgument();
        var note = new Option<string?>("--note") { Description = "A note for the audit log, e.g. 客户确认少付5元手续费" };
        var confirm = new Command("confirm", "Accept a proposed match") { run, seq, note };
        confirm.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).ConfirmMatchAsync(new ConfirmMatchRequest
            {
                RunId = parsed.GetValue(run), MatchSequence = parsed.GetValue(seq), Note = parsed.GetValue(note) ?? "",
            }, session.Call(ct));
            await Changed(session, response.Match, [], "confirmed");
        }));
        return confirm;
    }

    private static Command Reject(CliSessionFactory sessions)
    {
        var run = ReconcileCommands.RunArgument();
        var seq = SequenceArgument();
        var reason = new Option<string>("--reason") { Description = "Why (required), e.g. 不是同一笔业务", Required = true };
        var reject = new Command("reject", "Turn a proposed match down; its items become exceptions again") { run, seq, reason };
        reject.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).RejectMatchAsync(new RejectMatchRequest
            {
                RunId = parsed.GetValue(run), MatchSequence = parsed.GetValue(seq), Reason = parsed.GetValue(reason)!,
            }, session.Call(ct));
            await Changed(session, response.Match, response.Exceptions, "rejected");
        }));
        return reject;
    }

    private static Command Undo(CliSessionFactory sessions)
    {
        var run = ReconcileCommands.RunArgument();
        var seq = SequenceArgument();
        var reason = new Option<string>("--reason") { Description = "Why (required), e.g. 匹配错了", Required = true };
        var undo = new Command("undo", "Undo an accepted, confirmed or manual match; its items become exceptions again and a posted adjustment is reversed") { run, seq, reason };
        undo.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).UnmatchAsync(new UnmatchRequest
            {
                RunId = parsed.GetValue(run), MatchSequence = parsed.GetValue(seq), Reason = parsed.GetValue(reason)!,
            }, session.Call(ct));
            await Changed(session, response.Match, response.Exceptions, "undone");
        }));
        return undo;
    }

    private static Command Manual(CliSessionFactory sessions)
    {
        var run = ReconcileCommands.RunArgument();
        var ours = new Option<string[]>("--ours") { Description = "Our ledger entry ids, comma-separated (the id column of 'recon exceptions list')", AllowMultipleArgumentsPerToken = true };
        var theirs = new Option<string[]>("--theirs") { Description = "Their statement line ids, comma-separated", AllowMultipleArgumentsPerToken = true };
        var reason = new Option<string>("--reason") { Description = "Why these belong together (required), e.g. 同一批货，折让100元", Required = true };
        var account = new Option<string?>("--adjust-account") { Description = "Post the difference to this account, e.g. \"6603 财务费用\" (with --adjust-reason)" };
        var adjustReason = new Option<string?>("--adjust-reason") { Description = "Why the difference is written off, e.g. 客户折让" };
        var manual = new Command("manual", "Match open exceptions of both sides by hand; a difference beyond tolerance needs --adjust-account and --adjust-reason")
        {
            run, ours, theirs, reason, account, adjustReason,
        };
        manual.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new CreateManualMatchRequest { RunId = parsed.GetValue(run), Reason = parsed.GetValue(reason)! };
            request.OurItemIds.Add(Ids(parsed.GetValue(ours), "--ours"));
            request.TheirItemIds.Add(Ids(parsed.GetValue(theirs), "--theirs"));
            if (request.OurItemIds.Count + request.TheirItemIds.Count == 0)
            {
                throw new CliUsageException("give the items to match with --ours and/or --theirs, e.g. --ours 101,102 --theirs 2001.");
            }

            var (a, r) = (parsed.GetValue(account), parsed.GetValue(adjustReason));
            if ((a is null) != (r is null))
            {
                throw new CliUsageException("--adjust-account and --adjust-reason go together: the account the difference is posted to, and why.");
            }

            if (a is not null)
            {
                request.Adjustment = new Adjustment { Account = a, Reason = r! };
            }

            var response = await Client(session).CreateManualMatchAsync(request, session.Call(ct));
            await Changed(session, response.Match, [], "created manual");
        }));
        return manual;
    }

    private static async Task Changed(CliSession session, Match match, IReadOnlyCollection<ReconException> released, string what)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(new ChangeJson(ReconFormat.ToJson(match), released.Select(ReconFormat.ToJson).ToList()));
            return;
        }

        await session.Out.WriteLineAsync(
            $"{what} match {match.Sequence} ({match.RuleName}, now {ReconFormat.ProtoName(match.Status)}): ours {ReconFormat.Documents(match.Ours)} " +
            $"{match.OurAmount?.Value} / theirs {ReconFormat.Documents(match.Theirs)} {match.TheirAmount?.Value} {match.Currency}, difference {match.Difference?.Value}" +
            (match.AdjustmentEntryId != 0 ? $"; adjustment posted as ledger entry {match.AdjustmentEntryId}" : "") +
            (match.AdjustmentReversalEntryId != 0 ? $", reversed by ledger entry {match.AdjustmentReversalEntryId}" : "") +
            (match.RuleName == "manual" && match.AdjustmentEntryId == 0 && ReconFormat.SignOf(match.Difference) != 0
                ? "; the difference is within the rule set's tolerance and was not posted: it stays in the 余额调节表 as a matched difference (to book it, undo the match and match again with --adjust-account)"
                : ""));
        if (released.Count > 0)
        {
            await session.Out.WriteLineAsync($"{released.Count} item{(released.Count == 1 ? " is an exception" : "s are exceptions")} again:");
            await WriteExceptions(session, released);
        }
    }

    public static Command CreatePeriod(CliSessionFactory sessions)
    {
        var period = new Command("period", "A customer's period: confirmation (对账确认) and lock (锁定)");
        period.Subcommands.Add(PeriodConfirm(sessions));
        period.Subcommands.Add(PeriodLock(sessions));
        period.Subcommands.Add(PeriodUnlock(sessions));
        period.Subcommands.Add(PeriodList(sessions));
        period.Subcommands.Add(PeriodCloseCommands.CreateReply(sessions));
        return period;
    }

    private static Command PeriodConfirm(CliSessionFactory sessions)
    {
        var customer = new Option<string>("--customer") { Description = "The customer's code", Required = true };
        var from = new Option<string>("--from") { Description = "First day of the period (YYYY-MM-DD)", Required = true };
        var to = new Option<string>("--to") { Description = "Last day of the period (YYYY-MM-DD)", Required = true };
        var by = new Option<string>("--by") { Description = "Who at the customer confirmed, e.g. \"王芳 财务部\"", Required = true };
        var at = new Option<string?>("--at") { Description = "When they confirmed, e.g. 2026-11-05T10:00:00Z (default: now)" };
        var run = CliInput.WholeNumberOption("--run", "The run the confirmation refers to", "a run id", 1L, "41");
        var balance = new Option<string?>("--balance") { Description = "The balance they confirmed, in our convention" };
        var note = new Option<string?>("--note") { Description = "A note, e.g. 询证函已回函" };
        var differenceReason = new Option<string?>("--difference-reason")
        {
            Description = "Why the balance confirmed differs from their side of the run, when it does (required then), e.g. \"在途款 5,000.00 已于4月2日到账\"",
        };
        var confirm = new Command("confirm", "Record the customer's confirmation of a period (audited)") { customer, from, to, by, at, run, balance, note, differenceReason };
        confirm.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).ConfirmPeriodAsync(new ConfirmPeriodRequest
            {
                CustomerCode = parsed.GetValue(customer)!,
                StartDate = ReconFormat.ToDate(parsed.GetValue(from), "--from"),
                EndDate = ReconFormat.ToDate(parsed.GetValue(to), "--to"),
                ConfirmedBy = parsed.GetValue(by)!,
                ConfirmTime = ReconFormat.ToTimestamp(parsed.GetValue(at), "--at"),
                RunId = parsed.GetValue(run),
                ConfirmedBalance = ReconFormat.ToDecimal(parsed.GetValue(balance), "--balance"),
                Note = parsed.GetValue(note) ?? "",
                DifferenceReason = parsed.GetValue(differenceReason) ?? "",
            }, session.Call(ct));
            await Recorded(session, response.Record);
        }));
        return confirm;
    }

    private static Command PeriodLock(CliSessionFactory sessions)
    {
        var customer = new Option<string>("--customer") { Description = "The customer's code", Required = true };
        var from = new Option<string>("--from") { Description = "First day of the period (YYYY-MM-DD)", Required = true };
        var to = new Option<string>("--to") { Description = "Last day of the period (YYYY-MM-DD)", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (required), e.g. 4月已结账", Required = true };
        var lockCommand = new Command("lock", "Lock a customer's period: no more runs, match changes or postings in it (admin, audited)")
        {
            customer, from, to, reason,
        };
        lockCommand.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).LockPeriodAsync(new LockPeriodRequest
            {
                CustomerCode = parsed.GetValue(customer)!,
                StartDate = ReconFormat.ToDate(parsed.GetValue(from), "--from"),
                EndDate = ReconFormat.ToDate(parsed.GetValue(to), "--to"),
                Reason = parsed.GetValue(reason)!,
            }, session.Call(ct));
            await Recorded(session, response.Record);
        }));
        return lockCommand;
    }

    private static Command PeriodUnlock(CliSessionFactory sessions)
    {
        var customer = new Option<string>("--customer") { Description = "The customer's code", Required = true };
        var id = CliInput.WholeNumberOption("--id", "The lock's id (the id column of 'recon period list')", "a lock id", 1L, "7");
        id.Required = true;
        var reason = new Option<string>("--reason") { Description = "Why (required), e.g. 补记5月运费，反结账", Required = true };
        var unlock = new Command("unlock", "Lift a lock (反结账, admin, audited); it stays in the history with who lifted it and why") { customer, id, reason };
        unlock.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).UnlockPeriodAsync(new UnlockPeriodRequest
            {
                CustomerCode = parsed.GetValue(customer)!, Id = parsed.GetValue(id), Reason = parsed.GetValue(reason)!,
            }, session.Call(ct));
            await Recorded(session, response.Record);
        }));
        return unlock;
    }

    private static Command PeriodList(CliSessionFactory sessions)
    {
        var customer = new Option<string>("--customer") { Description = "The customer's code", Required = true };
        var list = new Command("list", "List a customer's confirmations and locks") { customer };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).ListPeriodsAsync(new ListPeriodsRequest { CustomerCode = parsed.GetValue(customer)! }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Records.Select(ReconFormat.ToJson).ToList());
                return;
            }

            var table = new Table().AddColumns("id", "kind", "period", "confirmed by", "balance", "run", "time", "recorded by", "note");
            foreach (var p in response.Records)
            {
                table.AddRow(ReconFormat.Number(p.Id), Kind(p), $"{ReconFormat.Text(p.StartDate)}..{ReconFormat.Text(p.EndDate)}",
                    Markup.Escape(p.ConfirmedBy), p.ConfirmedBalance?.Value ?? "", p.RunId == 0 ? "" : ReconFormat.Number(p.RunId),
                    ReconFormat.TimeText(p.Time), Markup.Escape(ReconFormat.KeyAndPerson(p.RecordedBy, p.RecordedFor)),
                    Markup.Escape(p.UnlockTime is null
                        ? p.Note
                        : $"{p.Note}; lifted {ReconFormat.TimeText(p.UnlockTime)} by {ReconFormat.KeyAndPerson(p.UnlockedBy, p.UnlockedFor)}: {p.UnlockReason}"));
            }

            session.Console.Write(table);
        }));
        return list;
    }

    private static async Task Recorded(CliSession session, PeriodRecord p)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(ReconFormat.ToJson(p));
            return;
        }

        var period = $"{p.CustomerCode} {ReconFormat.Text(p.StartDate)}..{ReconFormat.Text(p.EndDate)}";
        await session.Out.WriteLineAsync(
            p.UnlockTime is not null ? $"unlocked {period} (lock {p.Id}) at {ReconFormat.TimeText(p.UnlockTime)}: {p.UnlockReason}"
            : p.Locked ? $"locked {period} (lock {p.Id})"
            : $"confirmed {period} by {p.ConfirmedBy} at {ReconFormat.TimeText(p.Time)}{(p.ConfirmedBalance is { } b ? $", balance {b.Value}" : "")}");
    }

    private static string Kind(PeriodRecord p) => p.UnlockTime is not null ? "lock lifted 已反结账" : p.Locked ? "lock 锁定" : "confirmation 确认";

    private static IEnumerable<string> Split(string value) =>
        value.Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Item ids as given. Ours may be negative: a run names our balance carried forward to its start (期初结转, no
    /// ledger entry) so.
    /// </summary>
    private static IEnumerable<long> Ids(string[]? values, string option)
    {
        var ours = option == "--ours";
        foreach (var text in (values ?? []).SelectMany(Split))
        {
            yield return long.TryParse(text, ours ? NumberStyles.AllowLeadingSign : NumberStyles.None, CultureInfo.InvariantCulture, out var id) && (ours ? id != 0 : id > 0)
                ? id
                : throw new CliUsageException($"{option} '{text}' is not an item id; give ids such as 101,102 (the id column of 'recon exceptions list').");
        }
    }
}
