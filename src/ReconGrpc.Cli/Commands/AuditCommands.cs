using System.CommandLine;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon audit …</c>: read and verify the audit log (admin).</summary>
public static class AuditCommands
{
    public sealed record AuditEntryJson(long Sequence, DateTimeOffset Time, string Actor, string Action, string EntityType, string EntityId,
        string? Before, string? After, string? Reason, string? Person);

    public sealed record VerdictJson(bool Intact, long EntriesChecked, long FirstBrokenSequence, string? Problem,
        IReadOnlyList<DifferenceJson> Differences, int DifferencesFound);

    /// <summary>A stored row that differs from what the audit log says it is.</summary>
    public sealed record DifferenceJson(string EntityType, string EntityId, long Sequence, string Problem);

    /// <summary>The kinds of things the server's audit log records entries about.</summary>
    private static readonly string[] EntityTypes =
        ["apikey", "category", "coding_scheme", "customer", "customer_period", "database", "dimension", "import_batch", "ledger_entry", "recon_match", "recon_run", "rule_set", "statement"];

    // A kind the log never records would list nothing, which reads as "no entries" rather than as a typo.
    private static string? KnownEntityType(string? given) => given is null || EntityTypes.Contains(given)
        ? given
        : throw new CliUsageException($"--entity-type '{given}' is not a kind of thing the audit log records; use one of {string.Join(", ", EntityTypes)}.");

    public static Command Create(CliSessionFactory sessions)
    {
        var audit = new Command("audit", "The audit log (admin only)");

        var entityType = new Option<string?>("--entity-type")
        {
            Description = $"Only entries about this kind of thing: {string.Join(", ", EntityTypes)}",
        };
        var entityId = new Option<string?>("--entity-id") { Description = "Only entries about this thing, e.g. 0101" };
        var actor = new Option<string?>("--actor") { Description = "Only entries by this key id" };
        var limit = CliInput.WholeNumberOption("--limit", "At most this many entries", "a count", 1, "100");
        limit.DefaultValueFactory = _ => 100;
        var list = new Command("list", "List audit entries, oldest first") { entityType, entityId, actor, limit };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var client = new AuditService.AuditServiceClient(session.Invoker);
            var wanted = Math.Max(1, parsed.GetValue(limit));
            var entries = new List<AuditEntry>();
            var token = "";
            do
            {
                var page = await client.ListAuditEntriesAsync(new ListAuditEntriesRequest
                {
                    EntityType = KnownEntityType(parsed.GetValue(entityType)) ?? "",
                    EntityId = parsed.GetValue(entityId) ?? "",
                    Actor = parsed.GetValue(actor) ?? "",
                    PageSize = Math.Min(1000, wanted - entries.Count),
                    PageToken = token,
                }, session.Call(ct));
                entries.AddRange(page.Entries);
                token = page.NextPageToken;
            }
            while (token.Length > 0 && entries.Count < wanted);

            if (session.Json)
            {
                await session.WriteJsonAsync(entries.Select(e => new AuditEntryJson(e.Sequence, e.Time.ToDateTimeOffset(), e.Actor, e.Action,
                    e.EntityType, e.EntityId, NullIfEmpty(e.BeforeJson), NullIfEmpty(e.AfterJson), NullIfEmpty(e.Reason), NullIfEmpty(e.Person))).ToList());
                return;
            }

            var table = new Table().AddColumns("#", "time", "actor", "action", "entity", "reason");
            foreach (var e in entries)
            {
                table.AddRow(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Time.ToDateTimeOffset().ToString("u"),
                    Markup.Escape(ReconFormat.KeyAndPerson(e.Actor, e.Person)), Markup.Escape(e.Action), Markup.Escape($"{e.EntityType} {e.EntityId}"), Markup.Escape(e.Reason));
            }

            session.Console.Write(table);
        }));

        var verify = new Command("verify", "Check that no audit entry was edited or removed");
        verify.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var verdict = await new AuditService.AuditServiceClient(session.Invoker).VerifyAuditChainAsync(new VerifyAuditChainRequest(), session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(ToJson(verdict));
            }
            else
            {
                await WriteVerdictAsync(session, verdict);
            }

            if (!verdict.Intact)
            {
                session.ExitCode = ReconCli.CallFailed;
            }
        }));

        audit.Subcommands.Add(list);
        audit.Subcommands.Add(verify);
        return audit;
    }

    public static VerdictJson ToJson(VerifyAuditChainResponse verdict) =>
        new(verdict.Intact, verdict.EntriesChecked, verdict.FirstBrokenSequence, NullIfEmpty(verdict.Problem),
            [.. verdict.Differences.Select(d => new DifferenceJson(d.EntityType, d.EntityId, d.Sequence, d.Problem))], verdict.DifferencesFound);

    /// <summary>The audit chain's verdict in words: intact, intact with stored rows that differ from it, or broken.</summary>
    public static async Task WriteVerdictAsync(CliSession session, VerifyAuditChainResponse verdict)
    {
        if (verdict.Intact)
        {
            await session.Out.WriteLineAsync($"audit chain intact ({verdict.EntriesChecked} entries checked)");
        }
        else if (verdict.DifferencesFound > 0)
        {
            await session.Out.WriteLineAsync($"audit chain intact ({verdict.EntriesChecked} entries checked), but {verdict.DifferencesFound} stored rows differ from it:");
            foreach (var difference in verdict.Differences)
            {
                await session.Out.WriteLineAsync($"  {difference.Problem}");
            }

            if (verdict.DifferencesFound > verdict.Differences.Count)
            {
                await session.Out.WriteLineAsync($"  ... and {verdict.DifferencesFound - verdict.Differences.Count} more");
            }
        }
        else
        {
            await session.Out.WriteLineAsync($"audit chain BROKEN at entry {verdict.FirstBrokenSequence}: {verdict.Problem}");
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
