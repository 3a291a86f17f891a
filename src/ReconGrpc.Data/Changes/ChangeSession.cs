using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Data.Changes;

/// <summary>
/// One unit of change: the context to make it in, the one clock reading all its timestamps share, and the
/// audit records that will be chained and saved in the same transaction.
/// </summary>
/// <remarks>
/// Every ledger entry and statement line of a customer the change saves through <see cref="Db"/> is noted, and
/// <see cref="ChangeRunner"/> refuses the change at commit should one fall in a locked period: a posting is held to
/// the locks without the use case naming its dates (rows bulk-inserted past the change tracker, as an import's, are
/// checked one by one by the import).
/// </remarks>
public sealed class ChangeSession
{
    private readonly List<AuditRecord> _records = [];
    private readonly List<(string CustomerCode, DateOnly Date)> _booked = [];

    internal ChangeSession(ReconDbContext db, Actor actor, DateTimeOffset now, string? traceId)
    {
        Db = db;
        Actor = actor;
        Now = now;
        TraceId = traceId;
        db.SavingChanges += NoteBookedRows;
    }

    public ReconDbContext Db { get; }

    /// <summary>The API key (or <c>system</c>) making the change, and the person it acts for.</summary>
    public Actor Actor { get; }

    public DateTimeOffset Now { get; }

    public string? TraceId { get; }

    internal IReadOnlyList<AuditRecord> Records => _records;

    /// <summary>
    /// Waits until every other change in progress has ended, and holds them off until this one ends: for a rule that
    /// reads other rows than it writes (the last active admin key), which row locks on the written row cannot guard.
    /// Every writer takes the audit head's row lock (PostgreSQL, SQL Server; SQLite has one writer at a time anyway),
    /// so taking it first makes what is read next current.
    /// </summary>
    public async Task TakeWriteTurnAsync(CancellationToken cancellationToken) =>
        await Db.AuditHeads.Where(h => h.Id == AuditHead.SingletonId)
            .ExecuteUpdateAsync(update => update.SetProperty(h => h.Version, h => h.Version + 1), cancellationToken);

    /// <summary>Stops noting saved rows: the context goes back to the pool after the change.</summary>
    internal void Detach() => Db.SavingChanges -= NoteBookedRows;

    /// <summary>
    /// Throws FAILED_PRECONDITION, naming the change <paramref name="what"/>, when a ledger entry or statement line the
    /// change saved falls in a locked period of its customer. Holds the guard first, so a lock committed before the check
    /// is seen and one committed after it waits for this change to end.
    /// </summary>
    internal async Task ThrowIfBookedInLockedPeriodAsync(string what, CancellationToken cancellationToken)
    {
        if (_booked.Count == 0)
        {
            return;
        }

        await PeriodGuard.HonourAsync(Db, cancellationToken);
        var customers = _booked.Select(b => b.CustomerCode).Distinct(StringComparer.Ordinal).ToList();
        var (first, last) = (_booked.Min(b => b.Date), _booked.Max(b => b.Date));
        var locks = await Db.Periods.AsNoTracking()
            .Where(p => p.Locked && p.UnlockedAt == null && customers.Contains(p.CustomerCode) && p.StartDate <= last && first <= p.EndDate)
            .ToListAsync(cancellationToken);
        var locked = _booked.OrderBy(b => b.Date)
            .Select(b => locks.Where(p => p.CustomerCode == b.CustomerCode && p.StartDate <= b.Date && b.Date <= p.EndDate).OrderBy(p => p.StartDate).FirstOrDefault())
            .FirstOrDefault(p => p is not null);
        if (locked is not null)
        {
            throw locked.Refusal(what);
        }
    }

    private void NoteBookedRows(object? sender, SavingChangesEventArgs e)
    {
        // One pass over what is tracked (each pass first detects changes, as the save is about to anyway).
        foreach (var entry in Db.ChangeTracker.Entries().Where(x => x.State == EntityState.Added))
        {
            switch (entry.Entity)
            {
                case LedgerEntry ledger:
                    _booked.Add((ledger.CustomerCode, ledger.Date));
                    break;
                case StatementLine { CustomerCode: { } customer } line:
                    _booked.Add((customer, line.Date));
                    break;
            }
        }
    }

    /// <summary>
    /// Records what changed. <paramref name="action"/> is one of <see cref="Domain.Auditing.AuditActions"/>, the one list
    /// of them. Take <paramref name="beforeJson"/> with <see cref="AuditSnapshot.Of"/> before mutating.
    /// </summary>
    public void Record(string action, string entityType, string entityId, string? beforeJson, string? afterJson, string? reason = null) =>
        _records.Add(new AuditRecord(Actor.KeyId, action, entityType, entityId, beforeJson, afterJson, reason, TraceId, Actor.Person));
}

/// <summary>
/// Serialises an entity's public state for the audit log: camelCase JSON, Chinese kept readable. A customer's bank
/// account and credit code are masked (<see cref="SensitiveText"/>): the log is read by more people than may see them,
/// and must not hold in plain text what the database holds sealed.
/// </summary>
public static class AuditSnapshot
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { MaskSensitiveCustomerFields } },
    };

    public static string Of<T>(T entity) => JsonSerializer.Serialize(entity, Options);

    /// <summary>The same snapshot as a JSON element, for comparing an entity as stored with its audit entry.</summary>
    public static JsonElement ElementOf<T>(T entity) => JsonSerializer.SerializeToElement(entity, Options);

    private static void MaskSensitiveCustomerFields(JsonTypeInfo info)
    {
        if (info.Type != typeof(Customer))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Name == "creditCode")
            {
                property.Get = customer => SensitiveText.MaskCreditCode(((Customer)customer).CreditCode);
            }
            else if (property.Name == "bankAccount")
            {
                property.Get = customer => SensitiveText.MaskAccount(((Customer)customer).BankAccount);
            }
        }
    }
}
