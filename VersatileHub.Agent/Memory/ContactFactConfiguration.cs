using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VersatileHub.Agent.Memory;

internal sealed class ContactFactConfiguration : IEntityTypeConfiguration<ContactFact>
{
    public void Configure(EntityTypeBuilder<ContactFact> builder)
    {
        builder.ToTable("contact_facts");
        builder.Property(f => f.Text).HasMaxLength(ContactFact.MaxLength);
        builder.Property(f => f.Key).HasMaxLength(ContactFact.MaxLength);
        // A contact knows a fact once, however it is capitalised or accented: the last word on a race between two turns.
        builder.HasIndex(f => new { f.TenantId, f.ContactId, f.Key }).IsUnique();
    }
}
