using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>
/// Answers read from a store, kept in Redis for a short while so that repeated questions do not reach the store each
/// time. Freshness is judged by the Hub's <see cref="TimeProvider"/> (the Redis expiry only clears old keys); failures
/// and absent answers are never kept; when Redis fails, the store is read directly.
/// </summary>
internal sealed class StoreReadCache(
    IConnectionMultiplexer redis, TimeProvider time, IOptions<TiendaNubeOptions> options, ILogger<StoreReadCache> logger)
{
    private sealed record Entry<T>(DateTimeOffset FreshUntil, T Value);

    public async Task<T?> GetOrReadAsync<T>(
        string key, TimeSpan ttl, Func<CancellationToken, Task<T?>> read, CancellationToken cancellationToken) where T : class
    {
        var redisKey = new RedisKey(options.Value.CacheKeyPrefix + key);
        var now = time.GetUtcNow();
        if (await TryReadAsync<T>(redisKey) is { } entry && entry.FreshUntil > now)
        {
            return entry.Value;
        }

        var value = await read(cancellationToken);
        if (value is not null && ttl > TimeSpan.Zero)
        {
            await TryWriteAsync(redisKey, new Entry<T>(now + ttl, value), ttl);
        }
        return value;
    }

    private async Task<Entry<T>?> TryReadAsync<T>(RedisKey key)
    {
        try
        {
            var stored = await redis.GetDatabase().StringGetAsync(key);
            return stored.IsNullOrEmpty ? null : JsonSerializer.Deserialize<Entry<T>>((string)stored!, TiendaNubeJson.Options);
        }
        catch (Exception exception) when (exception is RedisException or JsonException)
        {
            logger.LogWarning(exception, "Could not read the cached store answer {Key}; reading the store.", key);
            return null;
        }
    }

    private async Task TryWriteAsync<T>(RedisKey key, Entry<T> entry, TimeSpan ttl)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(entry, TiendaNubeJson.Options), ttl);
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "Could not cache the store answer {Key}.", key);
        }
    }
}
