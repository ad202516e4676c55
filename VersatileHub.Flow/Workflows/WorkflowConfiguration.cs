using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Flow.Data;

namespace VersatileHub.Flow.Workflows;

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>, IEntityTypeConfiguration<WorkflowVersion>, IEntityTypeConfiguration<TenantVariable>
{
    public void Configure(EntityTypeBuilder<Workflow> builder)
    {
        builder.ToTable("workflows");
        builder.Property(w => w.Name).HasMaxLength(200);
        builder.Property(w => w.Definition).HasDefinitionConversion();
        builder.HasIndex(w => new { w.TenantId, w.Name }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<WorkflowVersion> builder)
    {
        builder.ToTable("workflow_versions");
        builder.HasKey(v => new { v.WorkflowId, v.Version });
        builder.Property(v => v.Definition).HasDefinitionConversion();
        builder.HasOne<Workflow>().WithMany().HasForeignKey(v => v.WorkflowId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TenantVariable> builder)
    {
        builder.ToTable("variables");
        builder.HasKey(v => new { v.TenantId, v.Name });
        builder.Property(v => v.Name).HasMaxLength(100);
    }
}
