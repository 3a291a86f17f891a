using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using DomainDocumentType = ReconGrpc.Domain.Ledger.DocumentType;
using DomainLedgerEntry = ReconGrpc.Domain.Ledger.LedgerEntry;
using LedgerEntryDraft = ReconGrpc.Domain.Ledger.LedgerEntryDraft;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>The customer archive through a real server. Each test works under category codes and names of its own.</summary>
public sealed class CustomerServiceTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static async Task Categories(TestServer server, params (string Code, string Name)[] categories)
    {
        foreach (var (code, name) in categories)
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = name });
        }
    }

    private static CustomerFields Fields(string code, string name, string category, string creditCode = "") => new()
    {
        Code = code, Name = name, CategoryCode = category, CreditCode = creditCode,
    };

    private static async Task<Customer> Create(TestServer server, CustomerFields fields) =>
        (await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest { Fields = fields })).Customer;

    private static async Task AddLedgerEntry(TestServer server, string customerCode)
    {
        var contexts = server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        db.LedgerEntries.Add(DomainLedgerEntry.Create(
            new LedgerEntryDraft(customerCode, new DateOnly(2026, 10, 8), DomainDocumentType.SalesInvoice, "INV-" + customerCode, 1200.50m), server.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_customer_is_stored_with_a_generated_mnemonic_and_exact_money(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, ("10", "华东区"), ("1001", "上海"));
        var fields = Fields("C1001", "上海华联超市有限公司", "1001", "91350100M000100Y43");
        fields.CreditLimit = new DecimalValue { Value = "50000.05" };
        fields.DefaultTaxRate = new DecimalValue { Value = "0.13" };
        fields.PaymentTermsDays = 45;

        var created = await Create(server, fields);
        var read = (await server.Customers(server.AdminKey).GetCustomerAsync(new GetCustomerRequest { Code = "C1001" })).Customer;

        Assert.Equal("SHHLCSYXGS", created.Fields.Mnemonic);
        Assert.Equal("50000.05", read.Fields.CreditLimit.Value);
        Assert.Equal(0.13m, decimal.Parse(read.Fields.DefaultTaxRate.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(45, read.Fields.PaymentTermsDays);
        Assert.Equal(CustomerStatus.Active, read.Fields.Status);
        Assert.Equal(created.Id, (await server.Customers(server.AdminKey).GetCustomerAsync(new GetCustomerRequest { Id = created.Id })).Customer.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_customer_goes_on_a_leaf_category_only(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, ("11", "华南区"), ("1101", "广州"));
        var client = server.Customers(server.AdminKey);

        var onParent = await Expect.Status(StatusCode.FailedPrecondition,
            () => client.CreateCustomerAsync(new CreateCustomerRequest { Fields = Fields("C1101", "广州恒通物流有限公司", "11") }).ResponseAsync);
        await Expect.Status(StatusCode.InvalidArgument,
            () => client.CreateCustomerAsync(new CreateCustomerRequest { Fields = Fields("C1101", "广州恒通物流有限公司", "1199") }).ResponseAsync);
        await Create(server, Fields("C1101", "广州恒通物流有限公司", "1101"));
        var childUnderCustomers = await Expect.Status(StatusCode.FailedPrecondition,
            () => server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "110101", Name = "天河" }).ResponseAsync);
        var deleteWithCustomers = await Expect.Status(StatusCode.FailedPrecondition,
            () => server.Categories(server.AdminKey).DeleteCategoryAsync(new DeleteCategoryRequest { Code = "1101", Version = 1 }).ResponseAsync);

        Assert.Contains("leaf", onParent);
        Assert.Contains("customer", childUnderCustomers);
        Assert.Contains("customer", deleteWithCustomers);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_wrong_credit_code_check_character_is_refused_as_such(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, ("12", "华北区"));

        var detail = await Expect.Status(StatusCode.InvalidArgument, () => server.Customers(server.AdminKey)
            .CreateCustomerAsync(new CreateCustomerRequest { Fields = Fields("C1201", "北京瑞丰科技有限公司", "12", "91350100M000100Y44") }).ResponseAsync);

        Assert.Contains("check character", detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Duplicates_are_refused_naming_the_existing_customer_and_near_duplicates_are_warned_about(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, ("13", "西南区"));
        var client = server.Customers(server.AdminKey);
        await Create(server, Fields("C1301", "成都鑫源食品有限公司", "13", "91110000600037341L"));

        var sameCredit = await Expect.Status(StatusCode.AlreadyExists, () => client.CreateCustomerAsync(
            new CreateCustomerRequest { Fields = Fields("C1302", "完全不同贸易有限公司", "13", "91110000600037341L") }).ResponseAsync);
        var sameName = await Expect.Status(StatusCode.AlreadyExists, () => client.CreateCustomerAsync(
            new CreateCustomerRequest { Fields = Fields("C1303", "成都鑫源食品有限责任公司", "13") }).ResponseAsync);
        var fullWidth = await Expect.Status(StatusCode.AlreadyExists, () => client.CreateCustomerAsync(
            new CreateCustomerRequest { Fields = Fields("C1304", "成都 鑫源食品有限公司", "13") }).ResponseAsync);
        var near = await client.CreateCustomerAsync(new CreateCustomerRequest { Fields = Fields("C1305", "成都鑫园食品有限公司", "13") });
        var shares = await client.CreateCustomerAsync(new CreateCustomerRequest { Fields = Fields("C1306", "成都鑫源食品股份有限公司", "13") });
        var check = await client.CheckDuplicatesAsync(new CheckDuplicatesRequest { Name = "成都鑫源食品（有限公司）" });
        var checkCandidate = await client.CheckDuplicatesAsync(new CheckDuplicatesRequest { Name = "成都鑫源食品有限公司" });

        Assert.Contains("C1301", sameCredit);
        Assert.Contains("C1301", sameName);
        Assert.Contains("C1301", fullWidth);
        Assert.Contains(near.Warnings, w => w.CustomerCode == "C1301");
        Assert.Equal("C1306", shares.Customer.Fields.Code);
        Assert.True(checkCandidate.Duplicate);
        Assert.Contains("C1301", checkCandidate.DuplicateReason);
        Assert.False(check.Duplicate);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Updates_carry_the_version_and_never_change_the_code(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, ("14", "西北区"));
        var client = server.Customers(server.AdminKey);
        var created = await Create(server, Fields("C1401", "西安宏达建材有限公司", "14"));

        var fields = created.Fields.Clone();
        fields.Phone = "029-88886666";
        var updated = (await client.UpdateCustomerAsync(new UpdateCustomerRequest { Id = created.Id, Fields = fields, Version = created.Version })).Customer;
        await Expect.Status(StatusCode.Aborted,
            () => client.UpdateCustomerAsync(new UpdateCustomerRequest { Id = created.Id, Fields = fields, Version = created.Version }).ResponseAsync);
        var renamedCode = updated.Fields.Clone();
        renamedCode.Code = "C1499";
        await Expect.Status(StatusCode.InvalidArgument,
            () => client.UpdateCustomerAsync(new UpdateCustomerRequest { Id = created.Id, Fields = renamedCode, Version = updated.Version }).ResponseAsync);

        Assert.Equal("029-88886666", updated.Fields.Phone);
        Assert.Equal(created.Version + 1, updated.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_customer_with_ledger_entries_cannot_be_deleted_or_moved_except_by_reclassification(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, ("15", "华中区"), ("1501", "武汉"), ("1502", "长沙"));
        var client = server.Customers(server.AdminKey);
        var plain = await Create(server, Fields("C1501", "武汉金鼎五金有限公司", "1501"));
        var trading = await Create(server, Fields("C1502", "武汉盛世医药有限公司", "1501"));
        await AddLedgerEntry(server, "C1502");

        await client.DeleteCustomerAsync(new DeleteCustomerRequest { Id = plain.Id, Version = plain.Version });
        var refusedDelete = await Expect.Status(StatusCode.FailedPrecondition,
            () => client.DeleteCustomerAsync(new DeleteCustomerRequest { Id = trading.Id, Version = trading.Version }).ResponseAsync);
        var moved = trading.Fields.Clone();
        moved.CategoryCode = "1502";
        var refusedMove = await Expect.Status(StatusCode.FailedPrecondition,
            () => client.UpdateCustomerAsync(new UpdateCustomerRequest { Id = trading.Id, Fields = moved, Version = trading.Version }).ResponseAsync);
        // Its first category holds since always, so the move may reach back into past periods; a later one may not
        // reach back before it.
        var reclassified = (await client.ReclassifyCustomerAsync(new ReclassifyCustomerRequest
        {
            Id = trading.Id, CategoryCode = "1502", EffectiveDate = new Date { Year = 2024, Month = 4, Day = 1 }, Reason = "业务移交长沙办事处", Version = trading.Version,
        })).Customer;
        var refusedBack = await Expect.Status(StatusCode.InvalidArgument, () => client.ReclassifyCustomerAsync(new ReclassifyCustomerRequest
        {
            Id = trading.Id, CategoryCode = "1501", EffectiveDate = new Date { Year = 2024, Month = 3, Day = 31 }, Reason = "撤回", Version = reclassified.Version,
        }).ResponseAsync);
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "customer", EntityId = "C1502", ActionPrefix = "customer.reclassify" });

        Assert.Contains("freeze", refusedDelete);
        Assert.Contains("ReclassifyCustomer", refusedMove);
        Assert.Equal("1502", reclassified.Fields.CategoryCode);
        Assert.Contains("2024-04-01, when customer 'C1502' was last reclassified", refusedBack);
        Assert.Contains("业务移交长沙办事处", Assert.Single(audit.Entries).Reason);
        await Expect.Status(StatusCode.NotFound, () => client.GetCustomerAsync(new GetCustomerRequest { Id = plain.Id }).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Search_finds_by_name_or_mnemonic_prefix_category_dimension_status_and_credit_limit(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, ("16", "东北区"), ("1601", "沈阳"), ("1602", "大连"));
        await server.Categories(server.AdminKey).CreateDimensionAsync(new CreateDimensionRequest
        {
            Code = "dealer_kind", Name = "经销类型", AllowedValues = { "经销商", "终端客户" },
        });
        var client = server.Customers(server.AdminKey);
        var a = await Create(server, WithLimit(Fields("S1601", "沈阳华联超市有限公司", "1601"), "80000"));
        var b = await Create(server, WithLimit(Fields("S1602", "大连华联商贸有限公司", "1602"), "20000"));
        var c = await Create(server, Fields("S1603", "沈阳永辉物流有限公司", "1601"));
        await client.SetCustomerDimensionsAsync(new SetCustomerDimensionsRequest { Id = a.Id, Version = a.Version, Dimensions = { ["dealer_kind"] = "经销商" } });
        var frozen = c.Fields.Clone();
        frozen.Status = CustomerStatus.Frozen;
        await client.UpdateCustomerAsync(new UpdateCustomerRequest { Id = c.Id, Fields = frozen, Version = c.Version });

        async Task<IEnumerable<string>> Codes(SearchCustomersRequest request) => (await client.SearchCustomersAsync(request)).Customers.Select(x => x.Fields.Code);

        Assert.Equal(["S1601", "S1603"], await Codes(new SearchCustomersRequest { Prefix = "沈阳" }));
        Assert.Equal(["S1601", "S1603"], await Codes(new SearchCustomersRequest { Prefix = "sy" }));
        Assert.Equal(["S1601", "S1602", "S1603"], await Codes(new SearchCustomersRequest { CategoryCode = "16", IncludeDescendants = true }));
        Assert.Empty(await Codes(new SearchCustomersRequest { CategoryCode = "16" }));
        Assert.Equal(["S1601"], await Codes(new SearchCustomersRequest { Dimensions = { ["dealer_kind"] = "经销商" } }));
        Assert.Equal(["S1603"], await Codes(new SearchCustomersRequest { CategoryCode = "1601", Status = CustomerStatus.Frozen }));
        Assert.Equal(["S1601"], await Codes(new SearchCustomersRequest { CategoryCode = "16", IncludeDescendants = true, MinCreditLimit = new DecimalValue { Value = "50000" } }));
        Assert.Equal(["S1602"], await Codes(new SearchCustomersRequest { CategoryCode = "16", IncludeDescendants = true, MaxCreditLimit = new DecimalValue { Value = "20000.00" } }));
        var first = await client.SearchCustomersAsync(new SearchCustomersRequest { CategoryCode = "16", IncludeDescendants = true, PageSize = 2 });
        var second = await client.SearchCustomersAsync(new SearchCustomersRequest { CategoryCode = "16", IncludeDescendants = true, PageSize = 2, PageToken = first.NextPageToken });
        Assert.Equal(["S1601", "S1602"], first.Customers.Select(x => x.Fields.Code));
        Assert.Equal(["S1603"], second.Customers.Select(x => x.Fields.Code));
        Assert.Equal(b.Id, (await client.SearchCustomersAsync(new SearchCustomersRequest { Prefix = "S1602" })).Customers.Single().Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dimension_values_must_be_allowed_values_of_existing_dimensions(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, ("17", "港澳"));
        await server.Categories(server.AdminKey).CreateDimensionAsync(new CreateDimensionRequest { Code = "grade17", Name = "信用等级17", AllowedValues = { "A", "B" } });
        var customer = await Create(server, Fields("C1701", "澳门濠江贸易有限公司", "17"));
        var client = server.Customers(server.AdminKey);

        var badValue = await Expect.Status(StatusCode.InvalidArgument, () => client.SetCustomerDimensionsAsync(new SetCustomerDimensionsRequest
        {
            Id = customer.Id, Version = customer.Version, Dimensions = { ["grade17"] = "C" },
        }).ResponseAsync);
        await Expect.Status(StatusCode.InvalidArgument, () => client.SetCustomerDimensionsAsync(new SetCustomerDimensionsRequest
        {
            Id = customer.Id, Version = customer.Version, Dimensions = { ["no_such"] = "A" },
        }).ResponseAsync);

        Assert.Contains("allowed", badValue);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_viewer_may_search_but_not_create_customers(string provider)
    {
        var server = await servers.For(provider);
        var viewer = await server.CreateKeyAsync(Role.Viewer);

        await server.Customers(viewer).SearchCustomersAsync(new SearchCustomersRequest());
        await Expect.Status(StatusCode.PermissionDenied, () => server.Customers(viewer)
            .CreateCustomerAsync(new CreateCustomerRequest { Fields = Fields("V1", "查看者公司", "01") }).ResponseAsync);
    }

    private static CustomerFields WithLimit(CustomerFields fields, string limit)
    {
        fields.CreditLimit = new DecimalValue { Value = limit };
        return fields;
    }
}

public sealed class DataQualityServiceTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_data_quality_check_names_each_customer_and_rule(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var categories = server.Categories(server.AdminKey);
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "01", Name = "华东区" });
        var customers = server.Customers(server.AdminKey);
        await customers.CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields
        {
            Code = "Q1", Name = "杭州嘉禾纺织有限公司", CategoryCode = "01", CreditCode = "91330000MA27U0G62X",
            Address = "杭州市", Phone = "0571-1", Contact = "王", BankAccount = "1",
        } });
        await customers.CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = "Q2", Name = "杭州嘉和纺织有限公司", CategoryCode = "01" } });
        // A customer left on a category that later got children, as legacy archives have: made directly in the database.
        await AuditTests.ExecuteSqlAsync(server, "INSERT INTO category (\"Code\", \"Name\", \"ParentCode\", \"Level\", \"Version\", \"CreatedAt\", \"UpdatedAt\") " +
            (provider == TestDatabases.Sqlite ? "VALUES ('0101', '杭州', '01', 2, 1, 0, 0)" : "VALUES ('0101', '杭州', '01', 2, 1, now(), now())"));

        var report = await customers.RunDataQualityCheckAsync(new RunDataQualityCheckRequest());

        Assert.Equal(2, report.CustomersChecked);
        Assert.Contains(report.Findings, f => f is { CustomerCode: "Q1", Rule: "near_duplicate" });
        Assert.Contains(report.Findings, f => f is { CustomerCode: "Q2", Rule: "missing_field" });
        Assert.Contains(report.Findings, f => f is { CustomerCode: "Q1", Rule: "non_leaf_category" });
        Assert.DoesNotContain(report.Findings, f => f is { CustomerCode: "Q1", Rule: "missing_field" });
    }
}
