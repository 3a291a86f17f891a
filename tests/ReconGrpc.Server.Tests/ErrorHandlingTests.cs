using Grpc.Core;
using Grpc.Health.V1;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

public sealed class ErrorHandlingTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_oversize_message_is_refused_and_the_server_keeps_serving(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var client = server.Categories(server.AdminKey);

        await Expect.Status(StatusCode.ResourceExhausted,
            () => client.CreateCategoryAsync(new CreateCategoryRequest { Code = "60", Name = new string('大', 3 * 1024 * 1024) }).ResponseAsync);
        var after = await client.CreateCategoryAsync(new CreateCategoryRequest { Code = "60", Name = "正常" });

        Assert.Equal("60", after.Category.Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_unexpected_failure_is_internal_with_a_trace_id_and_no_internals(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await AuditTests.ExecuteSqlAsync(server, "DROP TABLE dimension");

        var detail = await Expect.Status(StatusCode.Internal,
            () => server.Categories(server.AdminKey).ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync);
        var health = await new Grpc.Health.V1.Health.HealthClient(server.Invoker(null)).CheckAsync(new HealthCheckRequest());

        Assert.Matches("trace id [0-9a-f]{32}", detail);
        Assert.DoesNotContain("dimension", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", detail, StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_refused_change_writes_neither_the_change_nor_an_audit_entry(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var client = server.Categories(server.AdminKey);
        var audit = server.Audit(server.AdminKey);
        var before = (await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest())).EntriesChecked;

        await Expect.Status(StatusCode.InvalidArgument,
            () => client.CreateCategoryAsync(new CreateCategoryRequest { Code = "6101", Name = "无父" }).ResponseAsync);
        var after = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest());

        Assert.Equal(before, after.EntriesChecked);
        Assert.Empty((await client.ListCategoriesAsync(new ListCategoriesRequest())).Categories);
    }
}
