using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// 汇兑损益 — what confirming a match across currencies posts: their items converted into the base currency less
/// ours converted, at the rates the run converts with (each item at its currency's latest rate on or before its
/// date, of those dated up to the run's end), rounded to the cent. It is posted to our ledger as an adjustment (调整)
/// of the run's customer in the base currency, document <c>FX-&lt;run&gt;-&lt;match&gt;</c>, against
/// <see cref="ReconciliationOptions.ExchangeDifferenceAccount"/> (the entry's reference), audited; undoing the match
/// reverses it. A match within one currency posts nothing here.
/// </summary>
public sealed class ExchangeDifferences(RunExchangeRates rates, ReconciliationOptions options)
{
    /// <summary>The document number of the exchange difference posted for a match.</summary>
    public static string DocumentOf(long runId, int sequence) => $"FX-{runId}-{sequence}";

    /// <summary>
    /// Posts the exchange difference of <paramref name="match"/> when its items are in different currencies (ours in
    /// one, theirs in another); returns the entry, or null when the items share a currency or the difference is
    /// less than a cent or was posted for the match already. Refused for a run over several customers, and when a
    /// currency has no rate for an item's date.
    /// </summary>
    public async Task<LedgerEntry?> PostAsync(ChangeSession session, ReconciliationRun run, RunMatch match, CancellationToken cancellationToken)
    {
        var view = (await RunReader.HydrateAsync(session.Db, [match], cancellationToken))[0];
        if (!AcrossCurrencies(view))
        {
            return null;
        }

        var key = $"{run.Id}/{match.Sequence}";
        var customer = run.CustomerCode
            ?? throw RuleViolation.FailedPrecondition("match.exchange_difference_customer",
                $"Match {key} pairs items in {Currencies(view.Ours)} and {Currencies(view.Theirs)}, and its exchange difference (汇兑损益) posts to one customer's ledger, but the run covers " +
                $"{(run.CategoryCode is { } category ? $"the customers of category '{category}'" : "every customer")}. Reconcile that customer on its own and confirm the match there, " +
                "or undo it here and post the difference with PostLedgerEntry (recon ledger post) for the right customer.");
        // Posted once per match: a later decision on a match already confirmed (a write-off on it) posts no second one.
        var document = DocumentOf(run.Id, match.Sequence);
        if (await session.Db.LedgerEntries.AnyAsync(e => e.CustomerCode == customer && e.DocumentType == DocumentType.Adjustment && e.DocumentNumber == document, cancellationToken))
        {
            return null;
        }

        var baseCurrency = rates.BaseCurrency;
        var lookup = new RateLookup(baseCurrency, await RunExchangeRates.ReadAsync(session.Db, run.EndDate, cancellationToken));
        var ours = Convert(lookup, view.Ours, key);
        var theirs = Convert(lookup, view.Theirs, key);
        var difference = decimal.Round(theirs - ours, 2, MidpointRounding.AwayFromZero);
        if (difference == 0m)
        {
            return null;
        }

        var items = view.Ours.Concat(view.Theirs).ToList();
        var date = items.Max(i => i.Date) is var latest && latest > run.EndDate ? run.EndDate : latest;
        var account = options.ExchangeDifferenceAccount.Trim();
        var memo = $"汇兑损益 match {key}: theirs {Money(view.Theirs)} {Currencies(view.Theirs)} = {Text(theirs)} {baseCurrency}, " +
                   $"ours {Money(view.Ours)} {Currencies(view.Ours)} = {Text(ours)} {baseCurrency}";
        var entry = LedgerEntry.Create(new LedgerEntryDraft(customer, date, DocumentType.Adjustment, document, difference, baseCurrency,
            Reference: account, Memo: memo.Length > LedgerEntry.MaxTextLength ? memo[..LedgerEntry.MaxTextLength] : memo), session.Now);
        session.Db.LedgerEntries.Add(entry);
        await session.Db.SaveChangesAsync(cancellationToken);
        session.Record(AuditActions.Ledger.Post, "ledger_entry", entry.Id.ToString(CultureInfo.InvariantCulture), null, AuditSnapshot.Of(entry),
            $"exchange difference of match {key} against {account}");
        return entry;
    }

    /// <summary>
    /// Reverses the exchange difference posted for <paramref name="match"/> (红字冲销 on the entry's date, never a
    /// deletion), now that the match is undone; returns the reversal, or null when none was posted or it is reversed
    /// already. The change runner refuses it when that date lies in a locked period.
    /// </summary>
    public static async Task<LedgerEntry?> ReverseAsync(ChangeSession session, ReconciliationRun run, RunMatch match, string reason, CancellationToken cancellationToken)
    {
        if (run.CustomerCode is not { } customer)
        {
            return null;
        }

        var document = DocumentOf(run.Id, match.Sequence);
        var reversalDocument = document + Matching.MatchRule.ReversalSuffix;
        var entries = await session.Db.LedgerEntries.AsNoTracking()
            .Where(e => e.CustomerCode == customer && e.DocumentType == DocumentType.Adjustment && (e.DocumentNumber == document || e.DocumentNumber == reversalDocument))
            .ToListAsync(cancellationToken);
        if (entries.FirstOrDefault(e => e.DocumentNumber == document) is not { } posted || entries.Any(e => e.DocumentNumber == reversalDocument))
        {
            return null;
        }

        return await UndoneMatchReversal.PostAsync(session, run, match, posted, reason, cancellationToken);
    }

    /// <summary>Ours in one currency, theirs in another.</summary>
    private static bool AcrossCurrencies(MatchView view) =>
        view.Ours.Count > 0 && view.Theirs.Count > 0
        && !view.Ours.Select(i => i.Currency.ToUpperInvariant()).Intersect(view.Theirs.Select(i => i.Currency.ToUpperInvariant())).Any();

    private static decimal Convert(RateLookup lookup, IReadOnlyList<ItemView> items, string key)
    {
        var total = 0m;
        foreach (var item in items)
        {
            total += lookup.Convert(item.Amount, item.Currency, item.Date)
                ?? throw RuleViolation.FailedPrecondition("match.exchange_rate_missing",
                    $"Match {key}: no exchange rate of {item.Currency.ToUpperInvariant()} on or before {item.Date:yyyy-MM-dd} (item {item.Id}) is kept, so its exchange difference " +
                    "cannot be computed. Set one with SetExchangeRates (recon rates set), then confirm the match.");
        }

        return total;
    }

    private static string Currencies(IReadOnlyList<ItemView> items) => string.Join("/", items.Select(i => i.Currency.ToUpperInvariant()).Distinct());

    private static string Money(IReadOnlyList<ItemView> items) => Text(items.Sum(i => i.Amount));

    private static string Text(decimal amount) => DecimalText.ToText(amount, 2);
}
