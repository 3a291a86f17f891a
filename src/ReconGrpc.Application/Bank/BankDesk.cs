using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Data.Protection;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Bank;

/// <summary>
/// What a person does with bank lines: sees the statements' balances and the lines whose payer nobody knows,
/// assigns them to customers (teaching the payer's name and account as aliases, so next month's lines resolve by
/// themselves), and keeps the aliases.
/// </summary>
public sealed class BankDesk(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes)
{
    /// <summary>The balances each import of the statement stated, in import and file order.</summary>
    public async Task<IReadOnlyList<StatementBalance>> ListBalancesAsync(long statementId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireStatementAsync(db, statementId, cancellationToken);
        return await db.StatementBalances.AsNoTracking().Where(b => b.StatementId == statementId)
            .OrderBy(b => b.ImportBatchId).ThenBy(b => b.Position).ToListAsync(cancellationToken);
    }

    /// <summary>Money in on the statement from payers the archive does not know, oldest first, each with the closest customers.</summary>
    public async Task<Page<UnresolvedLine>> ListUnresolvedAsync(long statementId, int pageSize, long? afterId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireStatementAsync(db, statementId, cancellationToken);
        var size = Paging.Size(pageSize);
        var lines = await db.StatementLines.AsNoTracking()
            .Where(l => l.StatementId == statementId && l.CustomerCode == null && l.OriginalAmount > 0 && (afterId == null || l.Id > afterId))
            .OrderBy(l => l.Id).Take(size + 1).ToListAsync(cancellationToken);
        var resolver = new CounterpartyResolver(db);
        var page = new List<UnresolvedLine>(lines.Count);
        foreach (var line in lines)
        {
            page.Add(new UnresolvedLine(line, await resolver.SuggestAsync(line.CounterpartyName, UnresolvedPayers.Suggestions, cancellationToken)));
        }

        return Paging.Of(page, size, l => l.Line.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Assigns bank lines to a customer. With <paramref name="remember"/>, each payer name and account the lines carry
    /// becomes an alias of the customer, unless it already is one. Every line and alias is audited.
    /// </summary>
    public async Task<Assignment> AssignAsync(Actor actor, IReadOnlyCollection<long> lineIds, string customerCode, bool remember, CancellationToken cancellationToken)
    {
        if (lineIds.Count == 0)
        {
            throw RuleViolation.Invalid("bank_line.none", "Name the bank lines to assign (line ids from ListUnresolvedLines or ListStatementLines).");
        }

        var code = customerCode?.Trim() ?? "";
        // The lines leave one customer's statement side (if they had one) and join another's on their dates: a locked
        // period of either refuses them, checked inside the change, which no lock can commit during.
        return await changes.RunAsync(actor, ChangeOptions.HonouringLocks(), async (session, ct) =>
        {
            var db = session.Db;
            if (!await db.Customers.AnyAsync(c => c.Code == code, ct))
            {
                throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(code)}'.");
            }

            var ids = lineIds.Distinct().ToList();
            var lines = await db.StatementLines.Where(l => ids.Contains(l.Id)).ToListAsync(ct);
            if (ids.Except(lines.Select(l => l.Id)).Order().ToList() is [var missing, ..])
            {
                throw RuleViolation.NotFound("statement_line.not_found", $"There is no statement line {missing}.");
            }

            var statementIds = lines.Select(l => l.StatementId).Distinct().ToList();
            if (await db.Statements.AsNoTracking().Where(s => statementIds.Contains(s.Id) && s.CustomerCode != null).Select(s => s.Name).FirstOrDefaultAsync(ct) is { } owned)
            {
                throw RuleViolation.FailedPrecondition("bank_line.customer_statement",
                    $"Statement '{owned}' is one customer's; only the lines of a bank statement or platform bill are assigned to customers.");
            }

            var locks = await Reconciliation.LockedPeriods.ReadAsync(db, ct);
            foreach (var line in lines.OrderBy(l => l.Id))
            {
                foreach (var customer in new[] { line.CustomerCode, code }.OfType<string>().Distinct(StringComparer.Ordinal))
                {
                    if (locks.Covering(customer, line.Date) is { } locked)
                    {
                        throw RuleViolation.FailedPrecondition("period.locked",
                            $"Customer {customer}'s period {locked.StartDate:yyyy-MM-dd} to {locked.EndDate:yyyy-MM-dd} is locked; bank line {line.Id} "
                            + $"of {line.Date:yyyy-MM-dd} cannot be assigned into or out of it. Unlock the period first.");
                    }
                }
            }

            foreach (var line in lines.OrderBy(l => l.Id))
            {
                var before = AuditSnapshot.Of(new { line.Id, line.CustomerCode, line.Resolution });
                line.AssignTo(code);
                session.Record(AuditActions.Bank.Assign, "statement_line", line.Id.ToString(CultureInfo.InvariantCulture), before,
                    AuditSnapshot.Of(new { line.Id, line.CustomerCode, line.Resolution, line.CounterpartyName, Account = SensitiveText.MaskAccount(line.CounterpartyAccount) }));
            }

            var (aliases, notRemembered) = remember ? await TeachAsync(db, lines, code, actor, session.Now, ct) : ([], []);
            db.CounterpartyAliases.AddRange(aliases);
            await db.SaveChangesAsync(ct);
            foreach (var alias in aliases)
            {
                session.Record(AuditActions.Bank.AliasCreate, "counterparty_alias", alias.Id.ToString(CultureInfo.InvariantCulture), null, AliasSnapshot(alias));
            }

            return new Assignment(lines.Count, aliases, notRemembered);
        }, cancellationToken);
    }

    /// <summary>
    /// The aliases assigned lines teach: each payer name and account not yet the customer's. A masked account, a
    /// payment platform's name, or a name or account already another customer's is not taught, and said why: the
    /// first two would send many payers' money to one customer, the last would leave both undecided.
    /// </summary>
    private static async Task<(List<CounterpartyAlias> Taught, List<string> NotTaught)> TeachAsync(ReconDbContext db, IReadOnlyList<StatementLine> lines, string code,
        Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var taught = new List<CounterpartyAlias>();
        var notTaught = new List<string>();
        foreach (var name in lines.Select(l => l.CounterpartyName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var normalized = CompanyName.Normalize(name);
            if (PayerNames.IsIntermediary(normalized))
            {
                notTaught.Add($"name '{name}': a payment platform or clearing house pays for many, so its name says nothing of who paid");
            }
            else if (await db.CounterpartyAliases.Where(a => a.NormalizedName == normalized && a.CustomerCode != code).Select(a => a.CustomerCode).FirstOrDefaultAsync(ct) is { } other)
            {
                notTaught.Add($"name '{name}': already customer {other}'s alias (remove that one first if it is wrong)");
            }
            else if (!await db.CounterpartyAliases.AnyAsync(a => a.CustomerCode == code && a.NormalizedName == normalized, ct) && taught.All(a => a.NormalizedName != normalized))
            {
                taught.Add(CounterpartyAlias.ForName(code, name, actor.KeyId, now));
            }
        }

        foreach (var account in lines.Select(l => l.CounterpartyAccount).OfType<string>().DistinctBy(PayerNames.AccountKey))
        {
            var masked = SensitiveText.MaskAccount(account);
            if (PayerNames.IsMasked(account))
            {
                notTaught.Add($"account {masked}: the bank printed it masked, and many payers share a mask");
            }
            else if (await db.CounterpartyAliases.AccountIs(db, account).Where(a => a.CustomerCode != code).Select(a => a.CustomerCode).FirstOrDefaultAsync(ct) is { } aliasOf)
            {
                notTaught.Add($"account {masked}: already customer {aliasOf}'s alias (remove that one first if it is wrong)");
            }
            else if (await db.Customers.BankAccountIs(db, account).Where(c => c.Code != code).Select(c => c.Code).FirstOrDefaultAsync(ct) is { } archivedFor)
            {
                notTaught.Add($"account {masked}: customer {archivedFor}'s bank account in the archive");
            }
            else if (!await db.CounterpartyAliases.AccountIs(db, account).AnyAsync(a => a.CustomerCode == code, ct)
                     && !await db.Customers.BankAccountIs(db, account).AnyAsync(c => c.Code == code, ct))
            {
                taught.Add(CounterpartyAlias.ForAccount(code, account, actor.KeyId, now));
            }
        }

        return (taught, notTaught);
    }

    public async Task<IReadOnlyList<CounterpartyAlias>> ListAliasesAsync(string? customerCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var aliases = db.CounterpartyAliases.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(customerCode))
        {
            var code = customerCode.Trim();
            aliases = aliases.Where(a => a.CustomerCode == code);
        }

        return await aliases.OrderBy(a => a.CustomerCode).ThenBy(a => a.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Links a payer's name or account (or both, as two aliases) to a customer by hand.</summary>
    public Task<IReadOnlyList<CounterpartyAlias>> AddAliasAsync(Actor actor, string customerCode, string? name, string? account, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(account))
        {
            throw RuleViolation.Invalid("alias.empty", "An alias needs the payer's name, account, or both.");
        }

        var code = customerCode?.Trim() ?? "";
        return changes.RunAsync<IReadOnlyList<CounterpartyAlias>>(actor, async (session, ct) =>
        {
            var db = session.Db;
            if (!await db.Customers.AnyAsync(c => c.Code == code, ct))
            {
                throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(code)}'.");
            }

            var aliases = new List<CounterpartyAlias>();
            if (!string.IsNullOrWhiteSpace(name))
            {
                var alias = CounterpartyAlias.ForName(code, name, actor.KeyId, session.Now);
                if (await db.CounterpartyAliases.AnyAsync(a => a.CustomerCode == code && a.NormalizedName == alias.NormalizedName, ct))
                {
                    throw RuleViolation.AlreadyExists("alias.exists", $"'{InputText.Echo(name)}' is already an alias of customer '{code}'.");
                }

                aliases.Add(alias);
            }

            if (!string.IsNullOrWhiteSpace(account))
            {
                if (PayerNames.IsMasked(account))
                {
                    throw RuleViolation.Invalid("alias.masked_account",
                        $"Account {SensitiveText.MaskAccount(account)} is masked, and many payers share a mask: give the whole account, or the payer's name.");
                }

                if (await db.CounterpartyAliases.AccountIs(db, account).AnyAsync(a => a.CustomerCode == code, ct))
                {
                    throw RuleViolation.AlreadyExists("alias.exists", $"Account {SensitiveText.MaskAccount(account)} is already an alias of customer '{code}'.");
                }

                aliases.Add(CounterpartyAlias.ForAccount(code, account, actor.KeyId, session.Now));
            }

            db.CounterpartyAliases.AddRange(aliases);
            await db.SaveChangesAsync(ct);
            foreach (var alias in aliases)
            {
                session.Record(AuditActions.Bank.AliasCreate, "counterparty_alias", alias.Id.ToString(CultureInfo.InvariantCulture), null, AliasSnapshot(alias));
            }

            return aliases;
        }, cancellationToken);
    }

    public Task RemoveAliasAsync(Actor actor, long aliasId, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var alias = await session.Db.CounterpartyAliases.SingleOrDefaultAsync(a => a.Id == aliasId, ct)
                ?? throw RuleViolation.NotFound("alias.not_found", $"There is no alias {aliasId}.");
            session.Db.CounterpartyAliases.Remove(alias);
            session.Record(AuditActions.Bank.AliasDelete, "counterparty_alias", aliasId.ToString(CultureInfo.InvariantCulture), AliasSnapshot(alias), null);
            return true;
        }, cancellationToken);

    private static string AliasSnapshot(CounterpartyAlias alias) =>
        AuditSnapshot.Of(new { alias.Id, alias.CustomerCode, alias.Name, Account = SensitiveText.MaskAccount(alias.Account), alias.CreatedBy });

    private static async Task RequireStatementAsync(ReconDbContext db, long statementId, CancellationToken cancellationToken)
    {
        if (!await db.Statements.AnyAsync(s => s.Id == statementId, cancellationToken))
        {
            throw RuleViolation.NotFound("statement.not_found", $"There is no statement {statementId}.");
        }
    }
}

/// <summary>A bank line nobody's, with the customers whose names come closest to its payer's.</summary>
public sealed record UnresolvedLine(StatementLine Line, IReadOnlyList<NameSuggestion> Closest);

/// <summary>What an assignment did: how many lines it assigned, the aliases it taught, and what it did not teach and why.</summary>
public sealed record Assignment(int Lines, IReadOnlyList<CounterpartyAlias> Aliases, IReadOnlyList<string> NotRemembered);
