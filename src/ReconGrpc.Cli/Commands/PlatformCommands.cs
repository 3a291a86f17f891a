using System.CommandLine;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary>
/// <c>recon platform …</c>: 三方对账 — a shop's orders against the payment platform's bill, and the bill's payouts
/// against our bank statement; the run's items, and booking its fees.
/// </summary>
public static class PlatformCommands
{
    public sealed record TotalsJson(string Currency, int Orders, string? OrderAmount, int Settled, int Refunded, int Open, int SettledAfterPeriod,
        int AmountDiffers, string? Sales, string? Refunds, string? Fees, int FeeLines, string? Payouts, int PayoutCount, string? PayoutsOnBank,
        string? InTransit, int Exceptions, long? FeesEntryId);

    public sealed record RunJson(long Id, long OrdersStatementId, long BillStatementId, long? BankStatementId, string? StartDate, string? EndDate,
        string? CustomerCode, int PayoutDays, string Status, string? Failure, int Items, int Exceptions, IReadOnlyList<TotalsJson> Totals);

    public sealed record ItemJson(int Sequence, string Subject, long LineId, string Outcome, bool IsException, string Currency, string? Amount,
        string? Difference, IReadOnlyList<long> RelatedLineIds, string? Explanation);

    public sealed record FeeEntryJson(long Id, string CustomerCode, string? Date, string DocumentNumber, string? Amount, string Currency);

    private static PlatformService.PlatformServiceClient Client(CliSession session) => new(session.Invoker);

    public static Command Create(CliSessionFactory sessions)
    {
        var platform = new Command("platform", "三方对账: shop orders against the platform's bill against the bank; the run's items; booking its fees");
        platform.Subcommands.Add(Run(sessions));
        platform.Subcommands.Add(Runs(sessions));
        platform.Subcommands.Add(Show(sessions));
        platform.Subcommands.Add(Items(sessions));
        platform.Subcommands.Add(BookFees(sessions));
        return platform;
    }

    private static Argument<long> RunArgument() => CliInput.WholeNumber("run", "The three-way run's id", "a run id", 1L, "3");

    private static Command Run(CliSessionFactory sessions)
    {
        var orders = new Option<string>("--orders") { Description = "The shop's orders: a statement's id or name (kind shop-orders)", Required = true };
        var bill = new Option<string>("--bill") { Description = "The payment platform's bill: a statement's id or name (kind platform-bill)", Required = true };
        var bank = new Option<string?>("--bank") { Description = "Our bank statement that receives the payouts (kind bank-statement); without it the run stops at the bill" };
        var from = new Option<string>("--from") { Description = "The period's first day (YYYY-MM-DD)", Required = true };
        var to = new Option<string>("--to") { Description = "The period's last day (YYYY-MM-DD)", Required = true };
        var customer = new Option<string?>("--customer") { Description = "The platform as our customer (应收账款—支付宝): fees are booked to it, and bank credits resolved to it are payouts" };
        var payoutDays = CliInput.WholeNumberOption("--payout-days", "How many days a payout may take to reach the bank (default 7, at most 31)", "a number of days", 1, "7");
        var command = new Command("run", "Reconcile a period's orders, platform bill and bank statement three ways; prints the figures and the exceptions")
        {
            orders, bill, bank, from, to, customer, payoutDays,
        };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new RunSettlementRequest
            {
                OrdersStatementId = await ReconFormat.ResolveStatementAsync(session, parsed.GetValue(orders)!, ct),
                BillStatementId = await ReconFormat.ResolveStatementAsync(session, parsed.GetValue(bill)!, ct),
                BankStatementId = parsed.GetValue(bank) is { } given ? await ReconFormat.ResolveStatementAsync(session, given, ct) : 0,
                StartDate = ReconFormat.ToDate(parsed.GetValue(from), "--from"),
                EndDate = ReconFormat.ToDate(parsed.GetValue(to), "--to"),
                CustomerCode = parsed.GetValue(customer) ?? "",
                PayoutDays = parsed.GetValue(payoutDays),
            };
            // No deadline: a month of a busy shop takes as long as it takes; Ctrl+C cancels the run.
            using var call = Client(session).RunSettlement(request, cancellationToken: ct);
            SettlementRun? run = null;
            await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
            {
                if (e.Progress is { } p && !session.Json)
                {
                    await session.Error.WriteLineAsync(p.Phase == "started"
                        ? $"run {p.RunId}: started"
                        : $"run {p.RunId}: {p.Phase} — {p.Orders} orders, {p.BillLines} bill lines and {p.BankLines} bank lines read");
                }

                run = e.Completed ?? run;
            }

            if (run is null)
            {
                throw new CliUsageException("The server ended the run without its result; see 'recon platform runs'.");
            }

            await PrintRunAsync(session, run);
            if (!session.Json && run.Exceptions > 0)
            {
                await PrintItemsAsync(session, await ListAsync(session, new ListSettlementItemsRequest { RunId = run.Id, ExceptionsOnly = true }, int.MaxValue, ct));
            }
        }));
        return command;
    }

    private static Command Runs(CliSessionFactory sessions)
    {
        var limit = CliInput.WholeNumberOption("--limit", "At most this many (default 20)", "a count", 1, "20");
        limit.DefaultValueFactory = _ => 20;
        var command = new Command("runs", "The three-way runs, newest first") { limit };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).ListSettlementRunsAsync(new ListSettlementRunsRequest { PageSize = parsed.GetValue(limit) }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Runs.Select(ToJson).ToList());
                return;
            }

            var table = new Table().AddColumns("run", "period", "orders", "bill", "bank", "status", "items", "exceptions");
            foreach (var r in response.Runs)
            {
                table.AddRow(ReconFormat.Number(r.Id), $"{ReconFormat.Text(r.StartDate)} – {ReconFormat.Text(r.EndDate)}", ReconFormat.Number(r.OrdersStatementId),
                    ReconFormat.Number(r.BillStatementId), r.BankStatementId == 0 ? "—" : ReconFormat.Number(r.BankStatementId),
                    ReconFormat.ProtoName(r.Status).ToLowerInvariant(), ReconFormat.Number(r.Items), ReconFormat.Number(r.Exceptions));
            }

            session.Console.Write(table);
        }));
        return command;
    }

    private static Command Show(CliSessionFactory sessions)
    {
        var run = RunArgument();
        var command = new Command("show", "A three-way run's figures per currency") { run };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).GetSettlementRunAsync(new GetSettlementRunRequest { RunId = parsed.GetValue(run) }, session.Call(ct));
            await PrintRunAsync(session, response.Run);
        }));
        return command;
    }

    private static Command Items(CliSessionFactory sessions)
    {
        var run = RunArgument();
        var exceptions = new Option<bool>("--exceptions") { Description = "Only the items that need a person" };
        var outcome = new Option<string?>("--outcome") { Description = "Only this outcome: settled, refunded, open, amount-differs, duplicate-fee, in-transit, …" };
        var subject = new Option<string?>("--subject") { Description = "Only this subject: order, bill-line, payout, bank-line" };
        var limit = CliInput.WholeNumberOption("--limit", "At most this many (default 100)", "a count", 1, "100");
        limit.DefaultValueFactory = _ => 100;
        var command = new Command("items", "A three-way run's items in its order: orders, then bill lines, payouts and bank lines") { run, exceptions, outcome, subject, limit };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new ListSettlementItemsRequest
            {
                RunId = parsed.GetValue(run),
                ExceptionsOnly = parsed.GetValue(exceptions),
                Outcome = parsed.GetValue(outcome) is { } o ? ReconFormat.ParseProtoName<SettlementOutcome>(o, "--outcome") : SettlementOutcome.Unspecified,
                Subject = parsed.GetValue(subject) is { } s ? ReconFormat.ParseProtoName<SettlementSubject>(s, "--subject") : SettlementSubject.Unspecified,
            };
            await PrintItemsAsync(session, await ListAsync(session, request, parsed.GetValue(limit), ct));
        }));
        return command;
    }

    private static Command BookFees(CliSessionFactory sessions)
    {
        var run = RunArgument();
        var customer = new Option<string?>("--customer") { Description = "The customer to book against (default: the run's platform customer)" };
        var command = new Command("book-fees", "Book a completed run's platform fees: one adjustment per currency on the period's last day, audited") { run, customer };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).BookPlatformFeesAsync(
                new BookPlatformFeesRequest { RunId = parsed.GetValue(run), CustomerCode = parsed.GetValue(customer) ?? "" }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Entries.Select(e => new FeeEntryJson(e.Id, e.CustomerCode, ReconFormat.Text(e.Date), e.DocumentNumber,
                    e.Amount?.Value, e.Currency)).ToList());
                return;
            }

            foreach (var e in response.Entries)
            {
                await session.Out.WriteLineAsync($"booked {e.DocumentNumber}: {e.Amount?.Value} {e.Currency} to {e.CustomerCode} on {ReconFormat.Text(e.Date)} (entry {e.Id})");
            }
        }));
        return command;
    }

    private static async Task<List<SettlementItem>> ListAsync(CliSession session, ListSettlementItemsRequest request, int limit, CancellationToken ct)
    {
        var items = new List<SettlementItem>();
        do
        {
            request.PageSize = Math.Min(1000, limit - items.Count);
            var page = await Client(session).ListSettlementItemsAsync(request, session.Call(ct));
            items.AddRange(page.Items);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && items.Count < limit);

        return items;
    }

    private static async Task PrintRunAsync(CliSession session, SettlementRun run)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(ToJson(run));
            return;
        }

        await session.Out.WriteLineAsync($"three-way run {run.Id}, {ReconFormat.Text(run.StartDate)} – {ReconFormat.Text(run.EndDate)}: "
                                         + $"{ReconFormat.ProtoName(run.Status).ToLowerInvariant()}, {run.Items} items, {run.Exceptions} exceptions"
                                         + (run.Failure.Length > 0 ? $" ({run.Failure})" : ""));
        foreach (var t in run.Totals)
        {
            var table = new Table { Title = new TableTitle(Markup.Escape($"run {run.Id}, {t.Currency}")) }.AddColumns("", "count", "amount");
            table.Columns[2].RightAligned();
            table.AddRow("orders of the period", ReconFormat.Number(t.Orders), t.OrderAmount?.Value ?? "");
            table.AddRow("  settled", ReconFormat.Number(t.Settled), "");
            table.AddRow("  refunded", ReconFormat.Number(t.Refunded), "");
            table.AddRow("  open (未结算)", ReconFormat.Number(t.Open), "");
            table.AddRow("  settled after the period", ReconFormat.Number(t.SettledAfterPeriod), "");
            table.AddRow("  settled for another sum", ReconFormat.Number(t.AmountDiffers), "");
            table.AddRow("bill: sales", "", t.Sales?.Value ?? "");
            table.AddRow("bill: refunds", "", t.Refunds?.Value ?? "");
            table.AddRow("bill: fees (服务费)" + (t.FeesEntryId != 0 ? $", booked as entry {t.FeesEntryId}" : ""), ReconFormat.Number(t.FeeLines), t.Fees?.Value ?? "");
            table.AddRow("payouts to the bank", ReconFormat.Number(t.PayoutCount), t.Payouts?.Value ?? "");
            table.AddRow("  on the bank statement", "", t.PayoutsOnBank?.Value ?? "");
            table.AddRow("  in transit (在途)", "", t.InTransit?.Value ?? "");
            table.AddRow("exceptions", ReconFormat.Number(t.Exceptions), "");
            session.Console.Write(table);
        }
    }

    private static async Task PrintItemsAsync(CliSession session, List<SettlementItem> items)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(items.Select(i => new ItemJson(i.Sequence, Name(i.Subject), i.LineId, Name(i.Outcome), i.IsException, i.Currency,
                i.Amount?.Value, i.Difference?.Value, [.. i.RelatedLineIds], ReconFormat.Empty(i.Explanation))).ToList());
            return;
        }

        var table = new Table().AddColumns("#", "subject", "line", "outcome", "amount", "difference", "explanation");
        table.Columns[4].RightAligned();
        table.Columns[5].RightAligned();
        foreach (var i in items)
        {
            var outcome = Name(i.Outcome);
            table.AddRow(ReconFormat.Number(i.Sequence), Name(i.Subject), ReconFormat.Number(i.LineId), i.IsException ? $"[yellow]{outcome}[/]" : outcome,
                $"{i.Amount?.Value} {i.Currency}", i.Difference?.Value is "0" or "0.00" or null ? "" : i.Difference.Value, Markup.Escape(i.Explanation));
        }

        session.Console.Write(table);
    }

    private static string Name<T>(T value)
        where T : struct, Enum => ReconFormat.ProtoName(value).ToLowerInvariant().Replace('_', '-');

    private static RunJson ToJson(SettlementRun r) => new(r.Id, r.OrdersStatementId, r.BillStatementId, r.BankStatementId == 0 ? null : r.BankStatementId,
        ReconFormat.Text(r.StartDate), ReconFormat.Text(r.EndDate), ReconFormat.Empty(r.CustomerCode), r.PayoutDays, Name(r.Status), ReconFormat.Empty(r.Failure),
        r.Items, r.Exceptions, [.. r.Totals.Select(t => new TotalsJson(t.Currency, t.Orders, t.OrderAmount?.Value, t.Settled, t.Refunded, t.Open,
            t.SettledAfterPeriod, t.AmountDiffers, t.Sales?.Value, t.Refunds?.Value, t.Fees?.Value, t.FeeLines, t.Payouts?.Value, t.PayoutCount,
            t.PayoutsOnBank?.Value, t.InTransit?.Value, t.Exceptions, t.FeesEntryId == 0 ? null : t.FeesEntryId))]);
}
