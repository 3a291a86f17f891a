using System.CommandLine;
using ReconGrpc.Cli.Commands;
using ReconGrpc.Cli.Infrastructure;

namespace ReconGrpc.Cli;

/// <summary>The <c>recon</c> command line: global options, command groups, exit codes.</summary>
public static class ReconCli
{
    /// <summary>Exit code of a successful command.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the server refused or failed the call.</summary>
    public const int CallFailed = 1;

    /// <summary>Exit code when the command line itself is wrong.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Runs one command line, writing results to <paramref name="stdout"/> and errors to <paramref name="stderr"/>.
    /// Plain text (no colours) unless <paramref name="stdout"/> is the real console.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("recon — the ReconGrpc command line (客户对账)");
        options.AddTo(root);
        var session = new CliSessionFactory(options, stdout, stderr);
        root.Subcommands.Add(CategoriesCommands.Create(session));
        root.Subcommands.Add(CustomersCommands.Create(session));
        root.Subcommands.Add(KeysCommands.Create(session));
        root.Subcommands.Add(AuditCommands.Create(session));
        root.Subcommands.Add(AdminCommands.Create(session));
        root.Subcommands.Add(ImportCommands.CreateAdapters(session));
        root.Subcommands.Add(ImportCommands.CreateImport(session));
        root.Subcommands.Add(PluginsCommands.Create(session));
        root.Subcommands.Add(LedgerCommands.CreateLedger(session));
        root.Subcommands.Add(LedgerCommands.CreateStatements(session));
        root.Subcommands.Add(BankCommands.Create(session));
        root.Subcommands.Add(PlatformCommands.Create(session));
        var report = ReceivablesCommands.CreateReport(session);
        report.Subcommands.Add(StatementCommands.Create(session));
        report.Subcommands.Add(StatementCommands.CreateReminder(session));
        root.Subcommands.Add(report);
        root.Subcommands.Add(ReceivablesCommands.CreateAlerts(session));
        root.Subcommands.Add(BehaviourCommands.CreateSuggest(session));
        root.Subcommands.Add(RulesCommands.Create(session));
        root.Subcommands.Add(WriteOffCommands.Create(session));
        root.Subcommands.Add(RatesCommands.Create(session));
        root.Subcommands.Add(ReconcileCommands.CreateReconcile(session));
        root.Subcommands.Add(ReconcileCommands.CreateRuns(session));
        root.Subcommands.Add(MatchCommands.CreateMatches(session));
        root.Subcommands.Add(MatchCommands.CreateExceptions(session));
        root.Subcommands.Add(MatchCommands.CreateMatch(session));
        root.Subcommands.Add(MatchCommands.CreatePeriod(session));
        root.Subcommands.Add(PeriodCloseCommands.CreateBoard(session));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'recon --help' for usage.");
            return UsageError;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
    }
}
