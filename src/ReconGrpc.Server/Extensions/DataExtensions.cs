using ReconGrpc.Data;

namespace ReconGrpc.Server.Extensions;

public static class DataExtensions
{
    /// <summary>
    /// Registers the database named by <c>Database:Provider</c>. Without <c>ConnectionStrings:Recon</c>, SQLite
    /// lives in <c>recon.db</c> inside the data folder, which is created if missing.
    /// </summary>
    public static WebApplicationBuilder AddReconData(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
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
            Directory.CreateDirectory(dataDirectory);
            connectionString = $"Data Source={Path.Combine(dataDirectory, "recon.db")}";
        }

        builder.Services.AddReconDatabase(database.Provider, connectionString);
        return builder;
    }

    /// <summary>The absolute data folder (<c>Storage:DataDirectory</c>, default <c>data</c> under the content root).</summary>
    public static string DataDirectory(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        return Path.GetFullPath(storage.DataDirectory, builder.Environment.ContentRootPath);
    }
}
