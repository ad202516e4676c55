using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;
using VersatileHub.ServiceDefaults.Events.Outbox;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.ServiceDefaults.Events;

/// <summary>Outbox → relay → Redis Streams → consumer groups, with real PostgreSQL and Redis, including the failure paths.</summary>
public sealed class EventDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly List<IHost> _hosts = [];
    private TestDatabase _shopDb = null!;
    private TestDatabase _ledgerDb = null!;
    private TestRedis _redis = null!;

    private string ShopStream => _redis.KeyPrefix + "events:shop";

    public async Task InitializeAsync()
    {
        _shopDb = await TestDatabase.CreateAsync("shop");
        _ledgerDb = await TestDatabase.CreateAsync("ledger");
        _redis = await TestRedis.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
        await _shopDb.DisposeAsync();
        await _ledgerDb.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Each_consumer_group_receives_each_event()
    {
        var shop = await StartProducerAsync();
        await StartConsumerAsync("billing", name: "billing-1");
        await StartConsumerAsync("shipping", name: "shipping-1");

        var published = await PlaceOrdersAsync(shop, "D-1", "D-2", "D-3");

        await EventBusHosts.Eventually(async () => await LedgerCountAsync() == 6, Patience, "both groups applied all three events");
        var entries = await LedgerAsync();
        Assert.Equal(published.Order(), entries.Where(e => e.HandledBy == "billing-1").Select(e => e.EventId).Order());
        Assert.Equal(published.Order(), entries.Where(e => e.HandledBy == "shipping-1").Select(e => e.EventId).Order());
    }

    [Fact]
    public async Task Event_published_again_by_a_relay_killed_before_marking_is_applied_once()
    {
        var shop = await StartProducerAsync(bus => bus.Services.Replace(
            ServiceDescriptor.Singleton<IEventStreamWriter>(services => new DiesAfterFirstAppend(
                new RedisEventStreamWriter(
                    services.GetRequiredService<IConnectionMultiplexer>(),
                    services.GetRequiredService<IOptions<EventBusOptions>>())))));

        var published = await PlaceOrdersAsync(shop, "E-1");
        await EventBusHosts.Eventually(
            async () => await _redis.Database.StreamLengthAsync(ShopStream) == 2, Patience, "the restarted relay appended the event again");

        await StartConsumerAsync("billing", name: "billing-1");
        await EventBusHosts.Eventually(
            // Delivered first, then nothing pending: an entry leaves the pending list only after its handling committed.
            async () => await DeliveredAllAsync("billing") && await PendingAsync("billing") == 0,
            Patience,
            "the consumer read and acknowledged both copies");

        var applied = await LedgerAsync();
        Assert.Equal(published, applied.Select(e => e.EventId));
    }

    [Fact]
    public async Task Event_left_pending_by_a_consumer_that_died_mid_handling_is_handled_by_another_after_the_claim_timeout()
    {
        var fastClaims = new Dictionary<string, string?> { ["EventBus:ClaimTimeout"] = "00:00:00.500" };
        var shop = await StartProducerAsync();
        var dying = await StartConsumerAsync("billing", name: "billing-dying", fastClaims, bus => bus.AddHandler<HangsForever>("order.created"));

        var published = await PlaceOrdersAsync(shop, "F-1");
        await EventBusHosts.Eventually(
            async () => await PendingAsync("billing") == 1,
            Patience,
            "the first consumer took the event");
        await dying.StopAsync();

        await StartConsumerAsync("billing", name: "billing-survivor", fastClaims);

        await EventBusHosts.Eventually(async () => await LedgerCountAsync() == 1, Patience, "the survivor applied the event");
        var entry = Assert.Single(await LedgerAsync());
        Assert.Equal((published.Single(), "billing-survivor"), (entry.EventId, entry.HandledBy));
        await EventBusHosts.Eventually(
            async () => await PendingAsync("billing") == 0,
            Patience,
            "the event is acknowledged");
    }

    [Fact]
    public async Task Poison_event_is_parked_after_the_maximum_attempts_with_its_last_error_while_its_batch_goes_through()
    {
        var shop = await StartProducerAsync();
        var billing = await StartConsumerAsync(
            "billing",
            name: "billing-1",
            new Dictionary<string, string?>
            {
                ["EventBus:ClaimTimeout"] = "00:00:00.200",
                ["EventBus:MaxAttempts"] = "3",
                ["EventBus:MaxConcurrency"] = "1",
            },
            bus => bus.AddHandler<RejectsOrderG1>("order.created"));

        var published = await PlaceOrdersAsync(shop, "G-0", "G-1", "G-2");

        var parkedEvents = billing.Services.GetRequiredService<ParkedEvents>();
        await EventBusHosts.Eventually(async () => (await parkedEvents.ListAsync()).Count == 1, Patience, "the poison event is parked");
        var parked = (await parkedEvents.ListAsync()).Single();
        Assert.Equal(published[1], parked.Event!.Id);
        Assert.Equal(3, parked.Attempts);
        Assert.Equal("shop", parked.Producer);
        Assert.Contains("The ledger is closed for order G-1", parked.Error, StringComparison.Ordinal);
        Assert.Equal(0, await PendingAsync("billing"));
        Assert.Equal(["G-0", "G-2"], (await LedgerAsync()).Select(e => e.OrderNumber));
    }

    private async Task<IHost> StartProducerAsync(Action<EventBusBuilder>? configure = null)
    {
        var host = EventBusHosts.Producer("shop", _redis, _shopDb, configure);
        await EventBusHosts.CreateSchemaAsync<ShopContext>(host);
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    private async Task<IHost> StartConsumerAsync(
        string group, string name, IDictionary<string, string?>? settings = null, Action<EventBusBuilder>? handlers = null)
    {
        var host = EventBusHosts.Consumer(group, "shop", _redis, _ledgerDb, name, settings, handlers);
        await EventBusHosts.CreateSchemaAsync<LedgerContext>(host);
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    private static async Task<List<Guid>> PlaceOrdersAsync(IHost shop, params string[] numbers)
    {
        await using var scope = shop.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopContext>();
        var publisher = scope.ServiceProvider.GetRequiredService<EventPublisher>();
        var ids = new List<Guid>();
        foreach (var number in numbers)
        {
            db.Orders.Add(new Order { Number = number });
            ids.Add(publisher.Publish(db, "order.created", tenant: 1, subject: number, new OrderCreated(number)).Id);
        }
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>Entries delivered to the group and not yet acknowledged; -1 while the group does not exist yet.</summary>
    private async Task<long> PendingAsync(string group)
    {
        try
        {
            return (await _redis.Database.StreamPendingAsync(ShopStream, group)).PendingMessageCount;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return -1;
        }
    }

    private async Task<bool> DeliveredAllAsync(string group)
    {
        var info = (await _redis.Database.StreamGroupInfoAsync(ShopStream)).SingleOrDefault(g => g.Name == group);
        return info.Name is not null && info.LastDeliveredId == (await _redis.Database.StreamRangeAsync(ShopStream)).Last().Id;
    }

    private async Task<List<LedgerEntry>> LedgerAsync()
    {
        await using var ledger = new LedgerContext(new DbContextOptionsBuilder<LedgerContext>().UseNpgsql(_ledgerDb.ConnectionString).UseSnakeCaseNamingConvention().Options);
        return await ledger.Entries.OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<int> LedgerCountAsync() => (await LedgerAsync()).Count;

    /// <summary>Appends, then dies before the relay can mark the rows published; the next relay run works.</summary>
    private sealed class DiesAfterFirstAppend(IEventStreamWriter inner) : IEventStreamWriter
    {
        private int _appends;

        public async Task AppendAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken)
        {
            await inner.AppendAsync(events, cancellationToken);
            if (Interlocked.Increment(ref _appends) == 1)
            {
                throw new IOException("The relay process was killed.");
            }
        }
    }

    private sealed class HangsForever : IIntegrationEventHandler
    {
        public Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken) =>
            Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private sealed class RejectsOrderG1(RecordOrderInLedger ledger) : IIntegrationEventHandler
    {
        public Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken) =>
            @event.Subject == "G-1"
                ? throw new InvalidOperationException($"The ledger is closed for order {@event.Subject}.")
                : ledger.HandleAsync(@event, cancellationToken);
    }
}
