using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Extensions;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>Admin keys cannot all be lost by revoking them, configured ones must be strong, and there is a way back in.</summary>
public sealed class AdminKeyTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_last_active_admin_key_cannot_be_revoked(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var bootstrapId = await KeyIdAsync(server, server.AdminKey, "bootstrap");

        var detail = await Expect.Status(StatusCode.FailedPrecondition,
            () => server.Admin(server.AdminKey).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = bootstrapId }).ResponseAsync);
        Assert.Contains("last active admin key", detail);

        // With a second admin key the first may go; then the second is the last one.
        var second = await server.Admin(server.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "second admin", Role = Role.Admin });
        await server.Admin(second.Secret).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = bootstrapId });
        await Expect.Status(StatusCode.FailedPrecondition,
            () => server.Admin(second.Secret).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = second.ApiKey.Id }).ResponseAsync);

        var active = await server.Admin(second.Secret).ListApiKeysAsync(new ListApiKeysRequest());
        Assert.Contains(active.ApiKeys, k => k.Id == second.ApiKey.Id && k.Role == Role.Admin);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Two_admins_revoking_each_others_keys_at_once_leave_one_admin_key(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var admin = server.Admin(server.AdminKey);
        var bootstrapId = await KeyIdAsync(server, server.AdminKey, "bootstrap");
        var second = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "second admin", Role = Role.Admin });

        var results = await Task.WhenAll(
            Outcome(() => server.Admin(second.Secret).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = bootstrapId }).ResponseAsync),
            Outcome(() => server.Admin(server.AdminKey).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = second.ApiKey.Id }).ResponseAsync));

        // Either order may win, or one caller finds its own key revoked first; never are both keys revoked.
        Assert.Contains(StatusCode.OK, results);
        var survivor = results[0] == StatusCode.OK ? second.Secret : server.AdminKey;
        var active = await server.Admin(survivor).ListApiKeysAsync(new ListApiKeysRequest());
        Assert.Single(active.ApiKeys, k => k.Role == Role.Admin);
    }

    [Fact]
    public async Task A_recovery_key_given_on_start_becomes_an_admin_key_once()
    {
        var folder = Directory.CreateTempSubdirectory("recon-recovery-").FullName;
        var recovery = "rk_recovery_" + Guid.NewGuid().ToString("N");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = folder,
            ["Auth:BootstrapAdminKey"] = "rk_test_admin_" + Guid.NewGuid().ToString("N"),
        };
        try
        {
            // Every admin secret is lost: the bootstrap key was revoked and the key that revoked it is gone.
            await using (var first = await TestServer.StartAsync(TestDatabases.Sqlite, settings))
            {
                var lost = await first.Admin(first.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "lost", Role = Role.Admin });
                await first.Admin(lost.Secret).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = await KeyIdAsync(first, lost.Secret, "bootstrap") });
            }

            settings["Auth:RecoveryAdminKey"] = recovery;
            string recoveryId;
            string successor;
            await using (var recovered = await TestServer.StartAsync(TestDatabases.Sqlite, settings))
            {
                await Expect.Status(StatusCode.Unauthenticated,
                    () => recovered.Admin(recovered.AdminKey).ListApiKeysAsync(new ListApiKeysRequest()).ResponseAsync);
                recoveryId = await KeyIdAsync(recovered, recovery, "recovery");
                var audit = await recovered.Audit(recovery).ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "apikey", EntityId = recoveryId });
                Assert.Single(audit.Entries, e => e.Action == "apikey.create" && e.Actor == "system");

                // The recovered admin names a successor and retires the recovery key.
                successor = (await recovered.Admin(recovery).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "successor", Role = Role.Admin })).Secret;
                await recovered.Admin(successor).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = recoveryId });
            }

            // Left in the configuration, the used recovery key does not come back.
            await using var again = await TestServer.StartAsync(TestDatabases.Sqlite, settings);
            await Expect.Status(StatusCode.Unauthenticated,
                () => again.Admin(recovery).ListApiKeysAsync(new ListApiKeysRequest()).ResponseAsync);
            var all = await again.Admin(successor).ListApiKeysAsync(new ListApiKeysRequest { IncludeRevoked = true });
            Assert.Single(all.ApiKeys, k => k.CreatedBy == "recovery");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_recovery_key_can_be_given_as_a_command_line_switch()
    {
        var folder = Directory.CreateTempSubdirectory("recon-recovery-switch-").FullName;
        var recovery = "rk_recovery_" + Guid.NewGuid().ToString("N");
        try
        {
            await using var app = ReconServer.Build(["--recovery-key", recovery, "--Storage:DataDirectory", folder]);

            Assert.Equal(recovery, app.Services.GetRequiredService<AuthOptions>().RecoveryAdminKey);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Auth:BootstrapAdminKey", "a")]
    [InlineData("Auth:BootstrapAdminKey", "password123")]
    [InlineData("Auth:BootstrapAdminKey", "abababababababababababababababababababab")]
    [InlineData("Auth:BootstrapAdminKey", "correct horse battery staple correct horse")]
    [InlineData("Auth:RecoveryAdminKey", "0123456")]
    public void A_weak_configured_admin_key_stops_the_server_from_starting(string setting, string secret)
    {
        var folder = Directory.CreateTempSubdirectory("recon-weak-").FullName;
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => ReconServer.Build([], builder =>
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Storage:DataDirectory"] = folder,
                    [setting] = secret,
                })));

            Assert.StartsWith(setting, error.Message, StringComparison.Ordinal);
            Assert.Contains("openssl rand", error.Message);
            if (secret.Length >= 8)
            {
                Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> KeyIdAsync(TestServer server, string adminSecret, string createdBy)
    {
        var keys = await server.Admin(adminSecret).ListApiKeysAsync(new ListApiKeysRequest { IncludeRevoked = true });
        return Assert.Single(keys.ApiKeys, k => k.CreatedBy == createdBy).Id;
    }

    private static async Task<StatusCode> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
