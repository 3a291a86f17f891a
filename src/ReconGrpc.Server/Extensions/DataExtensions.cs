using ReconGrpc.Data;
using ReconGrpc.Server.Health;

namespace ReconGrpc.Server.Extensions;

public static class DataExtensions
{
    /// <summary>
    /// Registers the database named by <c>Database:Provider</c>. Without <c>ConnectionStrings:Recon</c>, SQLite
    /// lives in <c>recon.db</c> inside the data folder, which is created if missing (0700). A missing SQLite file is
    /// created here, owner-only (0600), before SQLite would create it readable by everyone.
    /// </summary>
    public static WebApplicationBuilder AddReconData(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.ProbeInterval <= TimeSpan.Zero || database.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Database:ProbeInterval and Database:ConnectTimeout are positive durations, e.g. 00:00:02.");
        }

        builder.Services.AddSingleton(database);
        var connectionString = builder.Configuration.GetConnectionString("Recon");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (database.Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"Database:Provider is {database.Provider}: set ConnectionStrings:Recon (environment variable ConnectionStrings__Recon).");
            }

            var dataDirectory = builder.DataDirectory();
            CreateOwnerOnlyDirectory(dataDirectory);
            connectionString = $"Data Source={Path.Combine(dataDirectory, "recon.db")}";
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            SqliteDatabaseFile.CreateOwnerOnly(connectionString);
        }

        builder.Services.AddReconDatabase(database.Provider, connectionString, database.ConnectTimeout);
        // Watches whether the database answers: health, and calls refused at once while it is away.
        builder.Services.AddHostedService<DatabaseProbeService>();
        UseOwnSpoolFolder(builder);
        return builder;
    }

    /// <summary>
    /// Without <c>Imports:SpoolDirectory</c>, the server spools into <c>spool</c> in its own data folder (0700), not
    /// into the shared temp folder: on start a server deletes the spool files a crash left, and in a folder shared
    /// with another server it could take that server's files in flight for leftovers.
    /// </summary>
    private static void UseOwnSpoolFolder(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Imports:SpoolDirectory"]))
        {
            return;
        }

        var spool = Path.Combine(builder.DataDirectory(), "spool");
        CreateOwnerOnlyDirectory(spool);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Imports:SpoolDirectory"] = spool });
    }

    /// <summary>
    /// Creates a folder of the server's own (and any missing parent) open to its owner only (0700); an existing
    /// folder keeps the mode its owner gave it.
    /// </summary>
    public static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The absolute data folder (<c>Storage:DataDirectory</c>, default <c>data</c> under the content root).</summary>
    public static string DataDirectory(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        return Path.GetFullPath(storage.DataDirectory, builder.Environment.ContentRootPath);
    }
}
