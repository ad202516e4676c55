using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Outbox;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.ServiceDefaults.Events;

public sealed class OutboxTests : IAsyncLifetime
{
    private TestDatabase _shopDb = null!;
    private TestRedis _redis = null!;
    private IHost _shop = null!;

    public async Task InitializeAsync()
    {
        _shopDb = await TestDatabase.CreateAsync("outbox");
        _redis = await TestRedis.CreateAsync();
        _shop = EventBusHosts.Producer("shop", _redis, _shopDb);
        await EventBusHosts.CreateSchemaAsync<ShopContext>(_shop);
    }

    public async Task DisposeAsync()
    {
        _shop.Dispose();
        await _shopDb.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Event_is_stored_by_the_same_save_as_the_change()
    {
        await using (var scope = _shop.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopContext>();
            var publisher = scope.ServiceProvider.GetRequiredService<EventPublisher>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Orders.Add(new Order { Number = "A-1" });
            publisher.Publish(db, "order.created", tenant: 7, subject: "A-1", new OrderCreated("A-1"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await using var check = _shop.Services.CreateAsyncScope();
        var stored = check.ServiceProvider.GetRequiredService<ShopContext>();
        Assert.Equal("A-1", (await stored.Orders.SingleAsync()).Number);
        var outbox = await stored.Set<OutboxMessage>().SingleAsync();
        Assert.Equal("order.created", outbox.Type);

        var envelope = IntegrationEvent.FromJson(outbox.Envelope);
        Assert.Equal(("shop", 7, "A-1"), (envelope.Source, envelope.Tenant, envelope.Subject));
        Assert.Equal("A-1", envelope.DataAs<OrderCreated>()!.Number);
    }

    [Fact]
    public async Task Event_is_not_stored_when_the_transaction_rolls_back()
    {
        await using (var scope = _shop.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopContext>();
            var publisher = scope.ServiceProvider.GetRequiredService<EventPublisher>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Orders.Add(new Order { Number = "B-1" });
            publisher.Publish(db, "order.created", tenant: 7, subject: "B-1", new OrderCreated("B-1"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using var check = _shop.Services.CreateAsyncScope();
        var stored = check.ServiceProvider.GetRequiredService<ShopContext>();
        Assert.False(await stored.Orders.AnyAsync());
        Assert.False(await stored.Set<OutboxMessage>().AnyAsync());
    }

    [Fact]
    public async Task Relay_moves_a_committed_event_from_the_outbox_to_the_producers_stream()
    {
        await _shop.StartAsync();
        Guid eventId;
        await using (var scope = _shop.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopContext>();
            db.Orders.Add(new Order { Number = "C-1" });
            eventId = scope.ServiceProvider.GetRequiredService<EventPublisher>()
                .Publish(db, "order.created", tenant: 3, subject: "C-1", new OrderCreated("C-1")).Id;
            await db.SaveChangesAsync();
        }

        var stream = _redis.KeyPrefix + "events:shop";
        await EventBusHosts.Eventually(
            async () => await _redis.Database.StreamLengthAsync(stream) == 1, TimeSpan.FromSeconds(10), "the event is on the stream");
        var entry = (await _redis.Database.StreamRangeAsync(stream)).Single();
        Assert.Equal("order.created", (string?)entry["type"]);
        Assert.Equal(eventId, IntegrationEvent.FromJson((string)entry["event"]!).Id);

        await EventBusHosts.Eventually(
            async () =>
            {
                await using var scope = _shop.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ShopContext>();
                return !await db.Set<OutboxMessage>().AnyAsync();
            },
            TimeSpan.FromSeconds(10),
            "the outbox row is gone");
        await _shop.StopAsync();
    }
}
