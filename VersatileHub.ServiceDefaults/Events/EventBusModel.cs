using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events.Consuming;
using VersatileHub.ServiceDefaults.Events.Outbox;

namespace VersatileHub.ServiceDefaults.Events;

public static class EventBusModel
{
    internal const string OutboxTable = "outbox";
    internal const string ProcessedEventsTable = "processed_events";

    /// <summary>Adds the <c>outbox</c> and <c>processed_events</c> tables to a service's model, so events share its transactions.</summary>
    public static ModelBuilder AddEventBusTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            outbox.Property(m => m.EventId).HasColumnName("event_id");
            outbox.Property(m => m.Type).HasColumnName("type").HasMaxLength(200);
            outbox.Property(m => m.Envelope).HasColumnName("envelope").HasColumnType("jsonb");
            outbox.Property(m => m.CreatedAt).HasColumnName("created_at");
            outbox.Property(m => m.PublishedAt).HasColumnName("published_at");
            outbox.HasIndex(m => m.EventId).IsUnique();
            outbox.HasIndex(m => m.Sequence).HasDatabaseName("ix_outbox_pending").HasFilter("published_at IS NULL");
            outbox.HasIndex(m => m.PublishedAt).HasDatabaseName("ix_outbox_published_at");
        });

        modelBuilder.Entity<ProcessedEvent>(processed =>
        {
            processed.ToTable(ProcessedEventsTable);
            processed.HasKey(p => new { p.ConsumerGroup, p.EventId });
            processed.Property(p => p.ConsumerGroup).HasColumnName("consumer_group").HasMaxLength(100);
            processed.Property(p => p.EventId).HasColumnName("event_id");
            processed.Property(p => p.ProcessedAt).HasColumnName("processed_at");
            processed.HasIndex(p => p.ProcessedAt);
        });

        return modelBuilder;
    }
}
