using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.Number).HasMaxLength(OrderNumbers.MaxLength);
        order.HasIndex(o => new { o.TenantId, o.Number }).IsUnique();
        order.HasIndex(o => new { o.TenantId, o.CustomerId });
        order.HasIndex(o => new { o.TenantId, o.CreatedAt });
        order.Property(o => o.Currency).HasMaxLength(Order.MaxCurrencyLength).IsFixedLength();
        order.Property(o => o.Subtotal).HasPrecision(12, 2);
        order.Property(o => o.Discount).HasPrecision(12, 2);
        order.Property(o => o.Shipping).HasPrecision(12, 2);
        order.Property(o => o.Total).HasPrecision(12, 2);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        order.Property(o => o.TrackingCode).HasMaxLength(Order.MaxTrackingCodeLength);
        order.Property(o => o.CancellationReason).HasMaxLength(Order.MaxNoteLength);
        order.Property(o => o.Version).IsRowVersion();

        order.OwnsMany(o => o.Lines, line =>
        {
            line.ToTable("order_lines");
            line.WithOwner().HasForeignKey("OrderId");
            line.HasKey(l => l.Id);
            line.Property(l => l.Sku).HasMaxLength(OrderLine.MaxSkuLength);
            line.Property(l => l.Description).HasMaxLength(OrderLine.MaxDescriptionLength);
            line.Property(l => l.UnitPrice).HasPrecision(12, 2);
            line.Property(l => l.LineTotal).HasPrecision(12, 2);
        });
        order.Navigation(o => o.Lines).HasField("_lines");

        order.OwnsMany(o => o.History, change =>
        {
            change.ToTable("order_status_changes");
            change.WithOwner().HasForeignKey("OrderId");
            change.HasKey(c => c.Id);
            change.Property(c => c.From).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.To).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.Actor).HasMaxLength(Actor.MaxLength);
            change.Property(c => c.Note).HasMaxLength(Order.MaxNoteLength);
        });
        order.Navigation(o => o.History).HasField("_history");
    }
}

internal sealed class OrderNumberSequenceConfiguration : IEntityTypeConfiguration<OrderNumberSequence>
{
    public void Configure(EntityTypeBuilder<OrderNumberSequence> sequence)
    {
        sequence.ToTable("order_number_sequences");
        sequence.HasKey(s => s.TenantId);
        sequence.Property(s => s.TenantId).ValueGeneratedNever();
    }
}
