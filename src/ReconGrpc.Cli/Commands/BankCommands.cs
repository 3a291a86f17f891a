using System.CommandLine;
using System.Globalization;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary>
/// <c>recon bank …</c>: a bank statement's balances, the payers the archive does not know and the aliases that teach
/// it, the money in the bank our ledger lacks, and the 银行存款余额调节表 of a run against the statement.
/// </summary>
public static class BankCommands
{
    public sealed record StatementBalanceJson(long ImportBatchId, int Position, int SourceLine, string? StatementNumber, string? Account, string Currency,
        string? OpeningDate, string? OpeningBalance, string? ClosingDate, string? ClosingBalance, int Lines, string? Credits, string? Debits,
        string? Difference, int UnreadRows, IReadOnlyList<string> Problems, bool AddsUp);

    public sealed record SuggestionJson(string CustomerCode, string CustomerName, string? Score);

    public sealed record UnresolvedJson(long LineId, string? Date, string? Amount, string Currency, string? PayerName, string? PayerAccount,
        string? Text, string? Reference, IReadOnlyList<SuggestionJson> Closest);

    public sealed record AliasJson(long Id, string CustomerCode, string? Name, string? Account, string CreatedBy);

    public sealed record AssignmentJson(int LinesAssigned, IReadOnlyList<AliasJson> Aliases, IReadOnlyList<string> NotRemembered);

    public sealed record SuggestedReceiptJson(string CustomerCode, string? Date, string DocumentNumber, string? Amount, string Currency, string? DueDate, string? Memo);

    public sealed record UnbookedJson(long LineId, string? Date, string? Amount, string Currency, string? CustomerCode, string? PayerName,
        string? PayerAccount, string? Text, SuggestedReceiptJson? Suggested, bool AlreadyPosted, string Resolution);

    public sealed record ReconciliationJson(string Currency, string? BankClosingBalance, string? BankClosingDate, string? BankReceivedNotBooked,
        string? BankPaidNotBooked, string? BookedNotReceived, string? BookedNotPaid, string? AdjustedBankBalance, string? ImpliedBookBalance,
        string? BookBalance, string? AdjustedBookBalance, string? Unexplained, IReadOnlyList<string> Notes);

    /// <summary>Why the 调节表's book balance is derived, printed under it.</summary>
    internal const string ImpliedBookNote =
        "企业账面余额 is implied by the open items (调节后余额 − 银收企未收 + 银付企未付): our ledger is the receivables ledger, not the cash book, " +
        "so compare it with the cash book's 银行存款 balance.";

    private static BankService.BankServiceClient Client(CliSession session) => new(session.Invoker);

    public static Command Create(CliSessionFactory sessions)
    {
        var bank = new Command("bank", "Bank statements: balances, unknown payers and their aliases, unbooked receipts, the 银行存款余额调节表");
        bank.Subcommands.Add(Balances(sessions));
        bank.Subcommands.Add(Unresolved(sessions));
        bank.Subcommands.Add(Assign(sessions));
        bank.Subcommands.Add(Aliases(sessions));
        bank.Subcommands.Add(Alias(sessions));
        bank.Subcommands.Add(Unbooked(sessions));
        bank.Subcommands.Add(PostReceipts(sessions));
        bank.Subcommands.Add(Reconciliation(sessions));
        return bank;
    }

    private static Argument<string> StatementArgument() =>
        new("statement") { Description = "The bank statement's id or name (from 'recon statements list')" };

    private static Command Balances(CliSessionFactory sessions)
    {
        var statement = StatementArgument();
        var command = new Command("balances", "The balances each import of a bank statement stated, and whether its lines add up to them") { statement };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var id = await ReconFormat.ResolveStatementAsync(session, parsed.GetValue(statement)!, ct);
            var response = await Client(session).ListStatementBalancesAsync(new ListStatementBalancesRequest { StatementId = id }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Balances.Select(b => new StatementBalanceJson(b.ImportBatchId, b.Position, b.SourceLine,
                    ReconFormat.Empty(b.StatementNumber), ReconFormat.Empty(b.Account), b.Currency, ReconFormat.Text(b.OpeningDate), b.OpeningBalance?.Value,
                    ReconFormat.Text(b.ClosingDate), b.ClosingBalance?.Value, b.Lines, b.Credits?.Value, b.Debits?.Value, b.Difference?.Value, b.UnreadRows,
                    [.. b.Problems], b.Problems.Count == 0)).ToList());
                return;
            }

            if (response.Balances.Count == 0)
            {
                await session.Out.WriteLineAsync(
                    $"statement {id} states no balances: the adapter that read it gives no opening or closing balance, so its lines cannot be checked against one.");
                return;
            }

            foreach (var file in response.Balances.GroupBy(b => b.ImportBatchId))
            {
                var table = new Table { Title = new TableTitle($"import batch {ReconFormat.Number(file.Key)}") }
                    .AddColumns("#", "number", "account", "currency", "opening", "credits", "debits", "closing", "difference");
                foreach (var b in file)
                {
                    table.AddRow(ReconFormat.Number(b.Position), Markup.Escape(b.StatementNumber), Markup.Escape(b.Account), b.Currency,
                        Dated(b.OpeningBalance, b.OpeningDate), b.Credits?.Value ?? "", b.Debits?.Value ?? "", Dated(b.ClosingBalance, b.ClosingDate),
                        b.Difference?.Value ?? "—");
                }

                session.Console.Write(table);
                foreach (var b in file)
                {
                    var name = $"statement {ReconFormat.Number(b.Position)}";
                    if (b.Problems.Count == 0)
                    {
                        var note = b.Difference is null ? " (no opening or closing balance to check against)" : "";
                        session.Console.MarkupLine($"[green]{name}: adds up[/]{Markup.Escape(note)}");
                        continue;
                    }

                    // Red when opening, movements and closing disagree; yellow when only the file's declared totals or counts do.
                    var colour = ReconFormat.SignOf(b.Difference) != 0 ? "red" : "yellow";
                    foreach (var problem in b.Problems)
                    {
                        session.Console.MarkupLine($"[{colour}]{Markup.Escape(problem)}[/]");
                    }
                }
            }
        }));
        return command;
    }

    private static string Dated(DecimalValue? amount, Date? date) =>
        amount is null ? "—" : date is null ? amount.Value : $"{amount.Value} ({ReconFormat.Text(date)})";

    private static Command Unresolved(CliSessionFactory sessions)
    {
        var statement = StatementArgument();
        var pageSize = CliInput.WholeNumberOption("--page-size", "Lines fetched per call (default 100, at most 1000); every page is fetched", "a page size", 1, "100");
        pageSize.DefaultValueFactory = _ => 100;
        var command = new Command("unresolved", "Money in on a bank statement from payers the archive does not know, with the closest customers")
        {
            statement, pageSize,
        };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var id = await ReconFormat.ResolveStatementAsync(session, parsed.GetValue(statement)!, ct);
            var lines = new List<UnresolvedLine>();
            var token = "";
            do
            {
                var page = await Client(session).ListUnresolvedLinesAsync(
                    new ListUnresolvedLinesRequest { StatementId = id, PageSize = parsed.GetValue(pageSize), PageToken = token }, session.Call(ct));
                lines.AddRange(page.Lines);
                token = page.NextPageToken;
            }
            while (token.Length > 0);

            if (session.Json)
            {
                await session.WriteJsonAsync(lines.Select(u => new UnresolvedJson(u.Line.Id, ReconFormat.Text(u.Line.Date), u.Line.OriginalAmount?.Value,
                    u.Line.Currency, ReconFormat.Empty(u.Line.CounterpartyName), ReconFormat.Empty(u.Line.CounterpartyAccount), ReconFormat.Empty(u.Line.Text),
                    ReconFormat.Empty(u.Line.Reference),
                    [.. u.Closest.Select(c => new SuggestionJson(c.CustomerCode, c.CustomerName, c.Score?.Value))])).ToList());
                return;
            }

            if (lines.Count == 0)
            {
                await session.Out.WriteLineAsync($"every payer of statement {id} is known");
                return;
            }

            var table = new Table().AddColumns("line", "date", "amount", "payer", "payer account", "text", "closest customers");
            foreach (var u in lines)
            {
                table.AddRow(ReconFormat.Number(u.Line.Id), ReconFormat.Text(u.Line.Date)!, $"{u.Line.OriginalAmount?.Value} {u.Line.Currency}",
                    Markup.Escape(u.Line.CounterpartyName), Markup.Escape(u.Line.CounterpartyAccount), Markup.Escape(u.Line.Text),
                    u.Closest.Count == 0 ? "none close" : Markup.Escape(string.Join("\n", u.Closest.Select(Suggestion))));
            }

            session.Console.Write(table);
            await session.Out.WriteLineAsync($"{lines.Count} line(s); assign them with: recon bank assign LINE... --customer CODE");
        }));
        return command;
    }

    /// <summary>A closest customer as people read it: C001 杭州某某商贸有限公司 (0.82).</summary>
    internal static string Suggestion(CustomerSuggestion c) => $"{c.CustomerCode} {c.CustomerName} ({c.Score?.Value})";

    private static Command Assign(CliSessionFactory sessions)
    {
        var lines = LineIdsArgument("lines", "The bank lines' ids (from 'recon bank unresolved'); commas or spaces between them");
        var customer = new Option<string>("--customer") { Description = "The customer they are assigned to", Required = true };
        var remember = new Option<bool>("--remember")
        {
            Description = "Also make the payers' names and accounts the customer's aliases, so later lines resolve by themselves (default; --no-remember to not)",
        };
        var noRemember = new Option<bool>("--no-remember") { Description = "Assign the lines only; teach no aliases" };
        var command = new Command("assign", "Assign bank lines to a customer and, by default, teach their payers as its aliases (accountant)")
        {
            lines, customer, remember, noRemember,
        };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            if (parsed.GetValue(remember) && parsed.GetValue(noRemember))
            {
                throw new CliUsageException("give --remember or --no-remember, not both.");
            }

            var request = new AssignStatementLinesRequest { CustomerCode = parsed.GetValue(customer)!, Remember = !parsed.GetValue(noRemember) };
            request.LineIds.Add(Ids(parsed.GetValue(lines) ?? [], "<lines>"));
            var response = await Client(session).AssignStatementLinesAsync(request, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new AssignmentJson(response.LinesAssigned, [.. response.Aliases.Select(ToJson)], [.. response.NotRemembered]));
                return;
            }

            await session.Out.WriteLineAsync($"assigned {response.LinesAssigned} line(s) to {request.CustomerCode}");
            foreach (var alias in response.Aliases)
            {
                await session.Out.WriteLineAsync($"taught alias {alias.Id}: {AliasText(alias)} → {alias.CustomerCode}");
            }

            foreach (var reason in response.NotRemembered)
            {
                await session.Out.WriteLineAsync($"not taught: {reason}");
            }

            if (request.Remember && response.Aliases.Count == 0 && response.NotRemembered.Count == 0)
            {
                await session.Out.WriteLineAsync($"no new aliases: {request.CustomerCode} knows these payers already");
            }
        }));
        return command;
    }

    private static Command Aliases(CliSessionFactory sessions)
    {
        var customer = new Option<string?>("--customer") { Description = "Only this customer's aliases" };
        var command = new Command("aliases", "List the payers' names and accounts linked to customers") { customer };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).ListCounterpartyAliasesAsync(
                new ListCounterpartyAliasesRequest { CustomerCode = parsed.GetValue(customer) ?? "" }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Aliases.Select(ToJson).ToList());
                return;
            }

            if (response.Aliases.Count == 0)
            {
                await session.Out.WriteLineAsync("no aliases");
                return;
            }

            var table = new Table().AddColumns("id", "customer", "name", "account", "created by");
            foreach (var a in response.Aliases)
            {
                table.AddRow(ReconFormat.Number(a.Id), Markup.Escape(a.CustomerCode), Markup.Escape(a.Name), Markup.Escape(a.AccountMasked), Markup.Escape(a.CreatedBy));
            }

            session.Console.Write(table);
        }));
        return command;
    }

    private static Command Alias(CliSessionFactory sessions)
    {
        var alias = new Command("alias", "Link a payer's name or account to a customer by hand, or remove the link");
        var customer = new Option<string>("--customer") { Description = "The customer the alias stands for", Required = true };
        var name = new Option<string?>("--name") { Description = "The payer's name as banks write it" };
        var account = new Option<string?>("--account") { Description = "The payer's account" };
        var add = new Command("add", "Add an alias (one per name or account given; accountant)") { customer, name, account };
        add.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).AddCounterpartyAliasAsync(new AddCounterpartyAliasRequest
            {
                CustomerCode = parsed.GetValue(customer)!, Name = parsed.GetValue(name) ?? "", Account = parsed.GetValue(account) ?? "",
            }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Aliases.Select(ToJson).ToList());
                return;
            }

            foreach (var a in response.Aliases)
            {
                await session.Out.WriteLineAsync($"added alias {a.Id}: {AliasText(a)} → {a.CustomerCode}");
            }
        }));

        var id = CliInput.WholeNumber("id", "The alias's id (from 'recon bank aliases')", "an alias id", 1L, "7");
        var remove = new Command("remove", "Remove an alias (accountant)") { id };
        remove.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var aliasId = parsed.GetValue(id);
            await Client(session).RemoveCounterpartyAliasAsync(new RemoveCounterpartyAliasRequest { Id = aliasId }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new { removed = aliasId });
                return;
            }

            await session.Out.WriteLineAsync($"removed alias {aliasId}");
        }));

        alias.Subcommands.Add(add);
        alias.Subcommands.Add(remove);
        return alias;
    }

    private static AliasJson ToJson(CounterpartyAlias a) =>
        new(a.Id, a.CustomerCode, ReconFormat.Empty(a.Name), ReconFormat.Empty(a.AccountMasked), a.CreatedBy);

    private static string AliasText(CounterpartyAlias a) => a.Name.Length > 0 ? $"name '{a.Name}'" : $"account {a.AccountMasked}";

    private static Command Unbooked(CliSessionFactory sessions)
    {
        var run = ReconcileCommands.RunArgument();
        var command = new Command("unbooked", "Money in on the bank statement of a completed run with no receipt in our ledger (对方已记我方未记), per customer") { run };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var runId = parsed.GetValue(run);
            // Every page, in the server's order.
            var response = new ListUnbookedReceiptsResponse();
            var token = "";
            do
            {
                var page = await Client(session).ListUnbookedReceiptsAsync(new ListUnbookedReceiptsRequest { RunId = runId, PageToken = token, PageSize = 1000 }, session.Call(ct));
                response.Receipts.Add(page.Receipts);
                token = page.NextPageToken;
            }
            while (token.Length > 0);
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Receipts.Select(ToJson).ToList());
                return;
            }

            if (response.Receipts.Count == 0)
            {
                await session.Out.WriteLineAsync($"run {runId}: every bank credit has its receipt in our ledger");
                return;
            }

            // The server sends them by customer, unknown payers last; grouping keeps that order.
            foreach (var group in response.Receipts.GroupBy(r => r.Line.CustomerCode))
            {
                var known = group.Key.Length > 0;
                var table = new Table { Title = new TableTitle(known ? Markup.Escape(group.Key) : "payers the archive does not know") }
                    .AddColumns("line", "date", "amount", "payer", "text");
                if (known)
                {
                    table.AddColumn("found by");
                    table.AddColumn("suggested receipt");
                }

                foreach (var r in group)
                {
                    var cells = new List<string>
                    {
                        ReconFormat.Number(r.Line.Id), ReconFormat.Text(r.Line.Date)!, $"{r.Line.OriginalAmount?.Value} {r.Line.Currency}",
                        Markup.Escape(r.Line.CounterpartyName), Markup.Escape(r.Line.Text),
                    };
                    if (known)
                    {
                        cells.Add(Markup.Escape(ResolutionText(r.Line.Resolution)));
                        cells.Add(r.SuggestedEntry is { } s
                            ? Markup.Escape($"{ReconFormat.Text(s.Date)} {s.DocumentNumber} {s.Amount?.Value}{(r.AlreadyPosted ? " — already posted" : "")}")
                            : "");
                    }

                    table.AddRow([.. cells]);
                }

                session.Console.Write(table);
                if (!known)
                {
                    await session.Out.WriteLineAsync(
                        $"assign first: recon bank assign {string.Join(' ', group.Select(r => ReconFormat.Number(r.Line.Id)))} --customer CODE");
                }
            }

            var waiting = response.Receipts.Count(r => r.SuggestedEntry is not null && !r.AlreadyPosted);
            await session.Out.WriteLineAsync(waiting == 0
                ? "every suggested receipt is posted"
                : $"{waiting} receipt(s) to post: recon bank post-receipts {ReconFormat.Number(runId)} [--lines ID,ID]");
            var guessed = response.Receipts.Where(r => r.Line.Resolution == CounterpartyResolution.Fuzzy && r.SuggestedEntry is not null && !r.AlreadyPosted).ToList();
            if (guessed.Count > 0)
            {
                await session.Out.WriteLineAsync(
                    $"found by a fuzzy name match, posted only when named: --lines {string.Join(',', guessed.Select(r => ReconFormat.Number(r.Line.Id)))}");
            }
        }));
        return command;
    }

    private static UnbookedJson ToJson(UnbookedReceipt r) => new(r.Line.Id, ReconFormat.Text(r.Line.Date), r.Line.OriginalAmount?.Value, r.Line.Currency,
        ReconFormat.Empty(r.Line.CustomerCode), ReconFormat.Empty(r.Line.CounterpartyName), ReconFormat.Empty(r.Line.CounterpartyAccount),
        ReconFormat.Empty(r.Line.Text),
        r.SuggestedEntry is { } s
            ? new SuggestedReceiptJson(s.CustomerCode, ReconFormat.Text(s.Date), s.DocumentNumber, s.Amount?.Value, s.Currency, ReconFormat.Text(s.DueDate), ReconFormat.Empty(s.Memo))
            : null,
        r.AlreadyPosted, ResolutionText(r.Line.Resolution));

    /// <summary>How a line's customer was found, as people read it (a fuzzy match is a guess to confirm).</summary>
    internal static string ResolutionText(CounterpartyResolution resolution) => resolution switch
    {
        CounterpartyResolution.Unspecified => "unknown payer",
        CounterpartyResolution.Statement => "statement's customer",
        CounterpartyResolution.Code => "customer code",
        CounterpartyResolution.CreditCode => "credit code",
        CounterpartyResolution.Account => "account",
        CounterpartyResolution.Alias => "alias",
        CounterpartyResolution.Name => "name",
        CounterpartyResolution.Fuzzy => "fuzzy name (confirm)",
        CounterpartyResolution.Assigned => "assigned",
        _ => resolution.ToString(),
    };

    private static Command PostReceipts(CliSessionFactory sessions)
    {
        var run = ReconcileCommands.RunArgument();
        var lines = new Option<string[]>("--lines")
        {
            Description = "Only these bank lines' receipts (ids from 'recon bank unbooked', e.g. 1,2,3); default every line of a known customer not yet posted",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("post-receipts", "Post the suggested receipts of a run's unbooked bank credits, in one change (accountant)") { run, lines };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new PostUnbookedReceiptsRequest { RunId = parsed.GetValue(run) };
            request.LineIds.Add(Ids(parsed.GetValue(lines) ?? [], "--lines"));
            var response = await Client(session).PostUnbookedReceiptsAsync(request, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Entries.Select(e => new LedgerCommands.EntryJson(e.Id, e.CustomerCode, ReconFormat.Text(e.Date)!,
                    e.DocumentType.ToString(), e.DocumentNumber, ReconFormat.Empty(e.VoucherNumber), e.Amount.Value, e.Currency, ReconFormat.Text(e.DueDate),
                    ReconFormat.Empty(e.Memo), null, null)).ToList());
                return;
            }

            if (response.Entries.Count == 0)
            {
                await session.Out.WriteLineAsync("nothing to post: every receipt is posted already, or its payer is still unknown");
                return;
            }

            var table = new Table().AddColumns("entry", "customer", "date", "document", "amount", "memo");
            foreach (var e in response.Entries)
            {
                table.AddRow(ReconFormat.Number(e.Id), Markup.Escape(e.CustomerCode), ReconFormat.Text(e.Date)!, Markup.Escape(e.DocumentNumber),
                    $"{e.Amount.Value} {e.Currency}", Markup.Escape(e.Memo));
            }

            session.Console.Write(table);
            await session.Out.WriteLineAsync($"posted {response.Entries.Count} receipt(s)");
        }));
        return command;
    }

    private static Command Reconciliation(CliSessionFactory sessions)
    {
        var run = ReconcileCommands.RunArgument();
        var book = new Option<string[]>("--book-balance")
        {
            Description = "The cash book's 银行存款 balance at the run's end, as CURRENCY=AMOUNT (e.g. CNY=1201800.00); repeat for each currency. "
                          + "The book side then starts from it and the table shows what is unexplained",
        };
        var command = new Command("reconciliation", "The 银行存款余额调节表 of a completed run against a bank statement, per currency") { run, book };
        command.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var runId = parsed.GetValue(run);
            var request = new GetBankReconciliationRequest { RunId = runId };
            foreach (var (currency, amount) in CustomersCommands.ParsePairs(parsed.GetValue(book), "--book-balance", "CURRENCY=AMOUNT", "CNY=1201800.00"))
            {
                request.BookBalances[currency] = new DecimalValue { Value = amount };
            }

            var response = await Client(session).GetBankReconciliationAsync(request, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Currencies.Select(c => new ReconciliationJson(c.Currency, c.BankClosingBalance?.Value,
                    ReconFormat.Text(c.BankClosingDate), c.BankReceivedNotBooked?.Value, c.BankPaidNotBooked?.Value, c.BookedNotReceived?.Value,
                    c.BookedNotPaid?.Value, c.AdjustedBankBalance?.Value, c.ImpliedBookBalance?.Value, c.BookBalance?.Value, c.AdjustedBookBalance?.Value,
                    c.Unexplained?.Value, [.. c.Notes])).ToList());
                return;
            }

            if (response.Currencies.Count == 0)
            {
                await session.Out.WriteLineAsync($"run {runId}: no open items and no bank balance to reconcile");
                return;
            }

            foreach (var c in response.Currencies)
            {
                var asOf = c.BankClosingDate is null ? "" : $", {ReconFormat.Text(c.BankClosingDate)}";
                var table = new Table { Title = new TableTitle(Markup.Escape($"银行存款余额调节表 — run {ReconFormat.Number(runId)}, {c.Currency}{asOf}")) }
                    .AddColumns("项目", "金额", "项目", "金额");
                table.Columns[1].RightAligned();
                table.Columns[3].RightAligned();
                var missing = "— (the file gives none)";
                var given = c.BookBalance is not null;
                table.AddRow(given ? "企业账面余额" : "企业账面余额 (implied)", (given ? c.BookBalance : c.ImpliedBookBalance)?.Value ?? "—", "银行对账单余额", c.BankClosingBalance?.Value ?? missing);
                table.AddRow("加: 银收企未收", Amount(c.BankReceivedNotBooked), "加: 企收银未收", Amount(c.BookedNotReceived));
                table.AddRow("减: 银付企未付", Amount(c.BankPaidNotBooked), "减: 企付银未付", Amount(c.BookedNotPaid));
                // Without the cash book's balance both sides end at the same 调节后余额: the book side is derived from it (see the note).
                table.AddRow("调节后余额", (given ? c.AdjustedBookBalance : c.AdjustedBankBalance)?.Value ?? "—", "调节后余额", c.AdjustedBankBalance?.Value ?? "—");
                session.Console.Write(table);
                if (c.Unexplained is { } unexplained)
                {
                    await session.Out.WriteLineAsync(unexplained.Value is "0" or "0.00" ? "the two sides agree" : $"unexplained: {unexplained.Value} (book side less bank side)");
                }

                foreach (var note in c.Notes)
                {
                    await session.Out.WriteLineAsync("note: " + note);
                }
            }

            if (response.Currencies.Any(c => c.BookBalance is null))
            {
                await session.Out.WriteLineAsync("note: " + ImpliedBookNote);
            }
        }));
        return command;
    }

    private static string Amount(DecimalValue? amount) => amount?.Value ?? "0";

    private static Argument<string[]> LineIdsArgument(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.OneOrMore };

    /// <summary>Line ids as given: separate tokens, or commas between them (1,2,3); a usage error for anything else.</summary>
    internal static List<long> Ids(IEnumerable<string> given, string shown)
    {
        var ids = new List<long>();
        foreach (var text in given.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            ids.Add(long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id
                : throw new CliUsageException($"{shown} '{text}' is not a line id (a whole number from 1); write e.g. 12,13."));
        }

        return ids;
    }
}
