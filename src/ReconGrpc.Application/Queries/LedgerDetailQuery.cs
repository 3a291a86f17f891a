using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Queries;

/// <summary>A part of a ledger detail (明细账): the opening first, then the lines, then the closing.</summary>
public abstract record LedgerDetailPart;

/// <summary>The balance brought forward to the first day.</summary>
public sealed record LedgerDetailOpening(string CustomerCode, string CustomerName, string Currency, decimal OpeningBalance) : LedgerDetailPart;

/// <summary>
/// An entry with its debit (借方) or credit (贷方) and the balance after it. An opening-balance entry inside the period
/// restates the balance (it stands for everything before its date), so it has neither a debit nor a credit.
/// </summary>
public sealed record LedgerDetailLine(LedgerEntry Entry, string DocumentTypeName, decimal? Debit, decimal? Credit, decimal Balance) : LedgerDetailPart;

/// <summary>The totals of the lines and the balance at the end of the last day.</summary>
public sealed record LedgerDetailClosing(decimal TotalDebit, decimal TotalCredit, decimal ClosingBalance, long LineCount) : LedgerDetailPart;

/// <summary>A customer's entries between two dates with a running balance that ends at the ledger balance of the last day.</summary>
public sealed class LedgerDetailQuery(IDbContextFactory<ReconDbContext> contexts)
{
    /// <summary>Streams the detail without holding the entries: the opening, each line, the closing.</summary>
    public async IAsyncEnumerable<LedgerDetailPart> ReadAsync(string customerCode, DateOnly start, DateOnly end, string? currency,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (end < start)
        {
            throw RuleViolation.Invalid("ledger_detail.dates", $"end_date {end:yyyy-MM-dd} is before start_date {start:yyyy-MM-dd}; give the first day, then the last.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var code = customerCode?.Trim() ?? "";
        if (code.Length == 0)
        {
            throw RuleViolation.Invalid("ledger_detail.customer_required", "customer_code is required.");
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => new { c.Code, c.Name }).SingleOrDefaultAsync(cancellationToken)
            ?? throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(code)}'.");

        // The opening balance and the lines from one snapshot, so an import committing meanwhile is seen by both or neither.
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.CustomerCode == code && e.Date <= end);
        string chosen;
        if (string.IsNullOrWhiteSpace(currency))
        {
            var currencies = await entries.Select(e => e.Currency).Distinct().ToListAsync(cancellationToken);
            currencies.Sort(StringComparer.Ordinal);
            chosen = currencies.Count switch
            {
                0 => AgingQuery.DefaultCurrency,
                1 => currencies[0],
                _ => throw RuleViolation.FailedPrecondition("ledger_detail.currencies",
                    $"Customer '{code}' has entries in {string.Join(", ", currencies)}; a ledger detail runs in one currency: ask for one of them."),
            };
        }
        else
        {
            chosen = currency.Trim().ToUpperInvariant();
        }

        var opening = (await LedgerBalanceQuery.ReadAsync(db, code, null, start.AddDays(-1), cancellationToken)).TotalsIn(chosen).Balance;
        yield return new LedgerDetailOpening(customer.Code, customer.Name, chosen, opening);

        decimal balance = opening, debits = 0m, credits = 0m;
        // What the entries of the current day add before an opening balance of that day restates it: those count.
        decimal sameDay = 0m;
        DateOnly? day = null;
        long count = 0;
        var lines = entries.Where(e => e.Date >= start && e.Currency == chosen).OrderBy(e => e.Date).ThenBy(e => e.Id);
        await foreach (var entry in lines.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Date != day)
            {
                day = entry.Date;
                sameDay = 0m;
            }

            count++;
            if (entry.DocumentType == DocumentType.OpeningBalance)
            {
                balance = Amounts.Add(entry.Amount, sameDay);
                yield return new LedgerDetailLine(entry, entry.DocumentType.ChineseName(), null, null, balance);
                continue;
            }

            sameDay = Amounts.Add(sameDay, entry.Amount);
            balance = Amounts.Add(balance, entry.Amount);
            if (entry.Amount >= 0)
            {
                debits = Amounts.Add(debits, entry.Amount);
                yield return new LedgerDetailLine(entry, entry.DocumentType.ChineseName(), entry.Amount, null, balance);
            }
            else
            {
                credits = Amounts.Add(credits, -entry.Amount);
                yield return new LedgerDetailLine(entry, entry.DocumentType.ChineseName(), null, -entry.Amount, balance);
            }
        }

        yield return new LedgerDetailClosing(debits, credits, balance, count);
    }
}
