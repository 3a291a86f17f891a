using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Queries;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;
using SignConvention = ReconGrpc.Matching.SignConvention;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// Both sides of a run read from storage into the engine's items: our ledger entries of the customer (or of the
/// category's customers, or of everyone) dated in the run's range, and every line of the named statements that is
/// about those customers or about no customer in particular (their dates are not cut, so timing differences across the period end can still be paired;
/// a bank statement's are, see <see cref="LoadTheirs"/>).
/// </summary>
public sealed record RunSides(List<ReconItem> Ours, List<ReconItem> Theirs, IReadOnlyList<ClosingBalance>? ClosingBalances, SignConvention TheirConvention)
{
    /// <summary>
    /// How far before its period a bank run also reads both sides: money received on 1 April for a receipt booked on
    /// 31 March pairs with it instead of standing as unbooked in April, and an item still open from March is still
    /// open at April's end. As far as the default rules let a document's two sides lie apart.
    /// </summary>
    public const int BankLookBackDays = DefaultRuleSet.DocumentWindowDays;

    /// <summary>
    /// Their lines whose payer the archive does not know, by line id: who paid, from which account, and the closest
    /// customers, so the line's exception says whom to assign it to.
    /// </summary>
    public IReadOnlyDictionary<long, string> UnresolvedPayers { get; init; } = new Dictionary<long, string>();

    /// <summary>
    /// The balances carried forward to the run's start among our items (negative ids), by item id: their customer and
    /// currency as <see cref="RunComparison.OpeningKey"/> gives them, so a comparison with another run (which carried
    /// its own) can tell the same opening.
    /// </summary>
    public IReadOnlyDictionary<long, string> OpeningKeys { get; init; } = new Dictionary<long, string>();

    /// <summary>The explanation of an exception, with the unknown payer named first when the item is such a line.</summary>
    public string Explain(Side side, long itemId, string explanation) =>
        side == Side.Theirs && UnresolvedPayers.TryGetValue(itemId, out var payer) ? $"{payer}. {explanation}" : explanation;

    /// <param name="withCategories">
    /// Give every item its customer's category (<see cref="ReconItem.CustomerCategory"/>): only when a rule of the run
    /// reads it (a partner condition by category), since it costs a look-up of every customer.
    /// </param>
    /// <param name="withCounterparties">
    /// Give their items the counterparty name their line states (<see cref="ReconItem.CounterpartyName"/>): only when a
    /// rule reads it, since an item holding it costs a side object (tens of megabytes over a million bank lines).
    /// </param>
    public static async Task<RunSides> LoadAsync(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes, ReconciliationRun run,
        CancellationToken cancellationToken, bool withCategories = false, bool withCounterparties = false)
    {
        // The two sides are read at once on two connections: reading is most of a large run's start-up. Each is read
        // synchronously on a thread of its own: per row, an awaited read costs more than the row.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var category = run.CategoryCode is { } code ? await CategoryScope.OfAsync(db, code, cancellationToken) : null;
        var statementIds = run.StatementIdList.ToList();
        var kinds = await db.Statements.AsNoTracking().Where(s => statementIds.Contains(s.Id)).Select(s => s.Kind).ToListAsync(cancellationToken);
        // A bank knows money, not invoices: against a bank statement our side is the receipts we booked, and theirs the
        // money in, with the money out that concerns a customer (a refund); the rest of the account's outgoings are no customer's.
        var bank = kinds.Count > 0 && kinds.All(k => k == StatementKind.BankStatement);
        var categories = withCategories
            ? await db.Customers.AsNoTracking().Select(c => new { c.Code, c.CategoryCode }).ToDictionaryAsync(c => c.Code, c => c.CategoryCode, StringComparer.Ordinal, cancellationToken)
            : null;
        var ours = Task.Run(() => LoadOurs(contexts, run, category, bank, categories, cancellationToken), cancellationToken);
        var theirs = Task.Run(() => LoadTheirs(contexts, run, category, bank, categories, withCounterparties, cancellationToken), cancellationToken);
        var convention = kinds.FirstOrDefault() switch
        {
            StatementKind.CustomerStatement => SignConvention.CounterpartyLedger,
            StatementKind.ShopOrders => SignConvention.OurLedger,
            _ => SignConvention.CashFlow,
        };
        var closing = run.TheirClosingBalance is { } theirsClosing ? await ClosingAsync(db, run, category, theirsClosing, cancellationToken) : null;
        var ourItems = await ours;
        var theirItems = await theirs;
        // First, in id order (their ids are negative): ours usually arrive in id order, which the engine then keeps as it is.
        var openings = await CarryOpeningsForwardAsync(db, changes, run, ourItems, theirItems, cancellationToken);
        ourItems.InsertRange(0, openings);
        return new RunSides(ourItems, theirItems, closing, convention)
        {
            OpeningKeys = openings.ToDictionary(o => o.Id, o => RunComparison.OpeningKey(o.CustomerKey!, o.Currency)),
            UnresolvedPayers = bank ? await Bank.UnresolvedPayers.DescribeAsync(db, statementIds, theirItems, cancellationToken) : new Dictionary<long, string>(),
        };
    }

    /// <summary>
    /// Where their lines state an opening balance (期初余额) of a customer and currency and our entries in the range hold
    /// none — from the second month on our ledger simply goes on — our balance before the run's start is offered as our
    /// opening instead (<see cref="CarriedOpening"/>), so the two openings pair: equal they match, apart they are the
    /// opening difference, rather than their opening counting as a document we lack. Stored with the run, replacing
    /// what an earlier attempt of the same run stored, so its results read the same later. A dry run stores none: its
    /// openings go by ids of its own (-1, -2, …), in memory only.
    /// </summary>
    private static async Task<List<ReconItem>> CarryOpeningsForwardAsync(ReconDbContext db, ChangeRunner changes, ReconciliationRun run, List<ReconItem> ours,
        List<ReconItem> theirs, CancellationToken cancellationToken)
    {
        var ourOpenings = ours.Where(i => i.IsOpeningBalance).Select(i => (i.CustomerKey, CurrencyCode(i.Currency))).ToHashSet();
        var wanted = theirs.Where(i => i.IsOpeningBalance && !string.IsNullOrEmpty(i.CustomerKey))
            .Select(i => (Customer: i.CustomerKey!, Currency: CurrencyCode(i.Currency)))
            .Where(key => !ourOpenings.Contains(key)).Distinct()
            .OrderBy(key => key.Customer, StringComparer.Ordinal).ThenBy(key => key.Currency, StringComparer.Ordinal).ToList();
        var openings = new List<CarriedOpening>();
        foreach (var customer in wanted.GroupBy(key => key.Customer))
        {
            var balance = await LedgerBalanceQuery.ReadAsync(db, customer.Key, null, run.StartDate.AddDays(-1), cancellationToken);
            openings.AddRange(customer.Select(key => CarriedOpening.Create(run.Id, key.Customer, key.Currency, run.StartDate, balance.TotalsIn(key.Currency).Balance)));
        }

        if (run.DryRun)
        {
            return [.. openings.Select((o, k) => OurItem(-(k + 1L), o.Date, o.Amount, o.Currency, o.CustomerCode, null, null, o.Memo, DocumentType.OpeningBalance))];
        }

        if (openings.Count > 0 || await db.CarriedOpenings.AnyAsync(o => o.RunId == run.Id, cancellationToken))
        {
            // Written as every change is (one writer at a time on SQLite), replacing an earlier attempt's in one transaction.
            await changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
            {
                await session.Db.CarriedOpenings.Where(o => o.RunId == run.Id).ExecuteDeleteAsync(ct);
                session.Db.CarriedOpenings.AddRange(openings);
                await session.Db.SaveChangesAsync(ct);
                return openings.Count;
            }, cancellationToken);
        }

        return [.. openings.OrderBy(o => o.ItemId).Select(o => OurItem(o.ItemId, o.Date, o.Amount, o.Currency, o.CustomerCode, null, null, o.Memo, DocumentType.OpeningBalance))];
    }

    private static string CurrencyCode(string currency) => currency.Trim().ToUpperInvariant();

    private static List<ReconItem> LoadOurs(IDbContextFactory<ReconDbContext> contexts, ReconciliationRun run, CategoryScope? category, bool receiptsOnly,
        IReadOnlyDictionary<string, string>? categories, CancellationToken cancellationToken)
    {
        using var db = contexts.CreateDbContext();
        var customer = run.CustomerCode;
        var from = receiptsOnly ? run.StartDate.AddDays(-BankLookBackDays) : run.StartDate;
        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.Date >= from && e.Date <= run.EndDate);
        if (receiptsOnly)
        {
            entries = entries.Where(e => e.DocumentType == DocumentType.Receipt);
        }

        if (customer is not null)
        {
            entries = entries.Where(e => e.CustomerCode == customer);
        }
        else if (category is not null)
        {
            entries = category.Entries(db, entries);
        }

        // Projected rather than materialised as entities: only the columns the engine reads, no entity bookkeeping.
        var rows = entries.Select(e => new
        {
            e.Id, e.Date, e.Amount, e.Currency, e.CustomerCode, e.DocumentNumber, e.Reference, e.Memo, e.DocumentType,
        });
        var ours = new List<ReconItem>();
        using var command = rows.CreateDbCommand();
        if (SqliteQueryCursor.CanRead(command))
        {
            using var cursor = SqliteQueryCursor.Open(command);
            int id = cursor.Ordinal("Id"), date = cursor.Ordinal("Date"), amount = cursor.Ordinal("Amount"), currency = cursor.Ordinal("Currency"),
                customerCode = cursor.Ordinal("CustomerCode"), document = cursor.Ordinal("DocumentNumber"), reference = cursor.Ordinal("Reference"), memo = cursor.Ordinal("Memo"),
                type = cursor.Ordinal("DocumentType");
            while (cursor.Read())
            {
                ThrowIfCancelledEvery(ours.Count, cancellationToken);
                var kind = StoredType(cursor.GetString(type));
                var code = cursor.GetString(customerCode)!;
                ours.Add(OurItem(cursor.GetInt64(id), cursor.GetDateOnly(date), cursor.GetDecimal(amount), cursor.GetString(currency)!,
                    code, cursor.GetString(document), cursor.GetString(reference), cursor.GetString(memo), kind, CategoryOf(categories, code)));
            }

            return ours;
        }

        foreach (var e in rows.AsEnumerable())
        {
            ThrowIfCancelledEvery(ours.Count, cancellationToken);
            ours.Add(OurItem(e.Id, e.Date, e.Amount, e.Currency, e.CustomerCode, e.DocumentNumber, e.Reference, e.Memo, e.DocumentType, CategoryOf(categories, e.CustomerCode)));
        }

        return ours;
    }

    private static string? CategoryOf(IReadOnlyDictionary<string, string>? categories, string? customerCode) =>
        categories is not null && customerCode is not null && categories.TryGetValue(customerCode, out var category) ? category : null;

    private static ReconItem OurItem(long id, DateOnly date, decimal amount, string currency, string customerCode, string? documentNumber, string? reference,
        string? memo, DocumentType type, string? category = null) => new()
    {
        Id = id, Side = Side.Ours, Date = date, Amount = amount, Currency = currency, CustomerKey = customerCode, CustomerCategory = category,
        DocumentNumber = MatchingDocument(documentNumber, type == DocumentType.OpeningBalance, customerCode),
        Reference = reference, Text = memo, IsOpeningBalance = type == DocumentType.OpeningBalance, DocumentKind = type.ToEngine(),
    };

    /// <summary>A document type as stored (by name: EF's string conversion), read row by row.</summary>
    private static DocumentType StoredType(string? name) => name switch
    {
        nameof(DocumentType.SalesInvoice) => DocumentType.SalesInvoice,
        nameof(DocumentType.Receipt) => DocumentType.Receipt,
        nameof(DocumentType.Return) => DocumentType.Return,
        nameof(DocumentType.CreditNote) => DocumentType.CreditNote,
        nameof(DocumentType.Adjustment) => DocumentType.Adjustment,
        nameof(DocumentType.Exchange) => DocumentType.Exchange,
        nameof(DocumentType.OpeningBalance) => DocumentType.OpeningBalance,
        null => throw new InvalidOperationException("A ledger entry without a document type."),
        _ => throw new InvalidOperationException($"Unknown stored document type '{name}'."),
    };

    /// <summary>
    /// An opening balance (期初余额) is no document, but each side states one per customer. Named alike on both sides,
    /// ours and theirs pair under the rules' document keys like any document: equal, they match; apart, they are the
    /// opening difference (期初差异, amount differs), which the 余额调节表 shows as such rather than as two documents
    /// each side lacks.
    /// </summary>
    private static string? MatchingDocument(string? documentNumber, bool isOpening, string? customerCode) => !string.IsNullOrWhiteSpace(documentNumber)
        ? documentNumber
        : isOpening ? (customerCode is { Length: > 0 } ? "期初余额 " + customerCode : "期初余额") : null;

    private static List<ReconItem> LoadTheirs(IDbContextFactory<ReconDbContext> contexts, ReconciliationRun run, CategoryScope? category, bool bank,
        IReadOnlyDictionary<string, string>? categories, bool withCounterparties, CancellationToken cancellationToken)
    {
        using var db = contexts.CreateDbContext();
        // A bank line whose payer is unknown belongs to no customer: it is never taken for the run's customer.
        var customer = bank ? null : run.CustomerCode;
        var statementIds = run.StatementIdList.ToList();
        var lines = db.StatementLines.AsNoTracking().Where(l => statementIds.Contains(l.StatementId));
        if (bank)
        {
            // A bank reconciliation is as at the period's end: a line after it is next period's; before it, the run
            // looks back as far as our side does. So one statement can hold every download of an account, month after month.
            var from = run.StartDate.AddDays(-BankLookBackDays);
            lines = lines.Where(l => l.Date >= from && l.Date <= run.EndDate && (l.CustomerCode != null || l.OriginalAmount > 0));
        }

        if (run.CustomerCode is { } only)
        {
            lines = lines.Where(l => l.CustomerCode == null || l.CustomerCode == only);
        }
        else if (category is not null)
        {
            lines = category.Lines(db, lines);
        }

        var rows = lines.Select(l => new
        {
            l.Id, l.Date, l.Amount, l.OriginalAmount, l.Currency, l.CustomerCode, l.DocumentNumber, l.Reference, l.Text, l.IsOpeningBalance, l.DocumentType, l.CounterpartyName,
        });
        var theirs = new List<ReconItem>();
        using var command = rows.CreateDbCommand();
        if (SqliteQueryCursor.CanRead(command))
        {
            using var cursor = SqliteQueryCursor.Open(command);
            int id = cursor.Ordinal("Id"), date = cursor.Ordinal("Date"), amount = cursor.Ordinal("Amount"), original = cursor.Ordinal("OriginalAmount"),
                currency = cursor.Ordinal("Currency"), customerCode = cursor.Ordinal("CustomerCode"), document = cursor.Ordinal("DocumentNumber"),
                reference = cursor.Ordinal("Reference"), text = cursor.Ordinal("Text"), opening = cursor.Ordinal("IsOpeningBalance"), type = cursor.Ordinal("DocumentType"),
                counterparty = cursor.Ordinal("CounterpartyName");
            while (cursor.Read())
            {
                ThrowIfCancelledEvery(theirs.Count, cancellationToken);
                var code = cursor.GetString(customerCode) ?? customer;
                theirs.Add(TheirItem(cursor.GetInt64(id), cursor.GetDateOnly(date), cursor.GetDecimal(amount), cursor.GetDecimal(original), cursor.GetString(currency)!,
                    code, cursor.GetString(document), cursor.GetString(reference), cursor.GetString(text), cursor.GetInt64(opening) != 0,
                    cursor.GetString(type) is { } stored ? StoredType(stored) : null, withCounterparties ? cursor.GetString(counterparty) : null, CategoryOf(categories, code)));
            }

            return theirs;
        }

        foreach (var l in rows.AsEnumerable())
        {
            ThrowIfCancelledEvery(theirs.Count, cancellationToken);
            theirs.Add(TheirItem(l.Id, l.Date, l.Amount, l.OriginalAmount, l.Currency, l.CustomerCode ?? customer, l.DocumentNumber, l.Reference, l.Text, l.IsOpeningBalance,
                l.DocumentType, withCounterparties ? l.CounterpartyName : null, CategoryOf(categories, l.CustomerCode ?? customer)));
        }

        return theirs;
    }

    private static ReconItem TheirItem(long id, DateOnly date, decimal amount, decimal originalAmount, string currency, string? customerKey,
        string? documentNumber, string? reference, string? text, bool isOpening, DocumentType? type, string? counterpartyName = null, string? category = null) => new()
    {
        CounterpartyName = counterpartyName, CustomerCategory = category,
        DocumentKind = type?.ToEngine() ?? DocumentKind.Unknown,
        Id = id, Side = Side.Theirs, Date = date, Amount = amount, Currency = currency,
        SourceConvention = originalAmount == amount && amount != 0 ? SignConvention.OurLedger : SignConvention.CounterpartyLedger,
        CustomerKey = customerKey,
        DocumentNumber = MatchingDocument(documentNumber, isOpening, customerKey),
        Reference = reference, Text = text, IsOpeningBalance = isOpening,
    };

    /// <summary>Our closing balance at the end date (carried forward through all entries up to it, not only the period's) against theirs.</summary>
    private static async Task<IReadOnlyList<ClosingBalance>> ClosingAsync(ReconDbContext db, ReconciliationRun run, CategoryScope? category, decimal theirs,
        CancellationToken cancellationToken)
    {
        var balance = await LedgerBalanceQuery.ReadAsync(db, run.CustomerCode, category, run.EndDate, cancellationToken);
        if (balance.Currencies.Count > 1)
        {
            throw RuleViolation.Invalid("run.closing_balance_currency",
                $"Our entries are in {string.Join(", ", balance.Currencies)}; a single closing balance of theirs cannot be compared with them. Run without it.");
        }

        var ourCurrency = balance.Currencies.SingleOrDefault() ?? "CNY";
        return [new ClosingBalance(ourCurrency, balance.TotalsIn(ourCurrency).Balance, theirs)];
    }

    private static void ThrowIfCancelledEvery(int rows, CancellationToken cancellationToken)
    {
        if (rows % 10_000 == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
