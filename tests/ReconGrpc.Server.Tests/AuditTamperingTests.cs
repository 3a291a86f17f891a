using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Testing;
using DomainAudit = ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Someone with the database (not the server's key or files) tampers with it directly; verification must name each
/// tampering and its row, and writes must not answer INTERNAL.
/// </summary>
public sealed class AuditTamperingTests
{
    private const string Columns = "\"Sequence\", \"Time\", \"Actor\", \"Action\", \"EntityType\", \"EntityId\", \"BeforeJson\", \"AfterJson\", \"Reason\", \"TraceId\", \"Person\", \"KeyId\", \"PreviousHash\", \"Hash\"";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_row_added_after_the_head_is_reported_and_writes_are_refused_naming_it(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await MakeThreeChangesAsync(server);

        // A copy of entry 4 as entry 5, linked to entry 4: what a forger without the key can do.
        await SqlAsync(server, $"INSERT INTO audit_entry ({Columns}) SELECT 5, \"Time\", \"Actor\", \"Action\", \"EntityType\", 'forged', \"BeforeJson\", \"AfterJson\", " +
                               "\"Reason\", \"TraceId\", \"Person\", \"KeyId\", \"Hash\", \"Hash\" FROM audit_entry WHERE \"Sequence\" = 4");
        var verdict = await VerifyAsync(server);
        var write = await Expect.Status(StatusCode.FailedPrecondition,
            () => server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "53", Name = "四" }).ResponseAsync);

        Assert.False(verdict.Intact);
        Assert.Equal(5, verdict.FirstBrokenSequence);
        Assert.Contains("beyond the log head", verdict.Problem);
        Assert.Contains("entry 5 beyond its head", write);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_deleted_head_is_reported_and_writes_are_refused_naming_it(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await MakeThreeChangesAsync(server);

        await SqlAsync(server, "DELETE FROM audit_head");
        var verdict = await VerifyAsync(server);
        var write = await Expect.Status(StatusCode.FailedPrecondition,
            () => server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "53", Name = "四" }).ResponseAsync);

        Assert.False(verdict.Intact);
        Assert.Equal(5, verdict.FirstBrokenSequence);
        Assert.Contains("head row is missing", verdict.Problem);
        Assert.Contains("head row is missing", write);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deleting_the_last_row_and_moving_the_head_back_is_caught_by_the_checkpoints(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await MakeThreeChangesAsync(server);

        await SqlAsync(server, "DELETE FROM audit_entry WHERE \"Sequence\" = 4");
        await SqlAsync(server, "UPDATE audit_head SET \"LastSequence\" = 3, \"LastHash\" = (SELECT \"Hash\" FROM audit_entry WHERE \"Sequence\" = 3)");
        var verdict = await VerifyAsync(server);

        Assert.False(verdict.Intact);
        Assert.Equal(4, verdict.FirstBrokenSequence);
        Assert.Contains("checkpoint file records entry 4", verdict.Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rehashing_the_whole_chain_with_plain_SHA_256_is_caught(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await MakeThreeChangesAsync(server);

        await RewriteChainUnkeyedAsync(server, entry => entry.EntityId == "51" ? entry with { EntityId = "forged" } : entry);
        var verdict = await VerifyAsync(server);

        Assert.False(verdict.Intact);
        Assert.Equal(1, verdict.FirstBrokenSequence);
        Assert.Contains("checkpoint", verdict.Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_chain_written_before_the_key_still_verifies_and_is_continued_keyed(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await MakeThreeChangesAsync(server);
        // As a database from before the key looks on first start: unkeyed entries, no checkpoints yet.
        await RewriteChainUnkeyedAsync(server, entry => entry);
        File.Delete(Path.Combine(server.DataFolder, "data", "audit-checkpoints.log"));

        var before = await VerifyAsync(server);
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "53", Name = "四" });
        var after = await VerifyAsync(server);
        var entries = (await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest())).Entries;

        Assert.True(before.Intact, before.Problem);
        Assert.True(after.Intact, after.Problem);
        Assert.Equal(5, after.EntriesChecked);
        Assert.All(entries.Take(4), e => Assert.Equal("", e.KeyId));
        Assert.NotEqual("", entries[4].KeyId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Business_rows_edited_in_the_database_are_reported_against_the_log(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "60", Name = "华东" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = "A6001", Name = "杭州远景贸易有限公司", CategoryCode = "60" },
        });
        var posted = (await server.Ledger(server.AdminKey).PostLedgerEntryAsync(new PostLedgerEntryRequest
        {
            CustomerCode = "A6001", Date = new Date { Year = 2024, Month = 5, Day = 20 }, DocumentType = DocumentType.SalesInvoice,
            DocumentNumber = "FP6001", Amount = new DecimalValue { Value = "2260.00" }, Reason = "补记",
        })).Entry;
        var (batch, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "a6001.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes("客户编码,日期,单据类型,单据号,金额\nA6001,2024-05-21,销售发票,FP6002,100.00\nA6001,2024-05-22,收款,SK6003,50.00\n"));
        var clean = await VerifyAsync(server);

        await SqlAsync(server, $"UPDATE ledger_entry SET \"Amount\" = 22600 WHERE \"Id\" = {posted.Id}");
        await SqlAsync(server, $"UPDATE ledger_entry SET \"Amount\" = 1000 WHERE \"ImportBatchId\" = {batch.Id} AND \"DocumentNumber\" = 'FP6002'");
        await SqlAsync(server, "UPDATE customer SET \"Name\" = '杭州远景贸易有限公司（改）' WHERE \"Code\" = 'A6001'");
        await SqlAsync(server, "UPDATE category SET \"Name\" = '华东区' WHERE \"Code\" = '60'");
        var verdict = await VerifyAsync(server);

        Assert.True(clean.Intact, clean.Problem + string.Join("; ", clean.Differences.Select(d => d.Problem)));
        Assert.False(verdict.Intact);
        Assert.Equal(0, verdict.FirstBrokenSequence);
        Assert.Equal(4, verdict.DifferencesFound);
        var byRow = verdict.Differences.ToDictionary(d => (d.EntityType, d.EntityId));
        Assert.Contains("in amount", byRow[("ledger_entry", posted.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))].Problem);
        Assert.Contains($"import batch {batch.Id}", byRow[("import_batch", batch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))].Problem);
        Assert.Contains("in name", byRow[("customer", "A6001")].Problem);
        Assert.Contains("in name", byRow[("category", "60")].Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rows_added_or_deleted_in_the_database_are_reported(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await MakeThreeChangesAsync(server);

        await SqlAsync(server, "DELETE FROM category WHERE \"Code\" = '52'");
        await SqlAsync(server, "INSERT INTO category (\"Code\", \"Name\", \"ParentCode\", \"Level\", \"Version\", \"CreatedAt\", \"UpdatedAt\") " +
                               "SELECT '59', '私加', NULL, 1, 1, \"CreatedAt\", \"UpdatedAt\" FROM category WHERE \"Code\" = '50'");
        var verdict = await VerifyAsync(server);

        Assert.False(verdict.Intact);
        var byRow = verdict.Differences.ToDictionary(d => (d.EntityType, d.EntityId));
        Assert.Equal(2, verdict.DifferencesFound);
        Assert.Contains("deleted outside the server", byRow[("category", "52")].Problem);
        Assert.Equal(0, byRow[("category", "59")].Sequence);
        Assert.Contains("added outside the server", byRow[("category", "59")].Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Imported_customers_are_logged_one_by_one_so_an_edit_to_one_is_reported(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "61", Name = "华南" });
        await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "customers.csv", Options = { ["kind"] = "customers" } },
            Encoding.UTF8.GetBytes("客户编码,客户名称,所属分类码\nB6101,深圳前海贸易有限公司,61\nB6102,广州南沙物流有限公司,61\n"));
        var logged = (await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "customer" })).Entries;
        var clean = await VerifyAsync(server);

        await SqlAsync(server, "UPDATE customer SET \"PaymentTermsDays\" = 90 WHERE \"Code\" = 'B6102'");
        var verdict = await VerifyAsync(server);

        Assert.Equal(["B6101", "B6102"], logged.Select(e => e.EntityId));
        Assert.True(clean.Intact, clean.Problem + string.Join("; ", clean.Differences.Select(d => d.Problem)));
        var difference = Assert.Single(verdict.Differences);
        Assert.Equal(("customer", "B6102", logged[1].Sequence), (difference.EntityType, difference.EntityId, difference.Sequence));
        Assert.Contains("in paymentTermsDays", difference.Problem);
    }

    [Fact]
    public async Task Without_configuration_the_key_and_checkpoints_are_files_only_the_owner_can_read()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await MakeThreeChangesAsync(server);
        var data = Path.Combine(server.DataFolder, "data");

        var key = File.ReadAllText(Path.Combine(data, "audit.key")).Trim();
        var checkpoints = File.ReadAllLines(Path.Combine(data, "audit-checkpoints.log"));
        var head = (await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest())).Entries[^1];

        Assert.Equal(DomainAudit.AuditKey.FromText(key).Id, head.KeyId);
        Assert.Equal($"4 {head.Hash}", string.Join(' ', checkpoints[^1].Split(' ').Take(2)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(data, "audit.key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "audit-checkpoints.log")));
        }
    }

    [Fact]
    public async Task A_configured_key_is_used_and_no_key_file_is_written()
    {
        const string configured = "configured-audit-key-0123456789-abcdefghij";
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Audit:Key"] = configured });
        await MakeThreeChangesAsync(server);

        var head = (await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest())).Entries[^1];

        Assert.Equal(DomainAudit.AuditKey.FromText(configured).Id, head.KeyId);
        Assert.False(File.Exists(Path.Combine(server.DataFolder, "data", "audit.key")));
    }

    private static async Task MakeThreeChangesAsync(TestServer server)
    {
        var client = server.Categories(server.AdminKey);
        await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "50", Name = "一" });
        await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "51", Name = "二" });
        await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "52", Name = "三" });
        var intact = await VerifyAsync(server);
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(4, intact.EntriesChecked);
    }

    private static Task<VerifyAuditChainResponse> VerifyAsync(TestServer server) =>
        server.Audit(server.AdminKey).VerifyAuditChainAsync(new VerifyAuditChainRequest()).ResponseAsync;

    private static async Task SqlAsync(TestServer server, string sql)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>
    /// Rewrites every entry with the public algorithm (plain SHA-256, as before the chain was keyed), after
    /// <paramref name="change"/>, and points the head at the new end: a chain consistent in itself.
    /// </summary>
    private static async Task RewriteChainUnkeyedAsync(TestServer server, Func<DomainAudit.AuditRecord, DomainAudit.AuditRecord> change)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        var rewritten = new List<DomainAudit.AuditEntry>();
        foreach (var entry in entries)
        {
            var record = change(new DomainAudit.AuditRecord(entry.Actor, entry.Action, entry.EntityType, entry.EntityId, entry.BeforeJson, entry.AfterJson,
                entry.Reason, entry.TraceId, entry.Person));
            var previous = rewritten.LastOrDefault();
            rewritten.Add(DomainAudit.AuditEntry.Append(previous?.Sequence ?? 0, previous?.Hash ?? "", record, entry.Time, key: null));
        }

        await db.AuditEntries.ExecuteDeleteAsync();
        db.AuditEntries.AddRange(rewritten);
        await db.SaveChangesAsync();
        await db.AuditHeads.ExecuteUpdateAsync(u => u.SetProperty(h => h.LastHash, rewritten[^1].Hash));
    }
}
