using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReconGrpc.Domain.Categories;

namespace ReconGrpc.Data.Configurations;

internal sealed class CodingSchemeSettingConfiguration : IEntityTypeConfiguration<CodingSchemeSetting>
{
    public void Configure(EntityTypeBuilder<CodingSchemeSetting> builder)
    {
        builder.ToTable("coding_scheme");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Pattern).HasMaxLength(40).IsRequired();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.Scheme);
        builder.HasData(new { Id = CodingSchemeSetting.SingletonId, Pattern = CodingScheme.Default.Pattern, Version = 1L, UpdatedAt = DateTimeOffset.UnixEpoch });
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("category");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(CodingScheme.MaxLevels * CodingScheme.MaxSegmentLength);
        builder.Property(c => c.Name).HasMaxLength(Category.MaxNameLength).IsRequired();
        builder.Property(c => c.ParentCode).HasMaxLength(CodingScheme.MaxLevels * CodingScheme.MaxSegmentLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.ParentCode, c.Name });
        builder.HasIndex(c => c.Level);
        builder.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DimensionConfiguration : IEntityTypeConfiguration<Dimension>
{
    public void Configure(EntityTypeBuilder<Dimension> builder)
    {
        builder.ToTable("dimension");
        builder.HasKey(d => d.Code);
        builder.Property(d => d.Code).HasMaxLength(Dimension.MaxCodeLength);
        builder.Property(d => d.Name).HasMaxLength(Dimension.MaxNameLength).IsRequired();
        builder.HasIndex(d => d.Name).IsUnique();
        builder.PrimitiveCollection(d => d.AllowedValues).IsRequired();
        builder.Property(d => d.Version).IsConcurrencyToken();
    }
}
