using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.ServiceDefaults.Data;

namespace VersatileHub.Chat.Webhooks;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.Property(s => s.Name).HasMaxLength(WebhookSubscription.MaxNameLength);
        builder.PrimitiveCollection(s => s.Subscriptions).Metadata.SetValueComparer(StringListComparer.Instance);
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Event).HasMaxLength(50);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Attempts).UsePropertyAccessMode(PropertyAccessMode.Field);
        // An event reaches a subscription once, whatever replays the event bus makes.
        builder.HasIndex(d => new { d.SubscriptionId, d.SourceEventId }).IsUnique();
        // The dispatcher's question: which pending deliveries are due.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.HasKey(a => new { a.DeliveryId, a.Number });
        builder.Property(a => a.Error).HasMaxLength(WebhookDelivery.MaxErrorLength);
    }
}
