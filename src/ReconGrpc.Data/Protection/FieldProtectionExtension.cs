using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ReconGrpc.Data.Protection;

/// <summary>
/// Carries a server's <see cref="FieldCipher"/> in its context options. The model's value conversions hold the
/// cipher, so each key gets a model of its own (<see cref="FieldKeyModelCacheKeyFactory"/>): two servers in one
/// process with different keys never share one.
/// </summary>
public sealed class FieldProtectionExtension(FieldCipher cipher) : IDbContextOptionsExtension
{
    public FieldCipher Cipher { get; } = cipher;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(FieldProtectionExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "FieldKey=" + extension.Cipher.KeyId + " ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Recon:FieldKey"] = extension.Cipher.KeyId;
    }
}

/// <summary>Caches the model per context type and field key.</summary>
public sealed class FieldKeyModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), designTime, context.GetService<IDbContextOptions>().FindExtension<FieldProtectionExtension>()?.Cipher);
}

public static class FieldProtectionOptions
{
    /// <summary>Seals customers' bank accounts and credit codes under <paramref name="cipher"/>.</summary>
    public static DbContextOptionsBuilder UseFieldProtection(this DbContextOptionsBuilder builder, FieldCipher cipher)
    {
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new FieldProtectionExtension(cipher));
        return builder.ReplaceService<IModelCacheKeyFactory, FieldKeyModelCacheKeyFactory>();
    }
}
