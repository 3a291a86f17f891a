using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

public sealed class AuditTests(ServerPool servers) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Every_change_is_audited_with_who_what_before_and_after(string provider)
    {
        var server = await servers.For(provider);
        var created = await server.Admin(server.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "clerk", Role = Role.Accountant });
        var clerk = server.Categories(created.Secret);
        var category = (await clerk.CreateCategoryAsync(new CreateCategoryRequest { Code = "40", Name = "审计" })).Category;
        await clerk.UpdateCategoryAsync(new UpdateCategoryRequest { Code = "40", Name = "审计区", Version = category.Version });

        var entries = (await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            EntityType = "category", EntityId = "40",
        })).Entries;

        Assert.Equal(["category.create", "category.update"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(created.ApiKey.Id, e.Actor));
        Assert.Equal("", entries[0].BeforeJson);
        Assert.Equal("审计", JsonDocument.Parse(entries[1].BeforeJson).RootElement.GetProperty("name").GetString());
        Assert.Equal("审计区", JsonDocument.Parse(entries[1].AfterJson).RootElement.GetProperty("name").GetString());
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Audit_entries_filter_by_actor_and_action_and_page(string provider)
    {
        var server = await servers.For(provider);
        var created = await server.Admin(server.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "pager", Role = Role.Accountant });
        for (var i = 1; i <= 5; i++)
        {
            await server.Categories(created.Secret).CreateCategoryAsync(new CreateCategoryRequest { Code = $"4{i}", Name = $"页{i}" });
        }

        var audit = server.Audit(server.AdminKey);
        var first = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = created.ApiKey.Id, ActionPrefix = "category.", PageSize = 3 });
        var second = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = created.ApiKey.Id, ActionPrefix = "category.", PageSize = 3, PageToken = first.NextPageToken });

        Assert.Equal(3, first.Entries.Count);
        Assert.Equal(2, second.Entries.Count);
        Assert.Equal("", second.NextPageToken);
        Assert.True(first.Entries[^1].Sequence < second.Entries[0].Sequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_changes_leave_one_gapless_intact_chain(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var client = server.Categories(server.AdminKey);

        await Task.WhenAll(Enumerable.Range(10, 20).Select(i =>
            client.CreateCategoryAsync(new CreateCategoryRequest { Code = $"{i}", Name = $"并发{i}" }).ResponseAsync));
        var verdict = await server.Audit(server.AdminKey).VerifyAuditChainAsync(new VerifyAuditChainRequest());

        Assert.True(verdict.Intact, verdict.Problem);
        Assert.Equal(21, verdict.EntriesChecked); // the bootstrap key and twenty categories
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verification_finds_an_entry_edited_in_the_database(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await MakeThreeChangesAsync(server);

        await ExecuteSqlAsync(server, "UPDATE audit_entry SET \"EntityId\" = 'forged' WHERE \"Sequence\" = 2");
        var verdict = await server.Audit(server.AdminKey).VerifyAuditChainAsync(new VerifyAuditChainRequest());

        Assert.False(verdict.Intact);
        Assert.Equal(2, verdict.FirstBrokenSequence);
        Assert.Contains("changed after it was written", verdict.Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Verification_finds_an_entry_deleted_from_the_middle_or_the_end(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await MakeThreeChangesAsync(server);
        var audit = server.Audit(server.AdminKey);

        await ExecuteSqlAsync(server, "DELETE FROM audit_entry WHERE \"Sequence\" = 4");
        var cutAtEnd = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest());
        await ExecuteSqlAsync(server, "DELETE FROM audit_entry WHERE \"Sequence\" = 2");
        var cutInMiddle = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest());

        Assert.False(cutAtEnd.Intact);
        Assert.Equal(4, cutAtEnd.FirstBrokenSequence);
        Assert.False(cutInMiddle.Intact);
        Assert.Equal(2, cutInMiddle.FirstBrokenSequence);
        Assert.Contains("missing", cutInMiddle.Problem);
    }

    private static async Task MakeThreeChangesAsync(TestServer server)
    {
        var client = server.Categories(server.AdminKey);
        await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "50", Name = "一" });
        await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "51", Name = "二" });
        await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "52", Name = "三" });
        var intact = await server.Audit(server.AdminKey).VerifyAuditChainAsync(new VerifyAuditChainRequest());
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(4, intact.EntriesChecked);
    }

    internal static async Task ExecuteSqlAsync(TestServer server, string sql)
    {
        var contexts = server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
