using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Data.Configurations;

internal sealed class StoredExchangeRateConfiguration : IEntityTypeConfiguration<StoredExchangeRate>
{
    public void Configure(EntityTypeBuilder<StoredExchangeRate> builder)
    {
        builder.ToTable("exchange_rate");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Currency).HasMaxLength(3).IsRequired();
        builder.Property(r => r.Rate).HasPrecision(18, StoredExchangeRate.MaxDecimals);
        builder.Property(r => r.RecordedBy).HasMaxLength(40).IsRequired();
        builder.Property(r => r.RecordedFor).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        // One rate per currency and day; a run reads every currency's rates up to its end date.
        builder.HasIndex(r => new { r.Currency, r.Date }).IsUnique();
    }
}
