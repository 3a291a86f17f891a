using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Runs are read from SQLite through <see cref="SqliteQueryCursor"/>, which parses stored values itself. Whatever it
/// reads must equal what EF Core reads from the same rows, down to a decimal's scale and an empty against a null text.
/// </summary>
public sealed class SqliteQueryCursorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private SqliteTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await SqliteTestDatabase.CreateAsync("cursor", Now, "C1", "C2");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private IDbContextFactory<ReconDbContext> Contexts => _database.Contexts;

    [Fact]
    public async Task Every_value_read_by_the_cursor_equals_what_ef_core_reads()
    {
        LedgerEntryDraft[] drafts =
        [
            new("C1", new DateOnly(2024, 2, 29), DocumentType.SalesInvoice, "INV-1", 1234.50m, Memo: "备注 memo"),
            new("C1", new DateOnly(2024, 2, 29), DocumentType.SalesInvoice, "INV-2", 1234.5m, Reference: ""),
            new("C2", new DateOnly(1999, 12, 31), DocumentType.Receipt, "RC-1", -0.001m, Currency: "KWD", Reference: "REF-1", Memo: ""),
            new("C2", new DateOnly(2024, 1, 1), DocumentType.Receipt, "RC-2", 9_999_999_999.99m, Currency: "USD"),
            // The last accounting date there is, and the two kinds of entry that may be 0.00.
            new("C1", new DateOnly(2999, 12, 31), DocumentType.Exchange, "", 0m, Memo: new string('长', 300)),
            new("C1", new DateOnly(2024, 5, 6), DocumentType.OpeningBalance, "ADJ", 0.00m),
        ];
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.LedgerEntries.AddRange(drafts.Select(d => LedgerEntry.Create(d, Now)));
            await db.SaveChangesAsync();
        }

        await using var read = await Contexts.CreateDbContextAsync();
        var fromDate = new DateOnly(1999, 1, 1);
        var rows = read.LedgerEntries.AsNoTracking().Where(e => e.Date >= fromDate).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Date, e.Amount, e.Currency, e.CustomerCode, e.DocumentNumber, e.Reference, e.Memo });
        var expected = rows.AsEnumerable().Select(e => Describe(e.Id, e.Date, e.Amount, e.Currency, e.CustomerCode, e.DocumentNumber, e.Reference, e.Memo)).ToList();

        var actual = new List<string>();
        using var command = rows.CreateDbCommand();
        Assert.True(SqliteQueryCursor.CanRead(command));
        using (var cursor = SqliteQueryCursor.Open(command))
        {
            int id = cursor.Ordinal("Id"), date = cursor.Ordinal("Date"), amount = cursor.Ordinal("Amount"), currency = cursor.Ordinal("Currency"),
                customer = cursor.Ordinal("CustomerCode"), document = cursor.Ordinal("DocumentNumber"), reference = cursor.Ordinal("Reference"), memo = cursor.Ordinal("Memo");
            while (cursor.Read())
            {
                actual.Add(Describe(cursor.GetInt64(id), cursor.GetDateOnly(date), cursor.GetDecimal(amount), cursor.GetString(currency)!,
                    cursor.GetString(customer)!, cursor.GetString(document), cursor.GetString(reference), cursor.GetString(memo)));
            }
        }

        Assert.Equal(drafts.Length, expected.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_text_equal_to_the_previous_rows_is_the_same_instance_and_a_different_one_is_not()
    {
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.LedgerEntries.AddRange(
                LedgerEntry.Create(new LedgerEntryDraft("C1", new DateOnly(2024, 1, 1), DocumentType.Receipt, "A", 1m), Now),
                LedgerEntry.Create(new LedgerEntryDraft("C1", new DateOnly(2024, 1, 2), DocumentType.Receipt, "B", 2m), Now),
                LedgerEntry.Create(new LedgerEntryDraft("C2", new DateOnly(2024, 1, 3), DocumentType.Receipt, "C", 3m), Now));
            await db.SaveChangesAsync();
        }

        await using var read = await Contexts.CreateDbContextAsync();
        using var command = read.LedgerEntries.OrderBy(e => e.Date).Select(e => new { e.CustomerCode }).CreateDbCommand();
        using var cursor = SqliteQueryCursor.Open(command);
        var codes = new List<string>();
        while (cursor.Read())
        {
            codes.Add(cursor.GetString(0)!);
        }

        Assert.Equal(["C1", "C1", "C2"], codes);
        Assert.Same(codes[0], codes[1]);
    }

    [Fact]
    public async Task A_text_that_is_a_prefix_of_the_previous_or_follows_a_long_one_reads_as_stored()
    {
        var longMemo = new string('长', 30); // 90 bytes of UTF-8
        string[] memos = ["ABC", "AB", "AB", longMemo, longMemo, "AB", "A"];
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.LedgerEntries.AddRange(memos.Select((memo, i) =>
                LedgerEntry.Create(new LedgerEntryDraft("C1", new DateOnly(2024, 2, 1).AddDays(i), DocumentType.Receipt, $"M{i}", 1m + i, Memo: memo), Now)));
            await db.SaveChangesAsync();
        }

        await using var read = await Contexts.CreateDbContextAsync();
        using var command = read.LedgerEntries.Where(e => e.Date >= new DateOnly(2024, 2, 1)).OrderBy(e => e.Date)
            .Select(e => new { e.Memo }).CreateDbCommand();
        using var cursor = SqliteQueryCursor.Open(command);
        var texts = new List<string>();
        while (cursor.Read())
        {
            texts.Add(cursor.GetString(0)!);
        }

        Assert.Equal(memos, texts);
        Assert.Same(texts[1], texts[2]);
        // Long values are not remembered: equal, yet each its own string.
        Assert.NotSame(texts[3], texts[4]);
    }

    [Fact]
    public async Task A_stored_value_that_is_not_a_decimal_is_a_format_error_naming_it()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        using var command = db.LedgerEntries.Select(e => e.Amount).CreateDbCommand();
        command.CommandText = "SELECT 'twelve' AS Amount";
        using var cursor = SqliteQueryCursor.Open(command);
        Assert.True(cursor.Read());
        var error = Assert.Throws<FormatException>(() => cursor.GetDecimal(0));
        Assert.Contains("twelve", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A row as text that keeps what equality of the values would hide: a decimal's scale, null against empty.</summary>
    private static string Describe(long id, DateOnly date, decimal amount, string currency, string customer, string? document, string? reference, string? memo) =>
        string.Join("|", id, date.ToString("O"), amount.ToString(System.Globalization.CultureInfo.InvariantCulture), currency, customer,
            document ?? "<null>", reference ?? "<null>", memo ?? "<null>");
}
