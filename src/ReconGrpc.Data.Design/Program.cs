// Scaffolds a migration for every provider into src/ReconGrpc.Data/Migrations/<Provider>.
// Usage: dotnet run --project src/ReconGrpc.Data.Design -- add <MigrationName>
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Data;
using ReconGrpc.Data.Providers;

if (args is not ["add", var name])
{
    Console.Error.WriteLine("usage: dotnet run --project src/ReconGrpc.Data.Design -- add <MigrationName>");
    return 2;
}

var dataProject = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../ReconGrpc.Data"));
if (!File.Exists(Path.Combine(dataProject, "ReconGrpc.Data.csproj")))
{
    Console.Error.WriteLine($"cannot find src/ReconGrpc.Data from {AppContext.BaseDirectory}");
    return 1;
}

// Scaffolding needs only the model and provider services, never a connection.
ReconDbContext[] contexts =
[
    new SqliteReconDbContext(new DbContextOptionsBuilder<SqliteReconDbContext>().UseSqlite("Data Source=design.db").Options),
    new PostgreSqlReconDbContext(new DbContextOptionsBuilder<PostgreSqlReconDbContext>().UseNpgsql("Host=localhost").Options),
    new SqlServerReconDbContext(new DbContextOptionsBuilder<SqlServerReconDbContext>().UseSqlServer("Server=localhost").Options),
];

var reporter = new OperationReporter(new OperationReportHandler(
    errorHandler: m => Console.Error.WriteLine(m),
    warningHandler: m => Console.Error.WriteLine(m),
    informationHandler: Console.WriteLine,
    verboseHandler: _ => { }));
var assembly = typeof(ReconDbContext).Assembly;

foreach (var context in contexts)
{
    using (context)
    {
        var provider = context.GetType().Name.Replace("ReconDbContext", "", StringComparison.Ordinal);
        var services = new DesignTimeServicesBuilder(assembly, assembly, reporter, []).Build(context);
        var scaffolder = services.GetRequiredService<IMigrationsScaffolder>();
        var migration = scaffolder.ScaffoldMigration(name, "ReconGrpc.Data", $"Migrations.{provider}", "C#");
        var files = scaffolder.Save(dataProject, migration, Path.Combine(dataProject, "Migrations", provider));
        Console.WriteLine($"{provider}: {files.MigrationFile}");
    }
}

return 0;
