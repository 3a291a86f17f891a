using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// The SQLite bulk path binds values itself. What it stores must be exactly what EF Core stores for the same values,
/// or queries that compare dates, amounts or timestamps would treat bulk-imported rows differently.
/// </summary>
public sealed class BulkInserterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);
    private SqliteTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync("bulk", Now, "C1");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private IDbContextFactory<ReconDbContext> Contexts => _database.Contexts;

    public static TheoryData<string, decimal, string?, string?> Rows() => new()
    {
        { "plain", 1234.5m, null, null },
        { "negative, the smallest unit", -0.01m, "", "备注 memo" },
        { "large", 9_999_999_999.99m, "REF-1", "" },
        { "zero", 0m, "   ", "x" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_bulk_row_is_stored_exactly_as_ef_core_stores_it(string name, decimal amount, string? reference, string? memo)
    {
        // Only an exchange (换货) or an opening balance may be 0.00.
        var type = amount == 0 ? DocumentType.Exchange : DocumentType.SalesInvoice;
        var draft = new LedgerEntryDraft("C1", new DateOnly(2024, 2, 29), type, "EF-" + name, amount,
            VoucherNumber: "记-12", DueDate: new DateOnly(2024, 3, 30), Reference: reference, Memo: memo);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.LedgerEntries.Add(LedgerEntry.Create(draft, Now, null, "template", 7));
            await db.SaveChangesAsync();
        }

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var inserter = new BulkInserter<LedgerEntry>(db, UniqueKeys.LedgerEntry);
            Assert.True(inserter.UsesSqliteStatements);
            await inserter.AddAsync(LedgerEntry.Create(draft with { DocumentNumber = "BULK-" + name }, Now, null, "template", 7), CancellationToken.None);
            await inserter.FlushAsync(CancellationToken.None);
            await transaction.CommitAsync();
            Assert.Equal(1, inserter.Inserted);
        }

        var stored = await StoredColumnsAsync();
        var (ef, bulk) = (stored["EF-" + name], stored["BULK-" + name]);
        Assert.Equal(ef.Keys, bulk.Keys);
        foreach (var column in ef.Keys.Where(c => c is not ("Id" or "DocumentNumber" or "Fingerprint")))
        {
            Assert.True(ef[column] == bulk[column], $"{column}: EF Core stored {ef[column]}, the bulk path {bulk[column]}");
        }
    }

    [Fact]
    public async Task A_row_whose_key_is_stored_already_is_skipped_and_counted()
    {
        var entry = new LedgerEntryDraft("C1", new DateOnly(2024, 1, 5), DocumentType.Receipt, "RC-1", -50m);
        await using var db = await Contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var inserter = new BulkInserter<LedgerEntry>(db, UniqueKeys.LedgerEntry);
        await inserter.AddAsync(LedgerEntry.Create(entry, Now), CancellationToken.None);
        await inserter.AddAsync(LedgerEntry.Create(entry, Now), CancellationToken.None);
        await inserter.AddAsync(LedgerEntry.Create(entry with { DocumentNumber = "RC-2" }, Now), CancellationToken.None);
        await inserter.FlushAsync(CancellationToken.None);
        await transaction.CommitAsync();

        Assert.Equal((2, 1), (inserter.Inserted, inserter.Skipped));
        Assert.Equal(2, await db.LedgerEntries.CountAsync());
    }

    [Fact]
    public async Task Given_the_batch_column_a_row_repeating_one_of_its_own_batch_is_handed_back_and_one_stored_before_is_skipped()
    {
        var earlier = new LedgerEntryDraft("C1", new DateOnly(2024, 1, 6), DocumentType.Receipt, "RC-EARLIER", -50m);
        var repeated = new LedgerEntryDraft("C1", new DateOnly(2024, 1, 6), DocumentType.Receipt, "RC-TWICE", -60m);
        await using var db = await Contexts.CreateDbContextAsync();
        db.LedgerEntries.Add(LedgerEntry.Create(earlier, Now, null, "template", 1));
        var importBatch = ImportBatch.Start(new ImportReader("template", "1.0.0", null), "repeats.csv", "", RecordKind.LedgerEntries, null, new Domain.Access.Actor("test"), Now);
        db.ImportBatches.Add(importBatch);
        await db.SaveChangesAsync();
        long? batch = importBatch.Id;
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var inserter = new BulkInserter<LedgerEntry>(db, UniqueKeys.LedgerEntry, UniqueKeys.BatchProperty);
        await inserter.AddAsync(LedgerEntry.Create(repeated, Now, batch, "template", 2), CancellationToken.None);
        await inserter.AddAsync(LedgerEntry.Create(earlier, Now, batch, "template", 3), CancellationToken.None);
        await inserter.AddAsync(LedgerEntry.Create(repeated, Now, batch, "template", 4), CancellationToken.None);
        await inserter.FlushAsync(CancellationToken.None);
        var repeats = inserter.TakeRepeats();
        await transaction.CommitAsync();

        Assert.Equal((1, 1, 1), (inserter.Inserted, inserter.Skipped, inserter.Repeated));
        Assert.Equal(4, Assert.Single(repeats)[inserter.ValueIndexOf(UniqueKeys.SourceLineProperty)]);
        Assert.Empty(inserter.TakeRepeats());
        // The repeat changed nothing of the row it repeats: still the first copy's line.
        Assert.Equal([1, 2], await db.LedgerEntries.OrderBy(e => e.SourceLine).Select(e => e.SourceLine ?? 0).ToListAsync());
    }

    [Fact]
    public async Task Without_a_conflict_key_a_duplicate_is_refused_and_the_transaction_can_roll_back()
    {
        var entry = new LedgerEntryDraft("C1", new DateOnly(2024, 1, 5), DocumentType.Receipt, "RC-9", -50m);
        await using var db = await Contexts.CreateDbContextAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await using var inserter = new BulkInserter<LedgerEntry>(db);
            await inserter.AddAsync(LedgerEntry.Create(entry, Now), CancellationToken.None);
            var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => inserter.AddAsync(LedgerEntry.Create(entry, Now), CancellationToken.None));
            Assert.Contains("UNIQUE", refused.Message, StringComparison.Ordinal);
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await db.LedgerEntries.CountAsync());
    }

    /// <summary>Every column of every ledger row as SQLite holds it (type and literal), by document number.</summary>
    private async Task<Dictionary<string, Dictionary<string, string>>> StoredColumnsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('ledger_entry')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var rows = new Dictionary<string, Dictionary<string, string>>();
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT DocumentNumber, {string.Join(", ", columns.Select(c => $"typeof(\"{c}\") || ':' || quote(\"{c}\")"))} FROM ledger_entry";
        await using (var rowsReader = await select.ExecuteReaderAsync())
        {
            while (await rowsReader.ReadAsync())
            {
                rows[rowsReader.GetString(0)] = columns.Select((c, i) => (c, Value: rowsReader.GetString(i + 1))).ToDictionary(x => x.c, x => x.Value);
            }
        }

        return rows;
    }
}
