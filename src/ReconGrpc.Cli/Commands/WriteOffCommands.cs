using System.CommandLine;
using System.Globalization;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary>
/// <c>recon writeoffs …</c>: write-off models (核销模板) — the account, reason code, tax and amount a match's difference
/// is posted with by <c>recon match confirm … --write-off NAME</c> or <c>recon match manual … --write-off NAME</c>.
/// </summary>
public static class WriteOffCommands
{
    public sealed record WriteOffModelJson(string Name, int Version, string Account, string ReasonCode, string Amount, string? FixedAmount, string? Percentage,
        string? TaxRate, string? TaxAccount, string? Description, string CreatedBy, DateTimeOffset? CreateTime, string UpdatedBy, DateTimeOffset? UpdateTime);

    public sealed record WriteOffEntryJson(long LedgerEntryId, string DocumentNumber, string? Date, string? Amount, string Currency, string Account, bool Tax);

    public sealed record WriteOffPostingJson(string Model, string ReasonCode, IReadOnlyList<WriteOffEntryJson> Entries, string? Posted, string? RemainingDifference);

    private static ReconciliationService.ReconciliationServiceClient Client(CliSession session) => new(session.Invoker);

    public static Command Create(CliSessionFactory sessions)
    {
        var writeOffs = new Command("writeoffs", "Write-off models (核销模板): how a match's difference is posted to the ledger");
        writeOffs.Subcommands.Add(List(sessions));
        writeOffs.Subcommands.Add(Show(sessions));
        writeOffs.Subcommands.Add(CreateCommand(sessions));
        writeOffs.Subcommands.Add(Update(sessions));
        writeOffs.Subcommands.Add(Delete(sessions));
        return writeOffs;
    }

    internal static WriteOffModelJson ToJson(WriteOffModel m) => new(m.Name, m.Version, m.Account, m.ReasonCode, AmountKindName(m.AmountKind),
        m.AmountKind == WriteOffAmountKind.Fixed ? m.Amount?.Value : null, m.AmountKind == WriteOffAmountKind.Percentage ? m.Amount?.Value : null,
        m.TaxRate?.Value, ReconFormat.Empty(m.TaxAccount), ReconFormat.Empty(m.Description), m.CreatedBy, ReconFormat.Time(m.CreateTime), m.UpdatedBy,
        ReconFormat.Time(m.UpdateTime));

    internal static WriteOffPostingJson ToJson(WriteOffPosting p) => new(p.Model, p.ReasonCode,
        p.Entries.Select(e => new WriteOffEntryJson(e.LedgerEntryId, e.DocumentNumber, ReconFormat.Text(e.Date), e.Amount?.Value, e.Currency, e.Account, e.Tax)).ToList(),
        p.Posted?.Value, p.RemainingDifference?.Value);

    private static string AmountKindName(WriteOffAmountKind kind) => kind switch
    {
        WriteOffAmountKind.Fixed => "fixed",
        WriteOffAmountKind.Percentage => "percentage",
        _ => "whole",
    };

    /// <summary>How much a model posts, as a line reads it: "fixed 5.00", "0.6 % of our total", "whole difference".</summary>
    internal static string AmountText(WriteOffModel m) => m.AmountKind switch
    {
        WriteOffAmountKind.Fixed => $"fixed {m.Amount?.Value} (at most the difference)",
        WriteOffAmountKind.Percentage => $"{m.Amount?.Value} % of our total (at most the difference)",
        _ => "whole difference",
    };

    internal static string TaxText(WriteOffModel m) => m.TaxRate is null ? "no tax" : $"VAT {m.TaxRate.Value} % to {m.TaxAccount}";

    private static Command List(CliSessionFactory sessions)
    {
        var list = new Command("list", "List the write-off models");
        list.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var models = (await Client(session).ListWriteOffModelsAsync(new ListWriteOffModelsRequest(), session.Call(ct))).Models;
            if (session.Json)
            {
                await session.WriteJsonAsync(models.Select(ToJson).ToList());
                return;
            }

            var table = new Table().AddColumns("name", "version", "account", "reason code", "amount", "tax", "description");
            foreach (var m in models)
            {
                table.AddRow(Markup.Escape(m.Name), m.Version.ToString(CultureInfo.InvariantCulture), Markup.Escape(m.Account), Markup.Escape(m.ReasonCode),
                    Markup.Escape(AmountText(m)), Markup.Escape(TaxText(m)), Markup.Escape(m.Description));
            }

            session.Console.Write(table);
            await session.Out.WriteLineAsync($"{models.Count} write-off model{(models.Count == 1 ? "" : "s")}");
        }));
        return list;
    }

    private static Command Show(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "The model's name, e.g. fees" };
        var show = new Command("show", "Show a write-off model") { name };
        show.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var model = (await Client(session).GetWriteOffModelAsync(new GetWriteOffModelRequest { Name = parsed.GetValue(name)! }, session.Call(ct))).Model;
            await Describe(session, model, null);
        }));
        return show;
    }

    private static async Task Describe(CliSession session, WriteOffModel m, string? what)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(ToJson(m));
            return;
        }

        await session.Out.WriteLineAsync($"{(what is null ? "" : what + " ")}write-off model {m.Name} version {m.Version}");
        await session.Out.WriteLineAsync($"   account      {m.Account}");
        await session.Out.WriteLineAsync($"   reason code  {m.ReasonCode}");
        await session.Out.WriteLineAsync($"   amount       {AmountText(m)}");
        await session.Out.WriteLineAsync($"   tax          {TaxText(m)}");
        if (m.Description.Length > 0)
        {
            await session.Out.WriteLineAsync($"   description  {m.Description}");
        }

        await session.Out.WriteLineAsync($"   changed      {ReconFormat.TimeText(m.UpdateTime)} by {m.UpdatedBy}");
    }

    /// <summary>The options that say what a model is; on update, each left out keeps what the model says.</summary>
    private sealed class ModelOptions
    {
        public Option<string?> Account { get; } = new("--account") { Description = "The account the write-off is booked against, e.g. \"6603 财务费用-手续费\"" };

        public Option<string?> ReasonCode { get; } = new("--reason-code") { Description = "A short code for reports, e.g. FEE" };

        public Option<string?> Fixed { get; } = new("--fixed") { Description = "Post a fixed amount, e.g. 5.00 (never more than the difference)" };

        public Option<string?> Percent { get; } = new("--percent") { Description = "Post a percentage of our total of the match, e.g. 0.6 (never more than the difference)" };

        public Option<bool> Whole { get; } = new("--whole") { Description = "Post the whole difference (the default on create)" };

        public Option<string?> TaxRate { get; } = new("--tax-rate") { Description = "Split off VAT at this rate in percent, e.g. 6 (with --tax-account)" };

        public Option<string?> TaxAccount { get; } = new("--tax-account") { Description = "The account the tax share is booked against, e.g. \"22210101 应交税费-进项税额\"" };

        public Option<string?> Description { get; } = new("--description") { Description = "What the model is for" };

        public void AddTo(Command command)
        {
            foreach (var option in (Option[])[Account, ReasonCode, Fixed, Percent, Whole, TaxRate, TaxAccount, Description])
            {
                command.Options.Add(option);
            }
        }

        /// <summary>The model the options describe, starting from <paramref name="current"/> (empty on create).</summary>
        public WriteOffModel Apply(ParseResult parsed, WriteOffModel current)
        {
            var model = current.Clone();
            model.Account = parsed.GetValue(Account) ?? model.Account;
            model.ReasonCode = parsed.GetValue(ReasonCode) ?? model.ReasonCode;
            var (fixedAmount, percent, whole) = (parsed.GetValue(Fixed), parsed.GetValue(Percent), parsed.GetValue(Whole));
            if ((fixedAmount is null ? 0 : 1) + (percent is null ? 0 : 1) + (whole ? 1 : 0) > 1)
            {
                throw new CliUsageException("give one of --fixed, --percent and --whole: how much of the difference the model posts.");
            }

            if (fixedAmount is not null)
            {
                (model.AmountKind, model.Amount) = (WriteOffAmountKind.Fixed, ReconFormat.ToDecimal(fixedAmount, "--fixed"));
            }
            else if (percent is not null)
            {
                (model.AmountKind, model.Amount) = (WriteOffAmountKind.Percentage, Percentage(percent, "--percent"));
            }
            else if (whole || model.AmountKind == WriteOffAmountKind.Unspecified)
            {
                (model.AmountKind, model.Amount) = (WriteOffAmountKind.WholeDifference, null);
            }

            if (parsed.GetValue(TaxRate) is { } rate)
            {
                model.TaxRate = Percentage(rate, "--tax-rate");
            }

            model.TaxAccount = parsed.GetValue(TaxAccount) ?? model.TaxAccount;
            model.Description = parsed.GetValue(Description) ?? model.Description;
            return model;
        }

        private static DecimalValue Percentage(string text, string option) =>
            ReconFormat.ToDecimal(text.Trim().TrimEnd('%', '％').Trim(), option)!;
    }

    private static Command CreateCommand(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "The new model's name: letters, digits, '-', '_' or '.', e.g. fees" };
        var options = new ModelOptions();
        var create = new Command("create", "Store a new write-off model (admin, audited), e.g. recon writeoffs create fees --account \"6603 财务费用-手续费\" --reason-code FEE --whole")
        {
            name,
        };
        options.AddTo(create);
        create.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var model = options.Apply(parsed, new WriteOffModel { Name = parsed.GetValue(name)! });
            if (model.Account.Length == 0 || model.ReasonCode.Length == 0)
            {
                throw new CliUsageException("give --account (the account the write-off is booked against) and --reason-code (e.g. FEE).");
            }

            var created = (await Client(session).CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = model }, session.Call(ct))).Model;
            await Describe(session, created, "created");
        }));
        return create;
    }

    private static Command Update(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "The model's name" };
        var options = new ModelOptions();
        var noTax = new Option<bool>("--no-tax") { Description = "Post without tax from now on" };
        var expected = CliInput.WholeNumberOption("--expected-version", "The version you read; a newer stored version refuses the update (default: the version read now)",
            "a version", 1, "1");
        var update = new Command("update", "Change a write-off model (admin, audited); options left out keep what it says. Matches written off before keep their entries")
        {
            name, noTax, expected,
        };
        options.AddTo(update);
        update.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var client = Client(session);
            var current = (await client.GetWriteOffModelAsync(new GetWriteOffModelRequest { Name = parsed.GetValue(name)! }, session.Call(ct))).Model;
            var model = options.Apply(parsed, current);
            if (parsed.GetValue(noTax))
            {
                if (parsed.GetValue(options.TaxRate) is not null || parsed.GetValue(options.TaxAccount) is not null)
                {
                    throw new CliUsageException("--no-tax drops the tax; leave out --tax-rate and --tax-account with it.");
                }

                (model.TaxRate, model.TaxAccount) = (null, "");
            }

            var version = parsed.GetValue(expected) is var given && given > 0 ? given : current.Version;
            var updated = (await client.UpdateWriteOffModelAsync(new UpdateWriteOffModelRequest { Model = model, ExpectedVersion = version }, session.Call(ct))).Model;
            await Describe(session, updated, "updated");
        }));
        return update;
    }

    private static Command Delete(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "The model's name" };
        var expected = CliInput.WholeNumberOption("--expected-version", "The version you read; a newer stored version refuses the deletion", "a version", 1, "2");
        var delete = new Command("delete", "Delete a write-off model (admin, audited); matches written off with it keep its name and their entries") { name, expected };
        delete.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var deleted = (await Client(session).DeleteWriteOffModelAsync(new DeleteWriteOffModelRequest
            {
                Name = parsed.GetValue(name)!, ExpectedVersion = parsed.GetValue(expected),
            }, session.Call(ct))).Model;
            if (session.Json)
            {
                await session.WriteJsonAsync(ToJson(deleted));
                return;
            }

            await session.Out.WriteLineAsync($"deleted write-off model {deleted.Name} (version {deleted.Version})");
        }));
        return delete;
    }
}
