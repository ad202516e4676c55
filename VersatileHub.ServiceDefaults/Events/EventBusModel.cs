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
            // Rows live only until the relay has put them on the stream, so the table stays small and needs no other index.
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            outbox.Property(m => m.EventId).HasColumnName("event_id");
            outbox.Property(m => m.Type).HasColumnName("type").HasMaxLength(200);
            // json, not jsonb: stored and read back verbatim, without parsing on the hot path.
            outbox.Property(m => m.Envelope).HasColumnName("envelope").HasColumnType("json");
            outbox.Property(m => m.CreatedAt).HasColumnName("created_at");
        });

        modelBuilder.Entity<ProcessedEvent>(processed =>
        {
            processed.ToTable(ProcessedEventsTable);
            processed.HasKey(p => new { p.ConsumerGroup, p.EventId });
            processed.Property(p => p.ConsumerGroup).HasColumnName("consumer_group").HasMaxLength(100);
            processed.Property(p => p.EventId).HasColumnName("event_id");
            processed.Property(p => p.ProcessedAt).HasColumnName("processed_at");
            // Marks arrive in time order, so a BRIN index serves the retention purge at almost no cost per insert.
            processed.HasIndex(p => p.ProcessedAt).HasMethod("brin");
        });

        return modelBuilder;
    }
}
