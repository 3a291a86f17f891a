using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Queries;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Data.Protection;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Application.Archive;

/// <summary>A customer with what the duplicate guard warned about when it was saved.</summary>
public sealed record SavedCustomer(Customer Customer, IReadOnlyList<NearDuplicate> Warnings);

/// <summary>The filters of a customer search; every one optional.</summary>
public sealed record CustomerSearch(
    string? Prefix,
    string? CategoryCode,
    bool IncludeDescendants,
    IReadOnlyDictionary<string, string> Dimensions,
    CustomerStatus? Status,
    decimal? MinCreditLimit,
    decimal? MaxCreditLimit)
{
    /// <summary>The computed filters over a period (purchases, months active, customer since, overdue balance).</summary>
    public PurchaseFilters Computed { get; init; } = PurchaseFilters.None;
}

/// <summary>A page of a customer search, with each customer's figures when computed filters or a period were given.</summary>
public sealed record CustomerSearchPage(IReadOnlyList<Customer> Items, string? NextAfter, IReadOnlyDictionary<string, CustomerFigures> Figures);

/// <summary>How a customer came to be: the reason of its first category assignment and of its audit record.</summary>
public sealed record CustomerOrigin(string AssignmentReason, string? AuditReason)
{
    public static CustomerOrigin Created { get; } = new("created", null);

    public static CustomerOrigin Imported(long batchId) => new("imported", $"imported in batch {batchId}");
}

/// <summary>The use cases of the customer archive (客户档案).</summary>
public sealed class CustomerArchive(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes)
{
    /// <summary>Sorts after every character, so [prefix, prefix + this) is exactly the strings starting with prefix.</summary>
    private const string AfterEverything = "\U0010FFFF";

    public Task<SavedCustomer> CreateAsync(Actor actor, CustomerProfile profile, IReadOnlyDictionary<string, string> dimensions, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, (session, ct) =>
            AddAsync(session, Customer.Create(profile, session.Now), dimensions, CustomerOrigin.Created, ct), cancellationToken);

    /// <summary>
    /// Creating a customer, for the RPC and the import alike, so that both run the same rules: a leaf category,
    /// the duplicate guard, known dimension values. Saves the customer, its first category assignment and the
    /// audit record.
    /// </summary>
    internal static async Task<SavedCustomer> AddAsync(ChangeSession session, Customer customer, IReadOnlyDictionary<string, string> dimensions,
        CustomerOrigin origin, CancellationToken ct)
    {
        var db = session.Db;
        await EnsureLeafAsync(db, customer.CategoryCode, ct);
        var verdict = await CheckAsync(db, customer.Code, customer.Name, customer.CreditCode, null, ct);
        verdict.ThrowIfDuplicate();
        await ApplyDimensionsAsync(db, customer, dimensions, session.Now, ct);

        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        db.CustomerCategoryHistory.Add(CustomerCategoryAssignment.Initial(customer.Id, customer.CategoryCode, origin.AssignmentReason, session.Actor.KeyId, session.Now));
        session.Record(AuditActions.Customer.Create, "customer", customer.Code, null, AuditSnapshot.Of(customer), origin.AuditReason);
        return new SavedCustomer(customer, verdict.Warnings);
    }

    public Task<SavedCustomer> UpdateAsync(Actor actor, long id, CustomerProfile profile, long version, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var customer = await FindAsync(db, id, ct);
            RuleViolation.ThrowIfStale($"Customer '{customer.Code}'", version, customer.Version);
            var before = AuditSnapshot.Of(customer);
            var previousCategory = customer.CategoryCode;
            customer.Update(profile, session.Now);
            if (customer.CategoryCode != previousCategory)
            {
                CustomerRules.EnsureCategoryChangeAllowed(previousCategory, customer, await HasLedgerEntriesAsync(db, customer.Code, ct));
            }

            await EnsureLeafAsync(db, customer.CategoryCode, ct);
            var verdict = await CheckAsync(db, customer.Code, customer.Name, customer.CreditCode, customer.Id, ct);
            verdict.ThrowIfDuplicate();
            if (customer.CategoryCode != previousCategory)
            {
                db.CustomerCategoryHistory.Add(CustomerCategoryAssignment.Initial(customer.Id, customer.CategoryCode,
                    "changed by update (no ledger entries yet)", actor.KeyId, session.Now));
            }

            session.Record(AuditActions.Customer.Update, "customer", customer.Code, before, AuditSnapshot.Of(customer));
            return new SavedCustomer(customer, verdict.Warnings);
        }, cancellationToken);

    public async Task<Customer> GetAsync(long id, string? code, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Customers.AsNoTracking();
        var found = id != 0
            ? await query.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            : await query.SingleOrDefaultAsync(c => c.Code == (code ?? "").Trim(), cancellationToken);
        return found ?? throw NotFound(id != 0 ? $"id {id}" : $"code '{InputText.Echo(code)}'");
    }

    public Task DeleteAsync(Actor actor, long id, long version, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var customer = await FindAsync(db, id, ct);
            RuleViolation.ThrowIfStale($"Customer '{customer.Code}'", version, customer.Version);
            CustomerRules.EnsureCanDelete(customer, await HasLedgerEntriesAsync(db, customer.Code, ct));
            db.Customers.Remove(customer);
            session.Record(AuditActions.Customer.Delete, "customer", customer.Code, AuditSnapshot.Of(customer), null);
            return true;
        }, cancellationToken);

    public Task<Customer> ReclassifyAsync(Actor actor, long id, string categoryCode, DateOnly effectiveFrom, string reason, long version, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var customer = await FindAsync(db, id, ct);
            RuleViolation.ThrowIfStale($"Customer '{customer.Code}'", version, customer.Version);
            var target = (categoryCode ?? "").Trim();
            var since = await db.CustomerCategoryHistory.Where(a => a.CustomerId == customer.Id)
                .MaxAsync(a => (DateOnly?)a.EffectiveFrom, ct);
            CustomerRules.EnsureReclassification(customer, target, effectiveFrom, since);
            await EnsureLeafAsync(db, target, ct);
            var assignment = CustomerCategoryAssignment.Create(customer.Id, target, effectiveFrom, reason, actor.KeyId, session.Now);

            var before = AuditSnapshot.Of(customer);
            customer.MoveToCategory(target, session.Now);
            db.CustomerCategoryHistory.Add(assignment);
            session.Record(AuditActions.Customer.Reclassify, "customer", customer.Code, before, AuditSnapshot.Of(customer),
                $"{assignment.Reason} (effective {effectiveFrom:yyyy-MM-dd})");
            return customer;
        }, cancellationToken);

    public Task<Customer> SetDimensionsAsync(Actor actor, long id, IReadOnlyDictionary<string, string> values, long version, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var customer = await FindAsync(db, id, ct);
            RuleViolation.ThrowIfStale($"Customer '{customer.Code}'", version, customer.Version);
            var before = AuditSnapshot.Of(customer);
            await ApplyDimensionsAsync(db, customer, values, session.Now, ct);
            session.Record(AuditActions.Customer.Dimensions, "customer", customer.Code, before, AuditSnapshot.Of(customer));
            return customer;
        }, cancellationToken);

    public async Task<DuplicateVerdict> CheckDuplicatesAsync(string? code, string name, string? creditCode, long? excludeId, CancellationToken cancellationToken)
    {
        var credit = Uscc.Parse(creditCode)?.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CheckAsync(db, code, name, credit, excludeId, cancellationToken);
    }

    public async Task<CustomerSearchPage> SearchAsync(CustomerSearch search, int pageSize, string? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var snapshot = search.Computed.Any ? await ReadSnapshot.BeginAsync(db, cancellationToken) : null;
        var figures = search.Computed.Any ? await CustomerFiguresQuery.ReadAsync(db, search.Computed, cancellationToken) : null;
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.Prefix))
        {
            var prefix = search.Prefix.Trim();
            var upper = prefix.ToUpperInvariant();
            string prefixEnd = prefix + AfterEverything, upperEnd = upper + AfterEverything;
            // Ranges rather than LIKE, so that each branch is an index range on every provider.
            query = query.Where(c =>
                (string.Compare(c.Code, prefix) >= 0 && string.Compare(c.Code, prefixEnd) < 0) ||
                (string.Compare(c.Name, prefix) >= 0 && string.Compare(c.Name, prefixEnd) < 0) ||
                (string.Compare(c.Mnemonic, upper) >= 0 && string.Compare(c.Mnemonic, upperEnd) < 0));
        }

        if (!string.IsNullOrWhiteSpace(search.CategoryCode))
        {
            var category = search.CategoryCode.Trim();
            var categoryEnd = category + AfterEverything;
            query = search.IncludeDescendants
                ? query.Where(c => string.Compare(c.CategoryCode, category) >= 0 && string.Compare(c.CategoryCode, categoryEnd) < 0)
                : query.Where(c => c.CategoryCode == category);
        }

        foreach (var (dimension, value) in search.Dimensions)
        {
            query = query.Where(c => c.DimensionValues.Any(v => v.DimensionCode == dimension && v.Value == value));
        }

        if (search.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }

        if (search.MinCreditLimit is { } min)
        {
            query = query.Where(c => c.CreditLimit >= min);
        }

        if (search.MaxCreditLimit is { } max)
        {
            query = query.Where(c => c.CreditLimit <= max);
        }

        if (after is not null)
        {
            query = query.Where(c => string.Compare(c.Code, after) > 0);
        }

        if (figures is not null)
        {
            query = figures.Apply(db, query);
        }

        var fetched = await query.OrderBy(c => c.Code).Take(pageSize + 1).ToListAsync(cancellationToken);
        var page = Paging.Of(fetched, pageSize, c => c.Code);
        return new CustomerSearchPage(page.Items, page.NextAfter,
            figures is null ? new Dictionary<string, CustomerFigures>() : await figures.FiguresAsync(db, page.Items, cancellationToken));
    }

    /// <summary>
    /// Narrows the archive to the customers that could be duplicates, through indexes: the same code, credit code
    /// or normalised name; or a name of similar length starting with the same two characters; or one whose core
    /// ends in the same four. Any name one edit away meets one of these; the guard then decides.
    /// </summary>
    private static async Task<DuplicateVerdict> CheckAsync(ReconDbContext db, string? code, string name, string? creditCode, long? excludeId, CancellationToken ct)
    {
        var normalized = CompanyName.Normalize(name ?? "");
        var head = normalized.Length <= 2 ? normalized : normalized[..2];
        var headEnd = head + AfterEverything;
        var tail = CompanyName.Tail(normalized);
        var codeValue = code?.Trim() ?? "";
        int shortest = normalized.Length - 2, longest = normalized.Length + 2;
        var creditHash = db.CreditCodeLookup(creditCode);
        var candidates = await db.Customers.AsNoTracking()
            .Where(c => c.Code == codeValue
                        || (creditHash != null && EF.Property<string?>(c, SensitiveFields.CreditCodeHash) == creditHash)
                        || c.NormalizedName == normalized
                        || c.NameTail == tail
                        || (string.Compare(c.NormalizedName, head) >= 0 && string.Compare(c.NormalizedName, headEnd) < 0
                            && c.NormalizedName.Length >= shortest && c.NormalizedName.Length <= longest))
            .Select(c => new ExistingCustomer(c.Id, c.Code, c.Name, c.NormalizedName, c.CreditCode))
            .ToListAsync(ct);
        return DuplicateGuard.Check(codeValue, name ?? "", creditCode, candidates, excludeId);
    }

    private static async Task EnsureLeafAsync(ReconDbContext db, string categoryCode, CancellationToken ct)
    {
        var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Code == categoryCode, ct);
        var hasChildren = category is not null && await db.Categories.AnyAsync(c => c.ParentCode == categoryCode, ct);
        CustomerRules.EnsureLeafCategory(categoryCode, category, hasChildren);
    }

    private static async Task ApplyDimensionsAsync(ReconDbContext db, Customer customer, IReadOnlyDictionary<string, string> values, DateTimeOffset now, CancellationToken ct)
    {
        var codes = values.Keys.ToList();
        var dimensions = await db.Dimensions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, ct);
        CustomerRules.EnsureDimensionValues(values, dimensions);
        customer.SetDimensions(values, now);
    }

    internal static Task<bool> HasLedgerEntriesAsync(ReconDbContext db, string customerCode, CancellationToken ct) =>
        db.LedgerEntries.AnyAsync(e => e.CustomerCode == customerCode, ct);

    private static async Task<Customer> FindAsync(ReconDbContext db, long id, CancellationToken ct) =>
        await db.Customers.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFound($"id {id}");

    private static RuleViolation NotFound(string what) => RuleViolation.NotFound("customer.not_found", $"There is no customer with {what}.");
}
