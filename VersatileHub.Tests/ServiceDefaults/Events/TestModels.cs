using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Tests.ServiceDefaults.Events;

/// <summary>A producing service's database: its own rows plus the outbox.</summary>
public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>().ToTable("orders");
        modelBuilder.AddEventBusTables();
    }
}

public sealed class Order
{
    public int Id { get; set; }

    public required string Number { get; set; }
}

/// <summary>A consuming service's database: what its handler applied, plus the processed-event marks.</summary>
public sealed class LedgerContext(DbContextOptions<LedgerContext> options) : DbContext(options)
{
    public DbSet<LedgerEntry> Entries => Set<LedgerEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LedgerEntry>().ToTable("ledger_entries");
        modelBuilder.AddEventBusTables();
    }
}

public sealed class LedgerEntry
{
    public int Id { get; set; }

    public Guid EventId { get; set; }

    public required string OrderNumber { get; set; }

    public required string HandledBy { get; set; }
}

public sealed record OrderCreated(string Number);

/// <summary>Applies <c>order.created</c> by writing a ledger entry: a duplicate application would show as a second row.</summary>
public sealed class RecordOrderInLedger(LedgerContext ledger, ConsumerIdentity consumer) : IIntegrationEventHandler
{
    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        var order = @event.DataAs<OrderCreated>()!;
        ledger.Entries.Add(new LedgerEntry { EventId = @event.Id, OrderNumber = order.Number, HandledBy = consumer.Name });
        await ledger.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Names a consumer process in tests that run several side by side.</summary>
public sealed record ConsumerIdentity(string Name);
