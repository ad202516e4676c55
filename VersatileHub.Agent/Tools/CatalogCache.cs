using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Agent.Tools;

/// <summary>
/// Catalog answers cached in Redis per tenant for <see cref="AgentOptions.CatalogCacheDuration"/>. Each tenant's keys carry a
/// generation number; a catalog event moves it on, so every cached answer of that tenant is dropped at once.
/// </summary>
public sealed class CatalogCache(IConnectionMultiplexer redis, IOptions<EventBusOptions> bus, IOptions<AgentOptions> options)
{
    public async Task<string> GetOrAddAsync(int tenant, string question, Func<Task<string>> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var db = redis.GetDatabase();
        var generation = (long?)await db.StringGetAsync(GenerationKey(tenant)) ?? 0;
        var key = $"{bus.Value.KeyPrefix}agent:catalog:{tenant.ToString(CultureInfo.InvariantCulture)}:{generation.ToString(CultureInfo.InvariantCulture)}:{question}";
        if (await db.StringGetAsync(key) is { HasValue: true } cached)
        {
            return cached.ToString();
        }
        var fresh = await answer();
        await db.StringSetAsync(key, fresh, options.Value.CatalogCacheDuration);
        return fresh;
    }

    public Task InvalidateAsync(int tenant) => redis.GetDatabase().StringIncrementAsync(GenerationKey(tenant));

    private string GenerationKey(int tenant) => $"{bus.Value.KeyPrefix}agent:catalog:{tenant.ToString(CultureInfo.InvariantCulture)}:generation";
}

/// <summary>The Hub changed a product or a category: the tenant's cached catalog answers are stale.</summary>
internal sealed class CatalogChanged(CatalogCache cache) : IIntegrationEventHandler
{
    public static readonly string[] EventTypes =
        ["product.created", "product.updated", "product.deleted", "category.created", "category.updated", "category.deleted"];

    public Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return cache.InvalidateAsync(@event.Tenant);
    }
}
