using ReconGrpc.Data.Protection;

namespace ReconGrpc.Server.Extensions;

/// <summary>The key customers' bank accounts and credit codes are sealed under (<c>Secrets</c> section).</summary>
public sealed class SecretsOptions
{
    /// <summary>
    /// The field key: at least 32 bytes of text (32 random bytes, base64-encoded); give every server of one database
    /// the same. Without it, the key is read from <see cref="FieldKeyFile"/>, generated there on first start.
    /// </summary>
    public string? FieldKey { get; set; }

    /// <summary>Where the field key is kept when <see cref="FieldKey"/> is not set; default <c>field.key</c> in the data folder.</summary>
    public string? FieldKeyFile { get; set; }
}

public static class FieldKeyExtensions
{
    /// <summary>Registers the <see cref="FieldCipher"/> the database seals sensitive customer fields with.</summary>
    public static WebApplicationBuilder AddReconFieldKey(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Secrets").Get<SecretsOptions>() ?? new SecretsOptions();
        var keyFile = Path.GetFullPath(options.FieldKeyFile ?? Path.Combine(builder.DataDirectory(), "field.key"), builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(sp => LoadKey(options.FieldKey, keyFile, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FieldCipher))));
        builder.Services.AddSingleton<PlainFieldSealer>();
        return builder;
    }

    private static FieldCipher LoadKey(string? configured, string keyFile, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                return FieldCipher.FromText(configured);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"Secrets:FieldKey is too short: {ex.Message}", ex);
            }
        }

        var text = KeyFile.ReadOrCreate(keyFile, FieldCipher.NewSecretText, () => LogKeyGenerated(logger, keyFile));
        try
        {
            return FieldCipher.FromText(text);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"The field key file {keyFile} holds too short a key: {ex.Message}", ex);
        }
    }

    private static void LogKeyGenerated(ILogger logger, string path) =>
        logger.LogWarning("Generated the field key into {Path} (readable by the owner only). Back it up with the database: without it customers' bank accounts and credit codes cannot be read.", path);
}
