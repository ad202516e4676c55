using StackExchange.Redis;

namespace VersatileHub.Tests.Infrastructure;

/// <summary>A key space of its own on the shared Redis (a unique prefix), deleted when disposed.</summary>
public sealed class TestRedis : IAsyncDisposable
{
    private TestRedis(ConnectionMultiplexer connection, string keyPrefix)
    {
        Connection = connection;
        KeyPrefix = keyPrefix;
    }

    public ConnectionMultiplexer Connection { get; }

    /// <summary>Prefix for every key the code under test writes, e.g. <c>t3f2a…:</c>.</summary>
    public string KeyPrefix { get; }

    public IDatabase Database => Connection.GetDatabase();

    public static async Task<TestRedis> CreateAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        return new TestRedis(connection, $"t{Guid.NewGuid():N}:");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in Connection.GetEndPoints())
        {
            var server = Connection.GetServer(endpoint);
            await foreach (var key in server.KeysAsync(pattern: KeyPrefix + "*"))
            {
                await Connection.GetDatabase().KeyDeleteAsync(key);
            }
        }
        await Connection.DisposeAsync();
    }
}
