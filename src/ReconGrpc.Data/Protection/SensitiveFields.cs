using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Data.Protection;

/// <summary>
/// How a customer's bank account and credit code are kept: sealed by <see cref="FieldCipher"/> in their own columns
/// (a value conversion, so the domain <see cref="Customer"/> holds plain text and knows nothing of it), with a keyed
/// hash of each in a shadow column beside it, set on every save, for lookups.
/// </summary>
/// <remarks>
/// A query must never compare the sealed columns with a value (<c>c.CreditCode == x</c>): the value would be sealed
/// with a fresh nonce and match nothing. Compare the hash instead (<see cref="CreditCodeIs"/>).
/// </remarks>
public static class SensitiveFields
{
    public const string CreditCodeField = "customer.credit_code";
    public const string BankAccountField = "customer.bank_account";
    public const string CounterpartyAccountField = "statement_line.counterparty_account";

    /// <summary>The shadow property (and column) holding the lookup hash of the credit code.</summary>
    public const string CreditCodeHash = "CreditCodeHash";

    /// <summary>The shadow property (and column) holding the lookup hash of the bank account.</summary>
    public const string BankAccountHash = "BankAccountHash";

    /// <summary>Room for a sealed credit code (18 characters sealed come to 86).</summary>
    public const int SealedCreditCodeLength = 128;

    /// <summary>Room for a sealed bank account of <see cref="Customer.MaxTextLength"/> characters of up to 3 UTF-8 bytes each.</summary>
    public const int SealedBankAccountLength = 1000;

    internal static void Configure(ModelBuilder modelBuilder, FieldCipher? cipher)
    {
        var customer = modelBuilder.Entity<Customer>();
        customer.Property(c => c.CreditCode).HasMaxLength(SealedCreditCodeLength).HasConversion(Converter(cipher, CreditCodeField));
        customer.Property(c => c.BankAccount).HasMaxLength(SealedBankAccountLength).HasConversion(Converter(cipher, BankAccountField));
        customer.Property<string?>(CreditCodeHash).HasMaxLength(FieldCipher.LookupLength);
        customer.HasIndex(CreditCodeHash);
        customer.Property<string?>(BankAccountHash).HasMaxLength(FieldCipher.LookupLength);
        customer.HasIndex(BankAccountHash);

        // A payer's account taught as an alias is sealed like the archive's, and hashed the same way, so one lookup
        // hash finds it in either place.
        var alias = modelBuilder.Entity<CounterpartyAlias>();
        alias.Property(a => a.Account).HasMaxLength(SealedBankAccountLength).HasConversion(Converter(cipher, BankAccountField));
        alias.Property<string?>(BankAccountHash).HasMaxLength(FieldCipher.LookupLength);
        alias.HasIndex(BankAccountHash);
        modelBuilder.Entity<StatementLine>().Property(l => l.CounterpartyAccount).HasMaxLength(SealedBankAccountLength)
            .HasConversion(Converter(cipher, CounterpartyAccountField));
    }

    /// <summary>The lookup hash of a credit code, or null when it is no credit code (nothing can match it).</summary>
    public static string? CreditCodeLookup(this ReconDbContext db, string? creditCode) =>
        Uscc.Normalize(creditCode) is { } normalized ? db.Cipher().Lookup(CreditCodeField, normalized) : null;

    /// <summary>The lookup hash of a bank account (spaces and hyphens ignored), or null for none.</summary>
    public static string? BankAccountLookup(this ReconDbContext db, string? bankAccount) =>
        NormalizeAccount(bankAccount) is { } normalized ? db.Cipher().Lookup(BankAccountField, normalized) : null;

    /// <summary>The customers whose credit code is the one given (by its hash); none for a blank one.</summary>
    public static IQueryable<Customer> CreditCodeIs(this IQueryable<Customer> customers, ReconDbContext db, string? creditCode)
    {
        var hash = db.CreditCodeLookup(creditCode);
        return hash is null ? customers.Where(_ => false) : customers.Where(c => EF.Property<string?>(c, CreditCodeHash) == hash);
    }

    /// <summary>
    /// Sets the lookup hashes of every customer being added or changed from its plain values, so that a hash never
    /// disagrees with its value. Called by <see cref="ReconDbContext"/> before each save.
    /// </summary>
    internal static void Stamp(ChangeTracker tracker, FieldCipher? cipher)
    {
        foreach (var entry in tracker.Entries<Customer>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            SetHash(entry.Property<string?>(CreditCodeHash), Hash(cipher, CreditCodeField, Uscc.Normalize(entry.Entity.CreditCode)));
            SetHash(entry.Property<string?>(BankAccountHash), Hash(cipher, BankAccountField, NormalizeAccount(entry.Entity.BankAccount)));
        }

        foreach (var entry in tracker.Entries<CounterpartyAlias>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                SetHash(entry.Property<string?>(BankAccountHash), Hash(cipher, BankAccountField, NormalizeAccount(entry.Entity.Account)));
            }
        }
    }

    /// <summary>The aliases whose account is the one given (by its hash); none for a blank one.</summary>
    public static IQueryable<CounterpartyAlias> AccountIs(this IQueryable<CounterpartyAlias> aliases, ReconDbContext db, string? account)
    {
        var hash = db.BankAccountLookup(account);
        return hash is null ? aliases.Where(_ => false) : aliases.Where(a => EF.Property<string?>(a, BankAccountHash) == hash);
    }

    /// <summary>The customers whose archived bank account is the one given (by its hash); none for a blank one.</summary>
    public static IQueryable<Customer> BankAccountIs(this IQueryable<Customer> customers, ReconDbContext db, string? account)
    {
        var hash = db.BankAccountLookup(account);
        return hash is null ? customers.Where(_ => false) : customers.Where(c => EF.Property<string?>(c, BankAccountHash) == hash);
    }

    /// <summary>A customer without either field needs no key: a context without one (tools, tests) can still write it.</summary>
    private static string? Hash(FieldCipher? cipher, string field, string? normalized) =>
        normalized is null ? null : (cipher ?? throw NoKey()).Lookup(field, normalized);

    private static void SetHash<T>(PropertyEntry<T, string?> property, string? hash)
        where T : class
    {
        if (property.CurrentValue != hash)
        {
            property.CurrentValue = hash;
        }
    }

    /// <summary>A bank account as its lookup hash is taken: spaces and hyphens dropped, letters upper case; null for none.</summary>
    public static string? NormalizeAccount(string? account)
    {
        if (string.IsNullOrWhiteSpace(account))
        {
            return null;
        }

        var kept = account.Where(ch => !char.IsWhiteSpace(ch) && ch != '-').ToArray();
        return kept.Length == 0 ? null : new string(kept).ToUpperInvariant();
    }

    private static FieldCipher Cipher(this ReconDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<FieldProtectionExtension>()?.Cipher ?? throw NoKey();

    private static ValueConverter<string?, string> Converter(FieldCipher? cipher, string field) => new(
        plain => Seal(cipher, field, plain!),
        stored => Open(cipher, field, stored));

    private static string Seal(FieldCipher? cipher, string field, string plain) => (cipher ?? throw NoKey()).Seal(field, plain);

    private static string Open(FieldCipher? cipher, string field, string stored) => (cipher ?? throw NoKey()).Open(field, stored);

    private static InvalidOperationException NoKey() =>
        new("This database context has no field key: register the FieldCipher (UseFieldProtection) to read or write customers' sealed fields.");
}
