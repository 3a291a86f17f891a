using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Data;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

public sealed class AuthTests(ServerPool servers) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Health_answers_without_a_key_and_reports_the_database_serving(string provider)
    {
        var server = await servers.For(provider);
        var health = new Grpc.Health.V1.Health.HealthClient(server.Invoker(null));

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_call_without_a_key_is_unauthenticated(string provider)
    {
        var server = await servers.For(provider);

        var detail = await Expect.Status(StatusCode.Unauthenticated,
            () => server.Categories(null).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);

        Assert.Contains("authorization: Bearer", detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_call_with_an_unknown_key_is_unauthenticated(string provider)
    {
        var server = await servers.For(provider);

        await Expect.Status(StatusCode.Unauthenticated,
            () => server.Categories("rk_not_a_real_key").GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_viewer_may_read_but_not_change(string provider)
    {
        var server = await servers.For(provider);
        var viewer = await server.CreateKeyAsync(Role.Viewer);

        await server.Categories(viewer).ListCategoriesAsync(new ListCategoriesRequest());
        var detail = await Expect.Status(StatusCode.PermissionDenied,
            () => server.Categories(viewer).CreateCategoryAsync(new CreateCategoryRequest { Code = "91", Name = "viewer's" }).ResponseAsync);

        Assert.Contains("needs accountant", detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_accountant_may_change_business_data_but_not_keys_or_the_scheme(string provider)
    {
        var server = await servers.For(provider);
        var accountant = await server.CreateKeyAsync(Role.Accountant);

        await server.Categories(accountant).CreateCategoryAsync(new CreateCategoryRequest { Code = "92", Name = "accountant's" });
        await Expect.Status(StatusCode.PermissionDenied,
            () => server.Admin(accountant).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "x", Role = Role.Admin }).ResponseAsync);
        await Expect.Status(StatusCode.PermissionDenied,
            () => server.Categories(accountant).SetCodingSchemeAsync(new SetCodingSchemeRequest { LevelLengths = { 2, 2 }, Version = 1 }).ResponseAsync);
        await Expect.Status(StatusCode.PermissionDenied,
            () => server.Audit(accountant).VerifyAuditChainAsync(new VerifyAuditChainRequest()).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_revoked_key_is_refused_from_then_on(string provider)
    {
        var server = await servers.For(provider);
        var created = await server.Admin(server.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "leaving", Role = Role.Viewer });
        await server.Categories(created.Secret).GetCodingSchemeAsync(new GetCodingSchemeRequest());

        var revoked = await server.Admin(server.AdminKey).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = created.ApiKey.Id });

        Assert.NotNull(revoked.ApiKey.RevokeTime);
        await Expect.Status(StatusCode.Unauthenticated,
            () => server.Categories(created.Secret).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);
        await Expect.Status(StatusCode.FailedPrecondition,
            () => server.Admin(server.AdminKey).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = created.ApiKey.Id }).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_key_revoked_by_another_instance_is_refused_here_once_its_verification_expires(string provider)
    {
        var clock = new TestClock();
        await using var server = await TestServer.StartAsync(provider, new Dictionary<string, string?> { ["Auth:KeyCacheSeconds"] = "5" }, clock: clock);
        await using var uncached = await TestServer.StartAsync(provider, new Dictionary<string, string?> { ["Auth:KeyCacheSeconds"] = "0" });
        var created = await server.Admin(server.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "shared", Role = Role.Viewer });
        await server.Categories(created.Secret).GetCodingSchemeAsync(new GetCodingSchemeRequest());
        var other = await uncached.Admin(uncached.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "shared", Role = Role.Viewer });
        await uncached.Categories(other.Secret).GetCodingSchemeAsync(new GetCodingSchemeRequest());

        // What another instance on the same database does when it revokes them: the rows change, this server is not told.
        await RevokeInDatabaseAsync(server, created.ApiKey.Id);
        await RevokeInDatabaseAsync(uncached, other.ApiKey.Id);

        // Looked up on every call, the key is refused at once; verified moments ago, it is trusted until that expires.
        await Expect.Status(StatusCode.Unauthenticated,
            () => uncached.Categories(other.Secret).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);
        await server.Categories(created.Secret).GetCodingSchemeAsync(new GetCodingSchemeRequest());
        clock.Advance(TimeSpan.FromSeconds(6));
        await Expect.Status(StatusCode.Unauthenticated,
            () => server.Categories(created.Secret).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);
    }

    private static async Task RevokeInDatabaseAsync(TestServer server, string keyId)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        var key = await db.ApiKeys.SingleAsync(k => k.Id == keyId);
        key.Revoke(server.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Keys_are_listed_without_secrets_and_revoked_ones_only_on_request(string provider)
    {
        var server = await servers.For(provider);
        var admin = server.Admin(server.AdminKey);
        var kept = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "kept", Role = Role.Accountant });
        var gone = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "gone", Role = Role.Viewer });
        await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = gone.ApiKey.Id });

        var active = await admin.ListApiKeysAsync(new ListApiKeysRequest());
        var all = await admin.ListApiKeysAsync(new ListApiKeysRequest { IncludeRevoked = true });

        Assert.Contains(active.ApiKeys, k => k.Id == kept.ApiKey.Id && k.Role == Role.Accountant);
        Assert.DoesNotContain(active.ApiKeys, k => k.Id == gone.ApiKey.Id);
        Assert.Contains(all.ApiKeys, k => k.Id == gone.ApiKey.Id);
        Assert.DoesNotContain(all.ApiKeys.ToString(), kept.Secret, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Creating_a_key_without_a_role_is_refused(string provider)
    {
        var server = await servers.For(provider);

        await Expect.Status(StatusCode.InvalidArgument,
            () => server.Admin(server.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "no role" }).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reflection_describes_the_services_to_a_key_holder(string provider)
    {
        var server = await servers.For(provider);
        var viewer = await server.CreateKeyAsync(Role.Viewer);
        var reflection = new ServerReflection.ServerReflectionClient(server.Invoker(viewer));

        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("recon.v1.CategoryService", services);
        Assert.Contains("recon.v1.AdminService", services);
    }
}

public sealed class BootstrapTests
{
    [Fact]
    public async Task Without_a_configured_key_a_first_admin_key_is_generated_into_an_owner_only_file()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Auth:BootstrapAdminKey"] = null });
        var file = Path.Combine(server.DataFolder, "data", "bootstrap-admin.key");

        var secret = (await File.ReadAllTextAsync(file)).Trim();
        var keys = await server.Admin(secret).ListApiKeysAsync(new ListApiKeysRequest());

        Assert.StartsWith("rk_", secret, StringComparison.Ordinal);
        Assert.Single(keys.ApiKeys, k => k.Role == Role.Admin && k.CreatedBy == "bootstrap");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }
}
