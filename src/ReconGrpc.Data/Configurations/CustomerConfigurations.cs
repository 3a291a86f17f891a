using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customer");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Code).HasMaxLength(Customer.MaxCodeLength).IsRequired();
        builder.Property(c => c.Name).HasMaxLength(Customer.MaxNameLength).IsRequired();
        builder.Property(c => c.NormalizedName).HasMaxLength(Customer.MaxNameLength).IsRequired();
        builder.HasIndex(c => c.NormalizedName);
        builder.Property(c => c.NameTail).HasMaxLength(4).IsRequired();
        builder.HasIndex(c => c.NameTail);
        builder.Property(c => c.Mnemonic).HasMaxLength(Mnemonic.MaxLength).IsRequired();
        builder.HasIndex(c => c.Mnemonic);
        builder.HasIndex(c => c.Name);
        builder.Property(c => c.CategoryCode).HasMaxLength(CodingScheme.MaxLevels * CodingScheme.MaxSegmentLength).IsRequired();
        builder.HasIndex(c => c.CategoryCode);
        builder.HasOne<Category>().WithMany().HasForeignKey(c => c.CategoryCode).OnDelete(DeleteBehavior.Restrict);
        // Credit code and bank account are sealed, with a keyed hash beside each: see SensitiveFields.
        foreach (var text in new[] { nameof(Customer.ShortName), nameof(Customer.TaxNumber), nameof(Customer.BankName),
                     nameof(Customer.Address), nameof(Customer.Phone), nameof(Customer.Contact), nameof(Customer.Region), nameof(Customer.Industry),
                     nameof(Customer.SettlementMethod), nameof(Customer.ShipToAddress) })
        {
            builder.Property(text).HasMaxLength(Customer.MaxTextLength);
        }

        builder.Property(c => c.CreditLimit).HasPrecision(19, 4);
        builder.Property(c => c.DefaultTaxRate).HasPrecision(9, 6);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.OwnsMany(c => c.DimensionValues, values =>
        {
            values.ToTable("customer_dimension_value");
            values.WithOwner().HasForeignKey("CustomerId");
            values.Property<long>("CustomerId");
            values.HasKey("CustomerId", nameof(CustomerDimensionValue.DimensionCode));
            values.Property(v => v.DimensionCode).HasMaxLength(Dimension.MaxCodeLength);
            values.Property(v => v.Value).HasMaxLength(Dimension.MaxValueLength).IsRequired();
            values.HasIndex(v => new { v.DimensionCode, v.Value });
        });
        builder.Navigation(c => c.DimensionValues).AutoInclude();
    }
}

internal sealed class CustomerCategoryAssignmentConfiguration : IEntityTypeConfiguration<CustomerCategoryAssignment>
{
    public void Configure(EntityTypeBuilder<CustomerCategoryAssignment> builder)
    {
        builder.ToTable("customer_category_history");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.CategoryCode).HasMaxLength(CodingScheme.MaxLevels * CodingScheme.MaxSegmentLength).IsRequired();
        builder.Property(a => a.Reason).HasMaxLength(CustomerCategoryAssignment.MaxReasonLength).IsRequired();
        builder.Property(a => a.RecordedBy).HasMaxLength(40).IsRequired();
        builder.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.CustomerId, a.EffectiveFrom });
    }
}

internal sealed class CounterpartyAliasConfiguration : IEntityTypeConfiguration<CounterpartyAlias>
{
    public void Configure(EntityTypeBuilder<CounterpartyAlias> builder)
    {
        builder.ToTable("counterparty_alias");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.CustomerCode).HasMaxLength(Customer.MaxCodeLength).IsRequired();
        builder.HasIndex(a => a.CustomerCode);
        builder.Property(a => a.Name).HasMaxLength(CounterpartyAlias.MaxTextLength);
        builder.Property(a => a.NormalizedName).HasMaxLength(CounterpartyAlias.MaxTextLength);
        builder.HasIndex(a => a.NormalizedName);
        builder.Property(a => a.CreatedBy).HasMaxLength(40).IsRequired();
    }
}
