using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Execution;

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>, IEntityTypeConfiguration<Step>
{
    public void Configure(EntityTypeBuilder<Run> builder)
    {
        builder.ToTable("runs");
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.TriggerNode).HasMaxLength(200);
        builder.Property(r => r.TriggeredBy).HasMaxLength(200);
        builder.Property(r => r.FailedNode).HasMaxLength(200);
        builder.Property(r => r.LeasedBy).HasMaxLength(100);
        builder.Property(r => r.TriggerItems).HasJsonbConversion();
        builder.HasOne<Workflow>().WithMany().HasForeignKey(r => r.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.TenantId, r.WorkflowId, r.QueuedAt });
        // The queue: only runs a worker may take are in this index.
        builder.HasIndex(r => r.DueAt).HasFilter("status IN ('Queued', 'Waiting')").HasDatabaseName("ix_runs_queue");
        // Leases to take over when a worker dies, and running runs counted against a workflow's concurrency limit.
        builder.HasIndex(r => r.LeaseUntil).HasFilter("status = 'Running'").HasDatabaseName("ix_runs_leases");
        builder.HasIndex(r => new { r.WorkflowId, r.Status }).HasFilter("status = 'Running'").HasDatabaseName("ix_runs_running");
        // Pruning by age and per-workflow count.
        builder.HasIndex(r => new { r.WorkflowId, r.QueuedAt }).HasDatabaseName("ix_runs_workflow_queued");
        builder.HasIndex(r => r.FinishedAt).HasFilter("finished_at IS NOT NULL").HasDatabaseName("ix_runs_finished");
    }

    public void Configure(EntityTypeBuilder<Step> builder)
    {
        builder.ToTable("steps");
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.NodeName).HasMaxLength(200);
        builder.Property(s => s.Input).HasJsonbConversion();
        builder.Property(s => s.Output).HasNullableJsonbConversion();
        builder.HasOne<Run>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.RunId, s.Sequence }).IsUnique();
    }
}
