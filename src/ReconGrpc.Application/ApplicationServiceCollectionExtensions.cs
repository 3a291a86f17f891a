using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ReconGrpc.Application.Access;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Auditing;
using ReconGrpc.Application.Imports;
using ReconGrpc.Application.Ledger;
using ReconGrpc.Application.Maintenance;
using ReconGrpc.Application.Queries;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Application.Reports;

namespace ReconGrpc.Application;

public static class ApplicationServiceCollectionExtensions
{
    /// <summary>
    /// The use cases, imports, queries and reports, with their options (<c>Reconciliation</c>, <c>Imports</c>,
    /// <c>Plugins</c>, <c>Jobs</c>, <c>Credit</c>, <c>Suggestions</c> and <c>Reports</c> sections). The host adds the database, the audit key, and an
    /// <see cref="IAdapterCatalog"/> of its plugins.
    /// </summary>
    public static IServiceCollection AddReconApplication(this IServiceCollection services, IConfiguration configuration)
    {
        // A host (a test) may have registered a clock of its own before.
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<DatabaseMaintenance>();
        services.AddSingleton<CategoryCatalog>();
        services.AddSingleton<CustomerArchive>();
        services.AddSingleton<LedgerBook>();
        services.AddSingleton<Bank.BankDesk>();
        services.AddSingleton<Bank.BankRuns>();
        services.AddSingleton<Platforms.SettlementRuns>();
        services.AddHostedService(sp => sp.GetRequiredService<Platforms.SettlementRuns>());
        services.AddSingleton<DataQualityQuery>();
        services.AddSingleton((configuration.GetSection("Credit").Get<CreditOptions>() ?? new CreditOptions()).Validated());
        services.AddSingleton<AgingQuery>();
        services.AddSingleton<RevenueQuery>();
        services.AddSingleton<LedgerDetailQuery>();
        services.AddSingleton<CreditAlertsQuery>();
        services.AddSingleton<CreditAlertFeed>();
        services.AddSingleton<MonthEndBoardQuery>();
        services.AddSingleton<PaymentBehaviourQuery>();
        services.AddSingleton((configuration.GetSection("Suggestions").Get<SuggestionOptions>() ?? new SuggestionOptions()).Validated());
        services.AddSingleton<ClassificationSuggestionsQuery>();

        var reconciliation = (configuration.GetSection("Reconciliation").Get<ReconciliationOptions>() ?? new ReconciliationOptions()).Validated();
        services.AddSingleton(reconciliation);
        services.AddSingleton(sp => new LiveRuns(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RunSlots(sp.GetRequiredService<Data.Execution.ExecutionLocks>(), reconciliation.MaxConcurrentRuns));
        // The job engine starts before the coordinator, which hands it the runs left unfinished.
        services.AddSingleton((configuration.GetSection("Jobs").Get<Jobs.JobOptions>() ?? new Jobs.JobOptions()).Validated());
        services.AddSingleton<Jobs.JobEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<Jobs.JobEngine>());
        services.AddSingleton<RuleSetStore>();
        services.AddSingleton<WriteOffModelStore>();
        services.AddSingleton<RunCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<RunCoordinator>());
        services.AddSingleton<RunReader>();
        services.AddSingleton<MatchDesk>();
        services.AddSingleton<PeriodBook>();
        services.AddSingleton<ExchangeRateBook>();
        services.AddSingleton<RunExchangeRates>();
        services.AddSingleton<ExchangeDifferences>();

        services.AddSingleton(configuration.GetSection("Plugins").Get<PluginOptions>() ?? new PluginOptions());
        services.AddSingleton(configuration.GetSection("Imports").Get<ImportOptions>() ?? new ImportOptions());
        services.AddSingleton<ImportSpoolFolder>();
        services.AddSingleton<ImportPipeline>();
        services.AddSingleton<ImportRecords>();

        var statement = configuration.GetSection("Reports:Statement").Get<StatementOptions>() ?? new StatementOptions();
        statement.Validate();
        services.AddSingleton(statement);
        services.AddSingleton(new ReportFonts(configuration["Reports:FontPath"]));
        services.AddSingleton<StatementOfAccountQuery>();
        services.AddSingleton<StatementExport>();
        services.AddSingleton<ReconciliationReportQuery>();
        services.AddSingleton<ReconciliationReportExport>();
        return services;
    }
}
