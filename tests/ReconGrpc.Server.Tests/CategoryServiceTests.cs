using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>Categories through a real server. Each test works under a top-level code of its own.</summary>
public sealed class CategoryServiceTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static async Task<Category> Create(CategoryService.CategoryServiceClient client, string code, string name) =>
        (await client.CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = name })).Category;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_new_archive_uses_four_levels_of_two_characters(string provider)
    {
        var server = await servers.For(provider);

        var scheme = (await server.Categories(server.AdminKey).GetCodingSchemeAsync(new GetCodingSchemeRequest())).Scheme;

        Assert.Equal("2-2-2-2", scheme.Pattern);
        Assert.Equal([2, 2, 2, 2], scheme.LevelLengths);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_child_code_is_the_parents_code_plus_one_segment_and_only_the_child_is_a_leaf(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);

        await Create(client, "10", "华东区");
        var city = await Create(client, "1001", "上海");
        var region = (await client.GetCategoryAsync(new GetCategoryRequest { Code = "10" })).Category;

        Assert.Equal("10", city.ParentCode);
        Assert.Equal(2, city.Level);
        Assert.True(city.Leaf);
        Assert.False(region.Leaf);
        Assert.Equal(1, city.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Creating_a_category_with_a_code_of_the_wrong_length_is_refused(string provider)
    {
        var server = await servers.For(provider);

        var detail = await Expect.Status(StatusCode.InvalidArgument,
            () => server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "110", Name = "三位" }).ResponseAsync);

        Assert.Contains("2-2-2-2", detail);
        Assert.Contains("3 characters", detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Creating_a_category_with_an_unknown_parent_is_refused(string provider)
    {
        var server = await servers.For(provider);

        var detail = await Expect.Status(StatusCode.InvalidArgument,
            () => server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "1201", Name = "孤儿" }).ResponseAsync);

        Assert.Contains("parent category '12'", detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Creating_a_category_with_a_bad_character_is_refused(string provider)
    {
        var server = await servers.For(provider);

        var detail = await Expect.Status(StatusCode.InvalidArgument,
            () => server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "1-", Name = "横线" }).ResponseAsync);

        Assert.Contains("'-'", detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Creating_a_category_with_a_code_in_use_is_refused(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);
        await Create(client, "13", "华南区");

        var detail = await Expect.Status(StatusCode.AlreadyExists,
            () => client.CreateCategoryAsync(new CreateCategoryRequest { Code = "13", Name = "另一个" }).ResponseAsync);

        Assert.Contains("'13'", detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Sibling_names_must_differ_but_cousins_may_share_a_name(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);
        await Create(client, "14", "华北区");
        await Create(client, "15", "西北区");
        await Create(client, "1401", "直营");

        var detail = await Expect.Status(StatusCode.AlreadyExists,
            () => client.CreateCategoryAsync(new CreateCategoryRequest { Code = "1402", Name = " 直营 " }).ResponseAsync);
        var cousin = await Create(client, "1501", "直营");

        Assert.Contains("'1401'", detail);
        Assert.Equal("1501", cousin.Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Deleting_a_category_with_children_is_refused_and_a_leaf_can_be_deleted(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);
        var parent = await Create(client, "16", "西南区");
        var child = await Create(client, "1601", "成都");

        await Expect.Status(StatusCode.FailedPrecondition,
            () => client.DeleteCategoryAsync(new DeleteCategoryRequest { Code = "16", Version = parent.Version }).ResponseAsync);
        await client.DeleteCategoryAsync(new DeleteCategoryRequest { Code = "1601", Version = child.Version });
        await client.DeleteCategoryAsync(new DeleteCategoryRequest { Code = "16", Version = parent.Version });

        await Expect.Status(StatusCode.NotFound, () => client.GetCategoryAsync(new GetCategoryRequest { Code = "16" }).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_update_carrying_a_stale_version_is_aborted(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);
        var read = await Create(client, "17", "东北区");
        var renamed = (await client.UpdateCategoryAsync(new UpdateCategoryRequest { Code = "17", Name = "东北大区", Version = read.Version })).Category;

        await Expect.Status(StatusCode.Aborted,
            () => client.UpdateCategoryAsync(new UpdateCategoryRequest { Code = "17", Name = "东三省", Version = read.Version }).ResponseAsync);

        Assert.Equal(read.Version + 1, renamed.Version);
        Assert.Equal("东北大区", (await client.GetCategoryAsync(new GetCategoryRequest { Code = "17" })).Category.Name);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_renames_from_the_same_version_let_exactly_one_win(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);
        var read = await Create(client, "18", "华中区");

        var attempts = Enumerable.Range(1, 6).Select(async i =>
        {
            try
            {
                await client.UpdateCategoryAsync(new UpdateCategoryRequest { Code = "18", Name = $"华中{i}", Version = read.Version });
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        });
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.Aborted, o));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Listing_gives_the_whole_tree_a_subtree_or_one_level_in_code_order(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);
        foreach (var (code, name) in new[] { ("20", "A"), ("2001", "A1"), ("200101", "A1a"), ("2002", "A2"), ("21", "B") })
        {
            await Create(client, code, name);
        }

        var subtree = await client.ListCategoriesAsync(new ListCategoriesRequest { RootCode = "20" });
        var children = await client.ListCategoriesAsync(new ListCategoriesRequest { RootCode = "20", Depth = CategoryListDepth.Children });
        var topLevel = await client.ListCategoriesAsync(new ListCategoriesRequest { Depth = CategoryListDepth.Children });
        var whole = await client.ListCategoriesAsync(new ListCategoriesRequest());

        Assert.Equal(["20", "2001", "200101", "2002"], subtree.Categories.Select(c => c.Code));
        Assert.Equal(["2001", "2002"], children.Categories.Select(c => c.Code));
        Assert.Contains("21", topLevel.Categories.Select(c => c.Code));
        Assert.All(topLevel.Categories, c => Assert.Equal(1, c.Level));
        Assert.Equal(whole.Categories.Select(c => c.Code).Order(StringComparer.Ordinal), whole.Categories.Select(c => c.Code));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Listing_pages_with_a_token_until_the_last_page(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);
        await Create(client, "30", "分页");
        for (var i = 1; i <= 7; i++)
        {
            await Create(client, $"30{i:00}", $"第{i}");
        }

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await client.ListCategoriesAsync(new ListCategoriesRequest { RootCode = "30", Depth = CategoryListDepth.Children, PageSize = 3, PageToken = token });
            seen.AddRange(page.Categories.Select(c => c.Code));
            token = page.NextPageToken;
            pages++;
        }
        while (token != "");

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"30{i:00}"), seen);
        await Expect.Status(StatusCode.InvalidArgument,
            () => client.ListCategoriesAsync(new ListCategoriesRequest { PageToken = "%%not-a-token%%" }).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dimensions_keep_their_allowed_values_and_refuse_duplicates_and_stale_updates(string provider)
    {
        var server = await servers.For(provider);
        var client = server.Categories(server.AdminKey);
        var created = (await client.CreateDimensionAsync(new CreateDimensionRequest
        {
            Code = "customer_type", Name = "客户类型", AllowedValues = { "经销商", "终端客户" },
        })).Dimension;

        await Expect.Status(StatusCode.AlreadyExists, () => client.CreateDimensionAsync(new CreateDimensionRequest
        {
            Code = "customer_type", Name = "别的", AllowedValues = { "x" },
        }).ResponseAsync);
        await Expect.Status(StatusCode.InvalidArgument, () => client.CreateDimensionAsync(new CreateDimensionRequest
        {
            Code = "credit_grade", Name = "信用等级", AllowedValues = { "A", "A" },
        }).ResponseAsync);
        var updated = (await client.UpdateDimensionAsync(new UpdateDimensionRequest
        {
            Code = "customer_type", Name = "客户类型", AllowedValues = { "经销商", "终端客户", "大客户" }, Version = created.Version,
        })).Dimension;
        await Expect.Status(StatusCode.Aborted, () => client.UpdateDimensionAsync(new UpdateDimensionRequest
        {
            Code = "customer_type", Name = "客户类型", AllowedValues = { "经销商" }, Version = created.Version,
        }).ResponseAsync);
        var listed = await client.ListDimensionsAsync(new ListDimensionsRequest());

        Assert.Equal(["经销商", "终端客户", "大客户"], updated.AllowedValues);
        Assert.Contains(listed.Dimensions, d => d.Code == "customer_type" && d.AllowedValues.Count == 3);
    }
}

/// <summary>The coding scheme is global state, so each test has a server of its own.</summary>
public sealed class CodingSchemeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Lengthening_a_level_in_use_is_refused_but_changing_unused_levels_is_allowed(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var client = server.Categories(server.AdminKey);
        await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "01", Name = "华东区" });
        await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "0101", Name = "上海" });
        var scheme = (await client.GetCodingSchemeAsync(new GetCodingSchemeRequest())).Scheme;

        var detail = await Expect.Status(StatusCode.FailedPrecondition,
            () => client.SetCodingSchemeAsync(new SetCodingSchemeRequest { LevelLengths = { 2, 3, 2 }, Version = scheme.Version }).ResponseAsync);
        var changed = (await client.SetCodingSchemeAsync(new SetCodingSchemeRequest { LevelLengths = { 2, 2, 3 }, Version = scheme.Version })).Scheme;
        var deeper = (await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "0101001", Name = "浦东" })).Category;

        Assert.Contains("Level 2", detail);
        Assert.Equal("2-2-3", changed.Pattern);
        Assert.Equal(3, deeper.Level);
        await Expect.Status(StatusCode.FailedPrecondition,
            () => client.SetCodingSchemeAsync(new SetCodingSchemeRequest { LevelLengths = { 2, 2 }, Version = changed.Version }).ResponseAsync);
        await Expect.Status(StatusCode.Aborted,
            () => client.SetCodingSchemeAsync(new SetCodingSchemeRequest { LevelLengths = { 2, 2, 3, 3 }, Version = scheme.Version }).ResponseAsync);
        await Expect.Status(StatusCode.InvalidArgument,
            () => client.SetCodingSchemeAsync(new SetCodingSchemeRequest { LevelLengths = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 }, Version = changed.Version }).ResponseAsync);
    }
}
