using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VersatileHub.Hub.Customers;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers");
        builder.Property(c => c.Name).HasMaxLength(Customer.MaxNameLength);
        builder.Property(c => c.TaxId).HasMaxLength(Customer.MaxTaxIdLength);
        builder.Property(c => c.Notes).HasMaxLength(Customer.MaxNotesLength);
        builder.Property(c => c.Version).IsRowVersion();
        builder.HasMany(c => c.Phones).WithOne().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Phones).HasField("_phones").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(c => c.Emails).HasMethod("gin");
        builder.HasIndex(c => new { c.TenantId, c.Name });
    }
}

internal sealed class CustomerPhoneConfiguration : IEntityTypeConfiguration<CustomerPhone>
{
    public void Configure(EntityTypeBuilder<CustomerPhone> builder)
    {
        builder.ToTable("customer_phones");
        builder.Property(p => p.E164).HasMaxLength(20);
        builder.HasIndex(p => new { p.TenantId, p.E164 }).IsUnique();
    }
}
