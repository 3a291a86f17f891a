using ReconGrpc.Application.Auditing;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Server.Extensions;

public static class AuditExtensions
{
    /// <summary>The audit key and the checkpoint file, both kept outside the database.</summary>
    public static WebApplicationBuilder AddReconAudit(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Audit").Get<AuditOptions>() ?? new AuditOptions();
        var dataDirectory = builder.DataDirectory();
        var root = builder.Environment.ContentRootPath;
        var keyFile = Path.GetFullPath(options.KeyFile ?? Path.Combine(dataDirectory, "audit.key"), root);
        var checkpointPath = Path.GetFullPath(options.CheckpointPath ?? Path.Combine(dataDirectory, "audit-checkpoints.log"), root);
        builder.Services.AddSingleton(sp => LoadKey(options.Key, keyFile, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditKey))));
        builder.Services.AddSingleton(sp => new AuditCheckpointFile(checkpointPath, sp.GetRequiredService<ILogger<AuditCheckpointFile>>()));
        return builder;
    }

    /// <summary>
    /// The configured key, or the one in the key file, generated into it (readable by the owner only) when there is
    /// none yet: a server with no configuration at all still seals its chain with a secret the database does not hold.
    /// </summary>
    private static AuditKey LoadKey(string? configured, string keyFile, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                return AuditKey.FromText(configured);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"Audit:Key is too short: {ex.Message}", ex);
            }
        }

        var text = KeyFile.ReadOrCreate(keyFile, AuditKey.NewSecretText, () => LogKeyGenerated(logger, keyFile));
        try
        {
            return AuditKey.FromText(text);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"The audit key file {keyFile} holds too short a key: {ex.Message}", ex);
        }
    }

    private static void LogKeyGenerated(ILogger logger, string path) =>
        logger.LogWarning("Generated the audit key into {Path} (readable by the owner only). Back it up with the database: without it the audit chain cannot be verified.", path);
}
