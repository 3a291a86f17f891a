using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_key");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(40);
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength).IsRequired();
        builder.Property(k => k.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.SecretHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(k => k.SecretHash).IsUnique();
        builder.Property(k => k.CreatedBy).HasMaxLength(40).IsRequired();
        builder.Property(k => k.Holder).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        builder.Ignore(k => k.IsActive);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entry");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Actor).HasMaxLength(40).IsRequired();
        builder.Property(e => e.Action).HasMaxLength(80).IsRequired();
        builder.Property(e => e.EntityType).HasMaxLength(40).IsRequired();
        builder.Property(e => e.EntityId).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.Property(e => e.TraceId).HasMaxLength(32);
        builder.Property(e => e.Person).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        // Null for entries sealed before the chain was keyed (plain SHA-256); see AuditEntry.KeyId.
        builder.Property(e => e.KeyId).HasMaxLength(16);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(e => new { e.EntityType, e.EntityId });
        builder.HasIndex(e => e.Actor);
        builder.HasIndex(e => e.Time);
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> builder)
    {
        builder.ToTable("audit_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64).IsRequired();
        builder.Property(h => h.Version).IsConcurrencyToken();
        builder.HasData(new { Id = AuditHead.SingletonId, LastSequence = 0L, LastHash = "", Version = 0L });
    }
}
