using System.CommandLine;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon keys …</c>: API keys (admin).</summary>
public static class KeysCommands
{
    public sealed record KeyJson(string Id, string Name, string Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? Holder);

    public sealed record CreatedKeyJson(KeyJson Key, string Secret);

    public static Command Create(CliSessionFactory sessions)
    {
        var keys = new Command("keys", "API keys (admin only)");
        keys.Subcommands.Add(CreateKey(sessions));
        keys.Subcommands.Add(List(sessions));
        keys.Subcommands.Add(Revoke(sessions));
        return keys;
    }

    private static AdminService.AdminServiceClient Client(CliSession session) => new(session.Invoker);

    private static Command CreateKey(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "Whose or what the key is, e.g. billing-service" };
        var role = new Option<string>("--role") { Description = "viewer, accountant or admin", Required = true };
        role.AcceptOnlyFromAmong("viewer", "accountant", "admin");
        var holder = new Option<string?>("--holder")
        {
            Description = "The person the key is issued to, e.g. 王芳: it acts for that person only. Without it the key is a service key, and decisions made with it name the person with --as",
        };
        var create = new Command("create", "Create a key; its secret is shown once") { name, role, holder };
        create.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).CreateApiKeyAsync(new CreateApiKeyRequest
            {
                Name = parsed.GetValue(name)!,
                Role = ParseRole(parsed.GetValue(role)!),
                Holder = parsed.GetValue(holder) ?? "",
            }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new CreatedKeyJson(ToJson(response.ApiKey), response.Secret));
                return;
            }

            var issuedTo = response.ApiKey.Holder.Length > 0 ? $", issued to {response.ApiKey.Holder}" : ", a service key";
            await session.Out.WriteLineAsync($"created key {response.ApiKey.Id} ({RoleName(response.ApiKey.Role)}) for {response.ApiKey.Name}{issuedTo}");
            await session.Out.WriteLineAsync($"secret: {response.Secret}");
            await session.Out.WriteLineAsync("This secret is shown only once; store it now.");
        }));
        return create;
    }

    private static Command List(CliSessionFactory sessions)
    {
        var all = new Option<bool>("--all") { Description = "Include revoked keys" };
        var list = new Command("list", "List keys (never their secrets)") { all };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var keys = new List<ApiKey>();
            var token = "";
            do
            {
                var page = await Client(session).ListApiKeysAsync(new ListApiKeysRequest
                {
                    IncludeRevoked = parsed.GetValue(all), PageSize = 1000, PageToken = token,
                }, session.Call(ct));
                keys.AddRange(page.ApiKeys);
                token = page.NextPageToken;
            }
            while (token.Length > 0);

            if (session.Json)
            {
                await session.WriteJsonAsync(keys.Select(ToJson).ToList());
                return;
            }

            var table = new Table().AddColumns("id", "name", "holder", "role", "created", "by", "revoked");
            foreach (var k in keys)
            {
                table.AddRow(k.Id, Markup.Escape(k.Name), Markup.Escape(k.Holder), RoleName(k.Role), k.CreateTime.ToDateTimeOffset().ToString("u"),
                    Markup.Escape(k.CreatedBy), k.RevokeTime?.ToDateTimeOffset().ToString("u") ?? "");
            }

            session.Console.Write(table);
        }));
        return list;
    }

    private static Command Revoke(CliSessionFactory sessions)
    {
        var id = new Argument<string>("id") { Description = "The key's id, e.g. k_3f9a2c1d" };
        var revoke = new Command("revoke", "Revoke a key at once") { id };
        revoke.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = parsed.GetValue(id)! }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(ToJson(response.ApiKey));
            }
            else
            {
                await session.Out.WriteLineAsync($"revoked {response.ApiKey.Id} ({response.ApiKey.Name})");
            }
        }));
        return revoke;
    }

    private static Role ParseRole(string role) => role switch
    {
        "viewer" => Role.Viewer,
        "accountant" => Role.Accountant,
        "admin" => Role.Admin,
        _ => throw new CliUsageException($"'{role}' is not a role; use viewer, accountant or admin."),
    };

    private static string RoleName(Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.Accountant => "accountant",
        Role.Admin => "admin",
        _ => "unknown",
    };

    private static KeyJson ToJson(ApiKey k) =>
        new(k.Id, k.Name, RoleName(k.Role), k.CreateTime.ToDateTimeOffset(), k.CreatedBy, k.RevokeTime?.ToDateTimeOffset(),
            k.Holder.Length == 0 ? null : k.Holder);
}
