using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Orders;
using VersatileHub.Hub.Tenancy;
using VersatileHub.Hub.Tickets;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Outbox;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Orders;

/// <summary>A DI scope of the hosted Hub acting for one tenant, as a request of that tenant's member would.</summary>
internal sealed class TenantScope : IAsyncDisposable
{
    private static int _lastTenant = 1000;

    private readonly AsyncServiceScope _scope;

    private TenantScope(AsyncServiceScope scope, int tenantId)
    {
        _scope = scope;
        TenantId = tenantId;
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenantId);
    }

    public int TenantId { get; }

    public IServiceProvider Services => _scope.ServiceProvider;

    public HubDbContext Db => Services.GetRequiredService<HubDbContext>();

    public OrderServices Orders => new(
        Db, Services.GetRequiredService<CurrentTenant>(), Services.GetRequiredService<EventPublisher>(), Services.GetRequiredService<TimeProvider>());

    public OrderSource OrderSource => Services.GetRequiredService<OrderSource>();

    public TicketServices Tickets => new(
        Db, Services.GetRequiredService<CurrentTenant>(), Services.GetRequiredService<EventPublisher>(), Services.GetRequiredService<TimeProvider>());

    /// <summary>A customer of this tenant, stored without its event so that specs of other events see only theirs.</summary>
    public async Task<int> NewCustomerAsync(string name = "Lucía Fernández")
    {
        var customer = Customer.Create(name, DateTimeOffset.UtcNow);
        Db.Add(customer);
        await Db.SaveChangesAsync();
        return customer.Id;
    }

    public static ClaimsPrincipal User(string userId) => new(new ClaimsIdentity([new Claim(HubClaims.UserId, userId)], "test"));

    /// <summary>A tenant no other test uses, so tests sharing a database do not see each other's rows or events.</summary>
    public static int NewTenantId() => Interlocked.Increment(ref _lastTenant);

    public static TenantScope Open(HubFactory factory, int tenantId) => new(factory.Services.CreateAsyncScope(), tenantId);

    /// <summary>
    /// The tenant's events, wherever the relay has got to with them: still in the outbox, or already on the Hub's stream.
    /// The outbox is read first, so an event relayed in between is found on the stream.
    /// </summary>
    public static async Task<IReadOnlyList<IntegrationEvent>> EventsAsync(HubFactory factory, int tenantId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var outbox = await scope.ServiceProvider.GetRequiredService<HubDbContext>().Set<OutboxMessage>().AsNoTracking()
            .OrderBy(m => m.Sequence).Select(m => m.Envelope).ToListAsync();
        var stream = await factory.Redis.Database.StreamRangeAsync(factory.Redis.KeyPrefix + "events:hub");
        // Relayed events are the older ones: stream first, then what is still waiting, gives publication order.
        return stream.Select(e => (string)e["event"]!).Concat(outbox)
            .Select(IntegrationEvent.FromJson)
            .Where(e => e.Tenant == tenantId)
            .DistinctBy(e => e.Id)
            .ToList();
    }

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}
