using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Plugins.Abstractions;
using SignConvention = ReconGrpc.Matching.SignConvention;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// Lines of one statement (shop orders too, kept as the lines of an orders statement): the amount turned into our
/// sign convention with the original kept; duplicates judged within the statement. Each line's party is looked up
/// by code, credit code and name; a line naming nobody we know stays with the statement's customer (a platform's fee
/// or payout is nobody's), but a line whose code and credit code name two different customers is rejected.
/// </summary>
public sealed class StatementLineSink(ChangeSession session, ReconDbContext lookups, long batchId, string adapterId, Statement statement)
    : FingerprintedSink<StatementLineDraft, StatementLine>(session, lookups, batchId, adapterId, UniqueKeys.StatementLine)
{
    private readonly CustomerResolver _customers = new(lookups);
    private readonly Bank.CounterpartyResolver _counterparties = new(lookups);

    public override long? StatementId => statement.Id;

    protected override async ValueTask<(StatementLineDraft? Draft, RowProblem? Problem)> ToDraftAsync(ImportRecord record, int line, CancellationToken cancellationToken)
    {
        switch (record)
        {
            case StatementLineRecord l:
                var counterparty = await ResolveAsync(l, cancellationToken);
                if (counterparty.Contradiction is { } contradiction)
                {
                    return (null, new RowProblem(line, "counterparty", contradiction));
                }

                var purpose = l.Purpose?.ToDomain();
                var (customer, step) = counterparty.Customer is { } found
                    ? (found.Code, counterparty.Step)
                    : ReconGrpc.Matching.LinePurposes.IsNobodys(purpose) || statement.CustomerCode is null
                        ? (null, CounterpartyResolution.None)
                        : (statement.CustomerCode, CounterpartyResolution.Statement);
                return (new StatementLineDraft(l.Date, l.Amount, l.Convention.ToSignConvention(),
                    l.Currency ?? "CNY", customer, l.DocumentNumber ?? l.VoucherNumber, l.Reference,
                    l.Text ?? l.CounterpartyName, l.DocumentType == ReconGrpc.Plugins.Abstractions.DocumentType.OpeningBalance,
                    l.DocumentType?.ToDomain(), l.SourceId)
                {
                    CounterpartyName = l.CounterpartyName, CounterpartyAccount = l.CounterpartyAccount, Account = l.Account, Resolution = step,
                    PartyKey = statement.CustomerCode is null ? PartyKeyOf(l) : null,
                    Purpose = purpose, SettlementId = l.SettlementId,
                }, null);
            case OrderRecord o:
                var buyer = await _customers.ResolveAsync(o.CustomerCode, o.CustomerCreditCode, o.CustomerName, cancellationToken);
                if (buyer.Contradiction)
                {
                    return (null, new RowProblem(line, "customer", buyer.Problem!));
                }

                return (new StatementLineDraft(o.Date, o.Amount, SignConvention.OurLedger, o.Currency ?? "CNY", buyer.Customer?.Code ?? statement.CustomerCode,
                    o.OrderNumber, o.Reference, string.Join(' ', new[] { o.Status, o.Memo }.Where(t => t is not null)), SourceId: o.SourceId)
                {
                    CounterpartyName = o.CustomerName, RefundedAmount = o.RefundedAmount,
                }, null);
            default:
                return (null, new RowProblem(line, null, $"a {record.Kind} record cannot go into a statement"));
        }
    }

    /// <summary>
    /// A statement of one customer's keeps its lines with that customer unless a line names another by code, credit
    /// code or name; a statement of many (a bank's, a platform's) runs each line's payer through the whole chain.
    /// </summary>
    private async ValueTask<Bank.Counterparty> ResolveAsync(StatementLineRecord l, CancellationToken cancellationToken)
    {
        if (statement.CustomerCode is null)
        {
            return await _counterparties.ResolveAsync(l.CounterpartyCode, l.CounterpartyCreditCode, l.CounterpartyName, l.CounterpartyAccount, cancellationToken);
        }

        var match = await _customers.ResolveAsync(l.CounterpartyCode, l.CounterpartyCreditCode, l.CounterpartyName, cancellationToken);
        return match.Contradiction
            ? new Bank.Counterparty(null, CounterpartyResolution.None, match.Problem)
            : new Bank.Counterparty(match.Customer, match.Customer is not { } customer ? CounterpartyResolution.None
                : string.Equals(customer.Code, l.CounterpartyCode, StringComparison.Ordinal) ? CounterpartyResolution.Code
                : l.CounterpartyCreditCode is not null ? CounterpartyResolution.CreditCode
                : CounterpartyResolution.Name, null);
    }

    /// <summary>
    /// What tells a bank line from another when the bank gives it no id: our account, the payer as written, and the
    /// running balance after it (two payments of the same amount on one day differ in it).
    /// </summary>
    private static string PartyKeyOf(StatementLineRecord l) => string.Join('\u001f', l.Account, l.CounterpartyName, l.CounterpartyAccount,
        l.Balance?.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));

    protected override (string? CustomerCode, DateOnly Date) PeriodOf(StatementLine row) => (row.CustomerCode, row.Date);

    protected override Task<bool> IsStoredAsync(StatementLine row, CancellationToken cancellationToken) =>
        Lookups.StatementLines.AnyAsync(l => l.StatementId == row.StatementId && l.Date == row.Date && l.Fingerprint == row.Fingerprint, cancellationToken);

    protected override string FingerprintOf(StatementLine row) => row.Fingerprint;

    protected override async Task<HashSet<string>> StoredAsync(IReadOnlyList<StatementLine> rows, CancellationToken cancellationToken)
    {
        var (from, to) = (rows.Min(r => r.Date), rows.Max(r => r.Date));
        var fingerprints = rows.Select(r => r.Fingerprint).ToList();
        return (await Session.Db.StatementLines.AsNoTracking()
            .Where(l => l.StatementId == statement.Id && l.Date >= from && l.Date <= to && fingerprints.Contains(l.Fingerprint))
            .Select(l => l.Fingerprint).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    protected override StatementLine Create(StatementLineDraft draft, int line) => StatementLine.Create(statement.Id, draft, BatchId, AdapterId, line);
}
