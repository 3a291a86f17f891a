using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Customers' bank accounts and credit codes: sealed in the database, found by their keyed hash, whole for
/// accountants, masked for viewers and in the audit log. Category 93 and customers S93xx belong to these tests.
/// </summary>
public sealed class SensitiveFieldTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private const string Account = "6222 0212 3456 7890 123";

    /// <summary>A valid 统一社会信用代码 ending in <paramref name="serial"/> (three characters of the alphabet).</summary>
    private static string Credit(string serial)
    {
        var first17 = "91310000MA1E93" + serial;
        return first17 + Uscc.CheckCharacter(first17);
    }

    private static async Task Category(TestServer server)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "93", Name = "敏感字段" });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }
    }

    private static async Task<Contracts.V1.Customer> Create(TestServer server, string code, string name, string creditCode, string? account = Account) =>
        (await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = name, CategoryCode = "93", CreditCode = creditCode, BankAccount = account ?? "" },
        })).Customer;

    /// <summary>The customer's stored columns as the database holds them, read past EF's conversions.</summary>
    private static async Task<(string? CreditCode, string? BankAccount, string? CreditCodeHash)> RawAsync(TestServer server, string code)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        var row = await db.Database.SqlQueryRaw<StoredColumns>(
            "SELECT \"CreditCode\", \"BankAccount\", \"CreditCodeHash\" FROM customer WHERE \"Code\" = {0}", code).SingleAsync();
        return (row.CreditCode, row.BankAccount, row.CreditCodeHash);
    }

    private sealed class StoredColumns
    {
        public string? CreditCode { get; set; }

        public string? BankAccount { get; set; }

        public string? CreditCodeHash { get; set; }
    }

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bank_account_and_credit_code_are_sealed_at_rest_whole_for_accountants_and_masked_for_viewers(string provider)
    {
        var server = await servers.For(provider);
        await Category(server);
        var credit = Credit("A01");
        await Create(server, "S9301", "上海浦江精密仪器有限公司", credit);

        var (storedCredit, storedAccount, hash) = await RawAsync(server, "S9301");
        Assert.StartsWith("enc1:", storedCredit);
        Assert.StartsWith("enc1:", storedAccount);
        Assert.DoesNotContain(credit, storedCredit);
        Assert.DoesNotContain("7890", storedAccount);
        Assert.Matches("^[0-9a-f]{64}$", hash);

        var accountant = await server.CreateKeyAsync(Role.Accountant, "sensitive accountant");
        var viewer = await server.CreateKeyAsync(Role.Viewer, "sensitive viewer");
        var whole = (await server.Customers(accountant).GetCustomerAsync(new GetCustomerRequest { Code = "S9301" })).Customer.Fields;
        var masked = (await server.Customers(viewer).GetCustomerAsync(new GetCustomerRequest { Code = "S9301" })).Customer.Fields;
        var searched = (await server.Customers(viewer).SearchCustomersAsync(new SearchCustomersRequest { Prefix = "S9301" })).Customers.Single().Fields;

        Assert.Equal((credit, Account), (whole.CreditCode, whole.BankAccount));
        Assert.Equal(("91****" + credit[^4..], "****0123"), (masked.CreditCode, masked.BankAccount));
        Assert.Equal((masked.CreditCode, masked.BankAccount), (searched.CreditCode, searched.BankAccount));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_audit_log_holds_the_sensitive_fields_masked(string provider)
    {
        var server = await servers.For(provider);
        await Category(server);
        var credit = Credit("A02");
        await Create(server, "S9302", "上海浦江电子元件有限公司", credit);

        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        var logged = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "customer" && e.EntityId == "S9302").Select(e => e.AfterJson).SingleAsync();

        Assert.DoesNotContain(credit, logged);
        Assert.DoesNotContain("3456", logged);
        Assert.Contains("\"creditCode\":\"91****" + credit[^4..] + "\"", logged);
        Assert.Contains("\"bankAccount\":\"****0123\"", logged);
        var verified = await server.Audit(server.AdminKey).VerifyAuditChainAsync(new VerifyAuditChainRequest());
        Assert.True(verified.Intact, verified.Problem);
        Assert.Equal(0, verified.DifferencesFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_credit_code_stored_sealed_is_still_refused_to_a_second_customer_and_found_by_the_duplicate_check(string provider)
    {
        var server = await servers.For(provider);
        await Category(server);
        var credit = Credit("A03");
        await Create(server, "S9303", "上海浦江化工原料有限公司", credit);
        var customers = server.Customers(server.AdminKey);

        var refused = await Expect.Status(StatusCode.AlreadyExists, () => customers.CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = "S9304", Name = "北京完全不同的公司", CategoryCode = "93", CreditCode = " " + credit.ToLowerInvariant() },
        }).ResponseAsync);
        var check = await customers.CheckDuplicatesAsync(new CheckDuplicatesRequest { Name = "另一个名字的公司", CreditCode = credit });

        Assert.Contains("S9303", refused);
        Assert.True(check.Duplicate);
        Assert.Contains("S9303", check.DuplicateReason);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_ledger_row_naming_its_customer_by_credit_code_only_is_booked_to_it(string provider)
    {
        var server = await servers.For(provider);
        await Category(server);
        var credit = Credit("A05");
        await Create(server, "S9305", "上海浦江纺织机械有限公司", credit);

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "ledger-9305.csv", Options = { ["kind"] = "ledger" } },
            Csv("客户编码,客户名称,统一社会信用代码,日期,单据类型,单据号,金额,摘要",
                $",浦江纺织（上海）,{credit},2024-04-02,销售发票,INV-9305,100.00,只有信用代码"));

        Assert.Equal((1, 1, 0), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal(["INV-9305"], (await server.LedgerEntriesAsync("S9305")).Select(e => e.DocumentNumber));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rows_written_in_plain_text_are_sealed_at_start_and_still_found_by_credit_code(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("recon-sealing-").FullName;
        string? database = provider == TestDatabases.PostgreSql ? "recon_sealing_" + Guid.NewGuid().ToString("N") : null;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = folder,
            ["Auth:BootstrapAdminKey"] = "rk_test_admin_" + Guid.NewGuid().ToString("N"),
        };
        if (database is not null)
        {
            settings["ConnectionStrings:Recon"] = await TestDatabases.CreatePostgresDatabaseAsync(database);
        }

        var credit = Credit("A06");
        long version;
        try
        {
            await using (var first = await TestServer.StartAsync(provider, settings))
            {
                await Category(first);
                version = (await Create(first, "S9306", "上海浦江五金制品有限公司", credit)).Version;
                // As a database from before sealing holds it: plain values, no credit-code hash. The account keeps its
                // hash, so that only its missing prefix tells it is plain.
                await using var db = await first.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
                await db.Database.ExecuteSqlRawAsync(
                    "UPDATE customer SET \"CreditCode\" = {0}, \"BankAccount\" = {1}, \"CreditCodeHash\" = NULL WHERE \"Code\" = 'S9306'",
                    credit, Account);
                Assert.Equal((credit, Account, null), await RawAsync(first, "S9306"));
            }

            await using var second = await TestServer.StartAsync(provider, settings);
            var (storedCredit, storedAccount, hash) = await RawAsync(second, "S9306");
            var read = (await second.Customers(second.AdminKey).GetCustomerAsync(new GetCustomerRequest { Code = "S9306" })).Customer;
            var check = await second.Customers(second.AdminKey).CheckDuplicatesAsync(new CheckDuplicatesRequest { Name = "另一个名字的公司", CreditCode = credit });
            var (summary, _) = await ImportClient.UploadAsync(second.Imports(second.AdminKey),
                new ImportHeader { AdapterId = "template", FileName = "ledger-9306.csv", Options = { ["kind"] = "ledger" } },
                Csv("客户编码,客户名称,统一社会信用代码,日期,单据类型,单据号,金额,摘要",
                    $",浦江五金,{credit},2024-04-02,销售发票,INV-9306,100.00,只有信用代码"));

            Assert.StartsWith("enc1:", storedCredit);
            Assert.StartsWith("enc1:", storedAccount);
            Assert.NotNull(hash);
            Assert.Equal((credit, Account), (read.Fields.CreditCode, read.Fields.BankAccount));
            Assert.Equal(version, read.Version);
            Assert.True(check.Duplicate);
            Assert.Equal(1, summary.Imported);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(folder, "field.key")));
            }
        }
        finally
        {
            if (database is not null)
            {
                await TestDatabases.DropPostgresDatabaseAsync(database);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_restored_backup_holding_plain_rows_is_sealed_and_found_by_credit_code()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await Category(server);
        var credit = Credit("A08");
        await Create(server, "S9308", "上海浦江玻璃制品有限公司", credit);
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE customer SET \"CreditCode\" = {0}, \"BankAccount\" = {1}, \"CreditCodeHash\" = NULL, \"BankAccountHash\" = NULL WHERE \"Code\" = 'S9308'",
                credit, Account);
        }

        var (backup, bytes) = await MaintenanceServiceTests.BackupAsync(server);
        await MaintenanceServiceTests.RestoreAsync(server, bytes, backup.Sha256, "恢复明文时期的备份");
        var (storedCredit, storedAccount, hash) = await RawAsync(server, "S9308");
        var check = await server.Customers(server.AdminKey).CheckDuplicatesAsync(new CheckDuplicatesRequest { Name = "另一个名字的公司", CreditCode = credit });

        Assert.StartsWith("enc1:", storedCredit);
        Assert.StartsWith("enc1:", storedAccount);
        Assert.NotNull(hash);
        Assert.True(check.Duplicate);
    }

    [Fact]
    public async Task A_server_given_another_field_key_says_so_instead_of_showing_garbage()
    {
        var folder = Directory.CreateTempSubdirectory("recon-fieldkey-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = folder,
            ["Auth:BootstrapAdminKey"] = "rk_test_admin_" + Guid.NewGuid().ToString("N"),
            ["Secrets:FieldKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        };
        try
        {
            await using (var first = await TestServer.StartAsync(TestDatabases.Sqlite, settings))
            {
                await Category(first);
                await Create(first, "S9307", "上海浦江橡胶制品有限公司", Credit("A07"));
            }

            settings["Secrets:FieldKey"] = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
            await using var second = await TestServer.StartAsync(TestDatabases.Sqlite, settings);
            var refused = await Expect.Status(StatusCode.FailedPrecondition,
                () => second.Customers(second.AdminKey).GetCustomerAsync(new GetCustomerRequest { Code = "S9307" }).ResponseAsync);

            Assert.Contains("field key", refused);
            Assert.False(File.Exists(Path.Combine(folder, "field.key")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
