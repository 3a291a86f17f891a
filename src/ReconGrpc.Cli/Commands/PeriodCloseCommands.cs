using System.CommandLine;
using System.Globalization;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary>Month-end: the board (月末对账看板) and customers' replies to statements of account (对账回函).</summary>
public static class PeriodCloseCommands
{
    private static ReconciliationService.ReconciliationServiceClient Client(CliSession session) => new(session.Invoker);

    /// <summary>A month as YYYY-MM, or a range as YYYY-MM-DD..YYYY-MM-DD, to its first and last day.</summary>
    public static (Date Start, Date End) Period(string text, string option)
    {
        var trimmed = text.Trim();
        if (trimmed.Split("..") is [var from, var to])
        {
            return (ReconFormat.ToDate(from, option)!, ReconFormat.ToDate(to, option)!);
        }

        if (DateOnly.TryParseExact(trimmed + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            var last = first.AddMonths(1).AddDays(-1);
            return (new Date { Year = first.Year, Month = first.Month, Day = 1 }, new Date { Year = last.Year, Month = last.Month, Day = last.Day });
        }

        throw new CliUsageException($"{option} '{text}' is not a month (2026-03) or a range of days (2026-03-01..2026-03-31).");
    }

    public static Command CreateBoard(CliSessionFactory sessions)
    {
        var period = new Option<string>("--period") { Description = "The month (2026-03) or a range (2026-03-01..2026-03-31)", Required = true };
        var category = new Option<string?>("--category") { Description = "Only customers of this category and its descendants" };
        var limit = CliInput.WholeNumberOption("--limit", "Rows per call (default 1000); every page is shown", "a page size", 1, "200");
        var board = new Command("board", "The month-end board: every customer with a balance or movements, reconciled, sent, reply, confirmed, locked")
        {
            period, category, limit,
        };
        board.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var (start, end) = Period(parsed.GetValue(period)!, "--period");
            var request = new GetMonthEndBoardRequest
            {
                StartDate = start, EndDate = end, CategoryCode = parsed.GetValue(category) ?? "", PageSize = parsed.GetValue(limit) is > 0 and var size ? size : 1000,
            };
            var rows = new List<MonthEndBoardRow>();
            MonthEndBoardSummary? summary = null;
            do
            {
                var page = await Client(session).GetMonthEndBoardAsync(request, session.Call(ct));
                rows.AddRange(page.Rows);
                summary = page.Summary;
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    Rows = rows.Select(r => new
                    {
                        r.CustomerCode, r.CustomerName, r.CategoryCode,
                        Balances = r.ClosingBalances.Select(b => new { b.Currency, Amount = b.Amount.Value }),
                        RunId = r.RunId == 0 ? (long?)null : r.RunId,
                        Unexplained = r.Unexplained.Select(b => new { b.Currency, Amount = b.Amount.Value }),
                        r.Reconciled, SentTime = ReconFormat.Time(r.SentTime), Reply = Reply(r), ReplyDifferenceTotal = r.ReplyDifferenceTotal?.Value,
                        r.Confirmed, r.Locked,
                    }),
                    Summary = summary,
                });
                return;
            }

            var table = new Table().AddColumns("customer", "balance", "reconciled", "sent", "reply", "confirmed", "locked");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape($"{r.CustomerCode} {r.CustomerName}"),
                    Markup.Escape(string.Join(" ", r.ClosingBalances.Select(b => $"{b.Amount.Value} {b.Currency}"))),
                    Markup.Escape(Reconciled(r)), r.SentTime is null ? "" : r.SentTime.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Markup.Escape(r.Reply switch
                    {
                        StatementReplyVerdict.Agrees => "agrees",
                        StatementReplyVerdict.Disagrees => $"disagrees {r.ReplyDifferenceTotal?.Value}",
                        _ => "",
                    }),
                    r.Confirmed ? "yes" : "", r.Locked ? "yes" : "");
            }

            session.Console.Write(table);
            if (summary is not null)
            {
                session.Console.WriteLine(
                    $"{summary.Customers} customers: {summary.Reconciled} reconciled, {summary.Unexplained} with a difference, {summary.WithoutRun} without a run; " +
                    $"{summary.Sent} sent, {summary.Agreed} agreed, {summary.Disagreed} disagreed; {summary.Confirmed} confirmed, {summary.Locked} locked");
            }
        }));
        return board;
    }

    private static string? Reply(MonthEndBoardRow r) => r.Reply switch
    {
        StatementReplyVerdict.Agrees => "agrees",
        StatementReplyVerdict.Disagrees => "disagrees",
        _ => null,
    };

    private static string Reconciled(MonthEndBoardRow r) => r.RunId == 0
        ? "no run"
        : r.Reconciled
            ? $"yes (run {ReconFormat.Number(r.RunId)})"
            : $"differs {string.Join(" ", r.Unexplained.Where(u => u.Amount.Value is not ("0.00" or "0")).Select(u => $"{u.Amount.Value} {u.Currency}"))} (run {ReconFormat.Number(r.RunId)})";

    /// <summary>"description=amount" or "description=amount@document" to a difference.</summary>
    public static StatementDifference Difference(string text)
    {
        var equals = text.LastIndexOf('=');
        if (equals <= 0)
        {
            throw new CliUsageException($"--difference '{text}' is not \"description=amount\" (e.g. \"运费未入账=30.00\" or \"运费未入账=30.00@FR-7\").");
        }

        var amount = text[(equals + 1)..];
        var document = "";
        if (amount.IndexOf('@') is var at and >= 0)
        {
            document = amount[(at + 1)..].Trim();
            amount = amount[..at];
        }

        return new StatementDifference { Description = text[..equals].Trim(), Amount = ReconFormat.ToDecimal(amount.Trim(), "--difference"), DocumentNumber = document };
    }

    public static Command CreateReply(CliSessionFactory sessions)
    {
        var customer = new Option<string>("--customer") { Description = "The customer's code", Required = true };
        var period = new Option<string>("--period") { Description = "The month (2026-03) or a range (2026-03-01..2026-03-31)", Required = true };
        var agrees = new Option<bool>("--agrees") { Description = "The customer agrees with the statement (相符)" };
        var disagrees = new Option<bool>("--disagrees") { Description = "The customer disagrees (不符); list the differences" };
        var difference = new Option<string[]>("--difference")
        {
            Description = "A difference the customer lists: \"description=amount\" or \"description=amount@document\" (repeat)", AllowMultipleArgumentsPerToken = false,
        };
        var by = new Option<string>("--by") { Description = "Who at the customer replied, e.g. \"王芳 财务部\"", Required = true };
        var at = new Option<string?>("--at") { Description = "When they replied, e.g. 2026-04-08T10:00:00+08:00 (default: now)" };
        var balance = new Option<string?>("--balance") { Description = "The balance the reply names, in our convention" };
        var confirm = new Option<bool>("--confirm") { Description = "An agreeing reply also confirms the period (对账确认) with that balance" };
        var run = CliInput.WholeNumberOption("--run", "With --confirm: the run the confirmation refers to", "a run id", 1L, "41");
        var note = new Option<string?>("--note") { Description = "A note" };
        var differenceReason = new Option<string?>("--difference-reason")
        {
            Description = "With --confirm: why the reply's balance differs from their side of the run, when it does (required then)",
        };
        var reply = new Command("reply", "Record the customer's reply to a statement of account (对账回函, audited)")
        {
            customer, period, agrees, disagrees, difference, by, at, balance, confirm, run, note, differenceReason,
        };
        reply.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var (start, end) = Period(parsed.GetValue(period)!, "--period");
            var verdict = (parsed.GetValue(agrees), parsed.GetValue(disagrees)) switch
            {
                (true, false) => StatementReplyVerdict.Agrees,
                (false, true) => StatementReplyVerdict.Disagrees,
                _ => throw new CliUsageException("Give --agrees or --disagrees (one of them)."),
            };
            var response = await Client(session).RecordStatementReplyAsync(new RecordStatementReplyRequest
            {
                CustomerCode = parsed.GetValue(customer)!, StartDate = start, EndDate = end, Verdict = verdict,
                Differences = { (parsed.GetValue(difference) ?? []).Select(Difference) },
                RepliedBy = parsed.GetValue(by)!, ReplyTime = ReconFormat.ToTimestamp(parsed.GetValue(at), "--at"),
                Balance = ReconFormat.ToDecimal(parsed.GetValue(balance), "--balance"), Note = parsed.GetValue(note) ?? "",
                ConfirmPeriod = parsed.GetValue(confirm), RunId = parsed.GetValue(run),
                DifferenceReason = parsed.GetValue(differenceReason) ?? "",
            }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    response.Reply.Id, response.Reply.CustomerCode, From = ReconFormat.Text(response.Reply.StartDate), To = ReconFormat.Text(response.Reply.EndDate),
                    Verdict = verdict == StatementReplyVerdict.Agrees ? "agrees" : "disagrees", DifferenceTotal = response.Reply.DifferenceTotal.Value,
                    ConfirmationId = response.Confirmation?.Id, SendingId = response.Sending?.Id,
                });
                return;
            }

            var r = response.Reply;
            session.Console.WriteLine($"Recorded reply {ReconFormat.Number(r.Id)} of {r.CustomerCode} for {ReconFormat.Text(r.StartDate)}..{ReconFormat.Text(r.EndDate)}: " +
                (verdict == StatementReplyVerdict.Agrees ? "agrees" : $"disagrees, {r.Differences.Count} difference(s) totalling {r.DifferenceTotal.Value}"));
            if (response.Confirmation is { } c)
            {
                session.Console.WriteLine($"Period confirmed (record {ReconFormat.Number(c.Id)}) by {c.ConfirmedBy}{(c.ConfirmedBalance is null ? "" : ", balance " + c.ConfirmedBalance.Value)}");
            }
        }));
        return reply;
    }
}
