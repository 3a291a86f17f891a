using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon ledger …</c> and <c>recon statements …</c>: our books and the counterparties' statements.</summary>
public static class LedgerCommands
{
    public sealed record EntryJson(long Id, string CustomerCode, string Date, string DocumentType, string DocumentNumber, string? VoucherNumber,
        string Amount, string Currency, string? DueDate, string? Memo, long? ImportBatchId, int? SourceLine)
    {
        /// <summary>Of a posting: its customer over or near its credit limit; left out when there is none.</summary>
        public IReadOnlyList<ReceivablesCommands.CreditAlertJson>? CreditAlerts { get; init; }
    }

    public sealed record LineJson(long Id, string Date, string Amount, string OriginalAmount, string Currency, string? CustomerCode,
        string? DocumentNumber, string? Reference, string? Text);

    public static Command CreateLedger(CliSessionFactory sessions)
    {
        var ledger = new Command("ledger", "Our receivables ledger (账目记录)");

        var customer = new Option<string?>("--customer") { Description = "Only this customer's entries" };
        var category = new Option<string?>("--category") { Description = "Only customers in this category and its descendants" };
        var from = new Option<string?>("--from") { Description = "From this date (YYYY-MM-DD)" };
        var to = new Option<string?>("--to") { Description = "Up to this date (YYYY-MM-DD)" };
        var text = new Option<string?>("--text") { Description = "Document number, reference or memo containing this" };
        var types = new Option<string[]>("--type")
        {
            Description = "Only entries of this document type (sales-invoice, return, exchange, receipt, credit-note, adjustment, opening-balance); repeat for several",
            AllowMultipleArgumentsPerToken = false,
        };
        var minAmount = new Option<string?>("--min-amount") { Description = "Only entries whose signed amount is at least this (e.g. -500.00)" };
        var maxAmount = new Option<string?>("--max-amount") { Description = "Only entries whose signed amount is at most this" };
        var list = new Command("list", "List ledger entries in date order") { customer, category, from, to, text, types, minAmount, maxAmount };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new ListLedgerEntriesRequest
            {
                CustomerCode = parsed.GetValue(customer) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                StartDate = ReconFormat.ToDate(parsed.GetValue(from), "--from"),
                EndDate = ReconFormat.ToDate(parsed.GetValue(to), "--to"),
                Text = parsed.GetValue(text) ?? "",
                MinAmount = ReconFormat.ToDecimal(parsed.GetValue(minAmount), "--min-amount"),
                MaxAmount = ReconFormat.ToDecimal(parsed.GetValue(maxAmount), "--max-amount"),
            };
            request.DocumentTypes.Add((parsed.GetValue(types) ?? []).Select(t => ReconFormat.ParseDocumentType(t, "--type")));
            var entries = new List<LedgerEntry>();
            using var call = new LedgerService.LedgerServiceClient(session.Invoker).ListLedgerEntries(request, cancellationToken: ct);
            await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
            {
                entries.AddRange(batch.Entries);
            }

            if (session.Json)
            {
                await session.WriteJsonAsync(entries.Select(e => new EntryJson(e.Id, e.CustomerCode, ReconFormat.Text(e.Date)!, e.DocumentType.ToString(), e.DocumentNumber,
                    ReconFormat.Empty(e.VoucherNumber), e.Amount.Value, e.Currency, ReconFormat.Text(e.DueDate), ReconFormat.Empty(e.Memo),
                    e.ImportBatchId == 0 ? null : e.ImportBatchId, e.SourceLine == 0 ? null : e.SourceLine)).ToList());
                return;
            }

            var table = new Table().AddColumns("date", "customer", "type", "document", "amount", "memo");
            foreach (var e in entries)
            {
                table.AddRow(ReconFormat.Text(e.Date)!, Markup.Escape(e.CustomerCode), e.DocumentType.ToString(), Markup.Escape(e.DocumentNumber),
                    e.Amount.Value, Markup.Escape(e.Memo));
            }

            session.Console.Write(table);
        }));

        var balanceCustomer = new Option<string>("--customer") { Description = "The customer's code", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "The balance at the end of this date (YYYY-MM-DD); default all entries" };
        var balance = new Command("balance", "What a customer owes us") { balanceCustomer, asOf };
        balance.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await new LedgerService.LedgerServiceClient(session.Invoker).GetCustomerBalanceAsync(new GetCustomerBalanceRequest
            {
                CustomerCode = parsed.GetValue(balanceCustomer)!, AsOfDate = ReconFormat.ToDate(parsed.GetValue(asOf), "--as-of"),
            }, session.Call(ct));
            // The server sends the negative amounts' total as a positive number; shown signed, so that it reads as what it
            // is — the total of the negative amounts, not a 贷方 column (a red-ink invoice is among them).
            var (positiveTotal, negativeTotal) = (response.DebitTotal.Value, ReconFormat.Negated(response.CreditTotal.Value));
            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    customerCode = response.CustomerCode,
                    asOf = ReconFormat.Text(response.AsOfDate),
                    balance = response.Balance.Value,
                    positiveTotal,
                    negativeTotal,
                    entryCount = response.EntryCount,
                    currency = response.Currency,
                });
                return;
            }

            await session.Out.WriteLineAsync(
                $"{response.CustomerCode} balance {response.Balance.Value} {response.Currency}{(response.AsOfDate is null ? "" : $" as of {ReconFormat.Text(response.AsOfDate)}")} ({response.EntryCount} entries counted; positive {positiveTotal}, negative {negativeTotal})");
        }));

        ledger.Subcommands.Add(list);
        ledger.Subcommands.Add(balance);
        ledger.Subcommands.Add(CreatePost(sessions));
        ledger.Subcommands.Add(ReceivablesCommands.CreateLedgerDetail(sessions));
        return ledger;
    }

    /// <summary>
    /// 手工记账: posts one entry by hand (audited, refused in a locked period), e.g. the reversal (红字冲销) of an
    /// entry booked twice by a corrected export. Booked entries are never deleted; they are offset.
    /// </summary>
    private static Command CreatePost(CliSessionFactory sessions)
    {
        var customer = new Option<string>("--customer") { Description = "The customer's code", Required = true };
        var date = new Option<string>("--date") { Description = "The accounting date (YYYY-MM-DD)", Required = true };
        var type = new Option<string>("--type")
        {
            Description = "sales-invoice, return, exchange, receipt, credit-note, adjustment or opening-balance", Required = true,
        };
        var amount = new Option<string>("--amount")
        {
            Description = "Signed from our side: positive raises what the customer owes us (an invoice), negative lowers it (a receipt, a reversal)",
            Required = true,
        };
        var reason = new Option<string>("--reason") { Description = "Why it is posted by hand; kept in the audit log", Required = true };
        var document = new Option<string?>("--document") { Description = "单据号" };
        var voucher = new Option<string?>("--voucher") { Description = "凭证号" };
        var currency = new Option<string?>("--currency") { Description = "ISO 4217 code (default CNY)" };
        var due = new Option<string?>("--due") { Description = "When it falls due (default: the date plus the customer's payment terms)" };
        var reference = new Option<string?>("--reference") { Description = "A reference the counterparty may quote" };
        var memo = new Option<string?>("--memo") { Description = "摘要" };
        var post = new Command("post", "Post one entry by hand (audited): a correction, a reversal, a late document")
        {
            customer, date, type, amount, reason, document, voucher, currency, due, reference, memo,
        };
        post.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new PostLedgerEntryRequest
            {
                CustomerCode = parsed.GetValue(customer)!,
                Date = ReconFormat.ToDate(parsed.GetValue(date), "--date"),
                DocumentType = ReconFormat.ParseDocumentType(parsed.GetValue(type)!, "--type"),
                Amount = ReconFormat.ToDecimal(parsed.GetValue(amount), "--amount"),
                Reason = parsed.GetValue(reason)!,
                DocumentNumber = parsed.GetValue(document) ?? "",
                VoucherNumber = parsed.GetValue(voucher) ?? "",
                Currency = parsed.GetValue(currency) ?? "",
                DueDate = ReconFormat.ToDate(parsed.GetValue(due), "--due"),
                Reference = parsed.GetValue(reference) ?? "",
                Memo = parsed.GetValue(memo) ?? "",
            };
            var response = await new LedgerService.LedgerServiceClient(session.Invoker).PostLedgerEntryAsync(request, session.Call(ct));
            var e = response.Entry;
            if (session.Json)
            {
                await session.WriteJsonAsync(new EntryJson(e.Id, e.CustomerCode, ReconFormat.Text(e.Date)!, e.DocumentType.ToString(), e.DocumentNumber,
                    ReconFormat.Empty(e.VoucherNumber), e.Amount.Value, e.Currency, ReconFormat.Text(e.DueDate), ReconFormat.Empty(e.Memo), null, null)
                {
                    CreditAlerts = response.CreditAlerts.Count == 0 ? null : [.. response.CreditAlerts.Select(ReceivablesCommands.AlertJson)],
                });
                return;
            }

            await session.Out.WriteLineAsync(
                $"posted entry {e.Id}: {e.CustomerCode} {ReconFormat.Text(e.Date)} {e.DocumentType} {e.DocumentNumber} {e.Amount.Value} {e.Currency}".Replace("  ", " ", StringComparison.Ordinal));
            // Amounts are signed from our side; a positive receipt is right only when it reverses one, so say what it did.
            if (e.DocumentType is DocumentType.Receipt or DocumentType.Return or DocumentType.CreditNote && ReconFormat.SignOf(e.Amount) > 0)
            {
                await session.Out.WriteLineAsync(
                    $"note: this {e.DocumentType} of +{e.Amount.Value} raises what {e.CustomerCode} owes us; such entries usually lower it " +
                    $"(--amount -{e.Amount.Value}). Right if it reverses one; if it was money received, post its reversal (--amount -{e.Amount.Value}, " +
                    $"same document) and then the receipt again as --amount -{e.Amount.Value}.");
            }

            foreach (var alert in response.CreditAlerts)
            {
                await session.Out.WriteLineAsync($"credit alert: {ReceivablesCommands.AlertLine(alert)}");
            }
        }));
        return post;
    }

    public static Command CreateStatements(CliSessionFactory sessions)
    {
        var statements = new Command("statements", "Counterparty statements (对账单, bank statements, bills, orders)");
        var customer = new Option<string?>("--customer") { Description = "Only statements about this customer" };
        var list = new Command("list", "List statements, newest first") { customer };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var all = new List<Statement>();
            var token = "";
            do
            {
                var page = await new LedgerService.LedgerServiceClient(session.Invoker).ListStatementsAsync(
                    new ListStatementsRequest { CustomerCode = parsed.GetValue(customer) ?? "", PageSize = 1000, PageToken = token }, session.Call(ct));
                all.AddRange(page.Statements);
                token = page.NextPageToken;
            }
            while (token.Length > 0);

            if (session.Json)
            {
                await session.WriteJsonAsync(all.Select(s => new { id = s.Id, name = s.Name, kind = s.Kind.ToString(), customerCode = ReconFormat.Empty(s.CustomerCode), lineCount = s.LineCount, total = s.TotalAmount.Value }).ToList());
                return;
            }

            var table = new Table().AddColumns("id", "name", "kind", "customer", "lines", "total (our sign)");
            foreach (var s in all)
            {
                table.AddRow(s.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Name), s.Kind.ToString(), Markup.Escape(s.CustomerCode),
                    s.LineCount.ToString(CultureInfo.InvariantCulture), s.TotalAmount.Value);
            }

            session.Console.Write(table);
        }));

        var shown = StatementArgument();
        var show = new Command("show", "Show a statement's lines, in our sign and in the counterparty's own sign convention") { shown };
        show.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var id = await ReconFormat.ResolveStatementAsync(session, parsed.GetValue(shown)!, ct);
            var lines = new List<StatementLine>();
            using var call = new LedgerService.LedgerServiceClient(session.Invoker).ListStatementLines(new ListStatementLinesRequest { StatementId = id }, cancellationToken: ct);
            await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
            {
                lines.AddRange(batch.Lines);
            }

            if (session.Json)
            {
                await session.WriteJsonAsync(lines.Select(l => new LineJson(l.Id, ReconFormat.Text(l.Date)!, l.Amount.Value, l.OriginalAmount.Value, l.Currency,
                    ReconFormat.Empty(l.CustomerCode), ReconFormat.Empty(l.DocumentNumber), ReconFormat.Empty(l.Reference), ReconFormat.Empty(l.Text))).ToList());
                return;
            }

            var table = new Table().AddColumns("date", "document", "ours", "theirs (their sign)", "text");
            foreach (var l in lines)
            {
                table.AddRow(ReconFormat.Text(l.Date)!, Markup.Escape(l.DocumentNumber), l.Amount.Value, l.OriginalAmount.Value, Markup.Escape(l.Text));
            }

            session.Console.Write(table);
        }));

        var deleted = StatementArgument();
        var delete = new Command("delete", "Delete a statement that holds no lines (accountant); one with lines, or one a run read, is refused") { deleted };
        delete.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var given = parsed.GetValue(deleted)!;
            var id = await ReconFormat.ResolveStatementAsync(session, given, ct);
            await new LedgerService.LedgerServiceClient(session.Invoker).DeleteStatementAsync(new DeleteStatementRequest { Id = id }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new { deleted = id });
                return;
            }

            var named = given == ReconFormat.Number(id) ? "" : $" '{given}'";
            await session.Out.WriteLineAsync($"deleted statement {id}{named}");
        }));

        statements.Subcommands.Add(list);
        statements.Subcommands.Add(show);
        statements.Subcommands.Add(delete);
        return statements;
    }

    private static Argument<string> StatementArgument() =>
        new("statement") { Description = "The statement's id or name (from 'recon statements list')" };

}
