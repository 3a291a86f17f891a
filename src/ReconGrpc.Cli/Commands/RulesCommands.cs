using System.CommandLine;
using System.Globalization;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon rules …</c>: stored, versioned rule sets (匹配规则).</summary>
public static class RulesCommands
{
    public sealed record RuleSetJson(string Name, int Version, string? Description, string CreatedBy, DateTimeOffset? CreateTime, int RuleCount);

    public static Command Create(CliSessionFactory sessions)
    {
        var rules = new Command("rules", "Matching rule sets (匹配规则), stored with versions");
        rules.Subcommands.Add(List(sessions));
        rules.Subcommands.Add(Show(sessions));
        rules.Subcommands.Add(CreateCommand(sessions));
        rules.Subcommands.Add(Update(sessions));
        return rules;
    }

    private static ReconciliationService.ReconciliationServiceClient Client(CliSession session) => new(session.Invoker);

    private static RuleSetJson ToJson(RuleSet s) =>
        new(s.Name, s.Version, ReconFormat.Empty(s.Description), s.CreatedBy, ReconFormat.Time(s.CreateTime), s.Rules.Count);

    private static Command List(CliSessionFactory sessions)
    {
        var list = new Command("list", "List every rule set at its latest version");
        list.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var response = await Client(session).ListRuleSetsAsync(new ListRuleSetsRequest(), session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.RuleSets.Select(ToJson).ToList());
                return;
            }

            var table = new Table().AddColumns("name", "version", "rules", "created by", "created", "description");
            foreach (var s in response.RuleSets)
            {
                table.AddRow(Markup.Escape(s.Name), s.Version.ToString(CultureInfo.InvariantCulture), s.Rules.Count.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(s.CreatedBy), ReconFormat.TimeText(s.CreateTime), Markup.Escape(s.Description));
            }

            session.Console.Write(table);
        }));
        return list;
    }

    private static Command Show(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "The rule set's name, e.g. default" };
        var version = CliInput.WholeNumberOption("--version", "The version (default: the latest)", "a version", 1, "2");
        var show = new Command("show", "Show a rule set's rules; with --json, the rule set as the proto's JSON, the rule file that rules create/update read") { name, version };
        show.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var set = (await Client(session).GetRuleSetAsync(new GetRuleSetRequest { Name = parsed.GetValue(name)!, Version = parsed.GetValue(version) },
                session.Call(ct))).RuleSet;
            if (session.Json)
            {
                await session.Out.WriteLineAsync(RuleFile.Write(set));
                return;
            }

            await Describe(session, set);
        }));
        return show;
    }

    private static async Task Describe(CliSession session, RuleSet set)
    {
        await session.Out.WriteLineAsync(
            $"{set.Name} version {set.Version}{(set.Description.Length > 0 ? $" — {set.Description}" : "")} (by {set.CreatedBy}, {ReconFormat.TimeText(set.CreateTime)})");
        // One block per rule rather than a wide table: rules read top to bottom, and the lines do not wrap in a narrow terminal.
        var n = 0;
        foreach (var r in set.Rules)
        {
            await session.Out.WriteLineAsync($"{++n}. {r.Name}");
            await session.Out.WriteLineAsync($"   keys         {Keys(r)}");
            await session.Out.WriteLineAsync($"   amount       {Amount(r)}");
            await session.Out.WriteLineAsync($"   window       {Window(r)}");
            await session.Out.WriteLineAsync($"   cardinality  {Label(r.Cardinality)}");
            await session.Out.WriteLineAsync($"   decision     {Label(r.Decision)}");
            if (GroupBounds(r) is { Length: > 0 } bounds)
            {
                await session.Out.WriteLineAsync($"   group        {bounds}");
            }
        }
    }

    /// <summary>An enum value as the text view names it, e.g. oneToOne, documentNumber, sameMonth.</summary>
    private static string Label<T>(T value)
        where T : struct, System.Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    private static string Keys(MatchRule r) => r.Keys.Count == 0
        ? "(amount and date only)"
        : string.Join(" + ", r.Keys.Select(k => k.Ours == k.Theirs ? Label(k.Ours) : $"{Label(k.Ours)}={Label(k.Theirs)}"));

    private static string Amount(MatchRule r) => r.AmountCondition switch
    {
        AmountConditionKind.Absolute => $"within {r.Tolerance?.Value ?? "0"}",
        AmountConditionKind.Percentage => $"within {r.Tolerance?.Value ?? "0"} %",
        _ => Label(r.AmountCondition),
    };

    private static string Window(MatchRule r) => r.DateWindow == DateWindowKind.Days
        ? $"-{r.DaysBefore}/+{r.DaysAfter} days"
        : Label(r.DateWindow);

    private static string GroupBounds(MatchRule r) => r.Cardinality == Cardinality.OneToOne
        ? ""
        : $"at most {(r.MaxGroupSize == 0 ? 5 : r.MaxGroupSize)} items, {(r.MaxCandidates == 0 ? 16 : r.MaxCandidates)} candidates per item";

    private static Command CreateCommand(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "The new rule set's name" };
        var file = new Option<FileInfo>("--file") { Description = "The rule set as the proto's JSON, {\"rules\": [...]} (see 'recon rules show default --json'); its name comes from the argument", Required = true };
        var description = new Option<string?>("--description") { Description = "What the rule set is for" };
        var create = new Command("create", "Store a new rule set at version 1 (admin)") { name, file, description };
        create.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new CreateRuleSetRequest { Name = parsed.GetValue(name)!, Description = parsed.GetValue(description) ?? "" };
            request.Rules.Add(RuleFile.Read(parsed.GetValue(file)!).Rules);
            var set = (await Client(session).CreateRuleSetAsync(request, session.Call(ct))).RuleSet;
            await Saved(session, set, "created");
        }));
        return create;
    }

    private static Command Update(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "The rule set's name" };
        var file = new Option<FileInfo>("--file") { Description = "The new rule set as the proto's JSON, as 'recon rules show NAME --json' writes it", Required = true };
        var expected = CliInput.WholeNumberOption("--expected-version", "The version you edited; a newer stored version refuses the update", "a version", 1, "1");
        expected.Required = true;
        var description = new Option<string?>("--description") { Description = "What changed and why" };
        var update = new Command("update", "Store a new version of a rule set (admin); runs keep the version they used") { name, file, expected, description };
        update.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new UpdateRuleSetRequest
            {
                Name = parsed.GetValue(name)!, ExpectedVersion = parsed.GetValue(expected), Description = parsed.GetValue(description) ?? "",
            };
            request.Rules.Add(RuleFile.Read(parsed.GetValue(file)!).Rules);
            var set = (await Client(session).UpdateRuleSetAsync(request, session.Call(ct))).RuleSet;
            await Saved(session, set, "updated");
        }));
        return update;
    }

    private static async Task Saved(CliSession session, RuleSet set, string what)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(ToJson(set));
            return;
        }

        await session.Out.WriteLineAsync($"{what} rule set {set.Name} version {set.Version} ({set.Rules.Count} rule{(set.Rules.Count == 1 ? "" : "s")})");
    }
}
