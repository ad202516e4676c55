using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Flow.Triggers.Events;
using VersatileHub.Flow.Triggers.Schedules;

namespace VersatileHub.Flow.Workflows;

/// <summary>The tables an active workflow's triggers are listed in: schedules, event subscriptions and webhook routes.</summary>
internal sealed class TriggerConfiguration : IEntityTypeConfiguration<WorkflowSchedule>, IEntityTypeConfiguration<EventSubscription>, IEntityTypeConfiguration<WebhookRoute>
{
    public void Configure(EntityTypeBuilder<WorkflowSchedule> builder)
    {
        builder.ToTable("schedules");
        builder.HasKey(s => new { s.WorkflowId, s.NodeName });
        builder.Property(s => s.NodeName).HasMaxLength(200);
        builder.Property(s => s.Cron).HasMaxLength(200);
        builder.Property(s => s.TimeZone).HasMaxLength(100);
        builder.Ignore(s => s.Rule);
        builder.HasOne<Workflow>().WithMany().HasForeignKey(s => s.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.NextDueAt);
    }

    public void Configure(EntityTypeBuilder<EventSubscription> builder)
    {
        builder.ToTable("event_subscriptions");
        builder.HasKey(s => new { s.WorkflowId, s.NodeName });
        builder.Property(s => s.NodeName).HasMaxLength(200);
        builder.Property(s => s.EventType).HasMaxLength(200);
        builder.HasOne<Workflow>().WithMany().HasForeignKey(s => s.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.TenantId, s.EventType });
    }

    public void Configure(EntityTypeBuilder<WebhookRoute> builder)
    {
        builder.ToTable("webhook_routes");
        builder.HasKey(r => new { r.TenantId, r.Method, r.Path });
        builder.Property(r => r.Method).HasMaxLength(10);
        builder.Property(r => r.Path).HasMaxLength(500);
        builder.Property(r => r.NodeName).HasMaxLength(200);
        builder.HasOne<Workflow>().WithMany().HasForeignKey(r => r.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.WorkflowId);
    }
}
