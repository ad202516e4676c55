using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.ServiceDefaults.Events;

/// <summary>Builds real hosts wired like services: a producer with an outbox, consumers with an EF inbox.</summary>
internal static class EventBusHosts
{
    public static HostApplicationBuilder Builder(TestRedis redis, IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = TestServers.Redis,
            ["EventBus:KeyPrefix"] = redis.KeyPrefix,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddRedisClient("redis");
        return builder;
    }

    public static IHost Producer(string service, TestRedis redis, TestDatabase shopDb, Action<EventBusBuilder>? configure = null)
    {
        var builder = Builder(redis, new Dictionary<string, string?> { ["ConnectionStrings:shopdb"] = shopDb.ConnectionString });
        builder.AddNpgsqlDbContext<ShopContext>("shopdb");
        var bus = builder.AddEventBus(service).AddOutbox<ShopContext>();
        configure?.Invoke(bus);
        return builder.Build();
    }

    public static IHost Consumer(
        string group, string producer, TestRedis redis, TestDatabase ledgerDb, string name, IDictionary<string, string?>? settings = null,
        Action<EventBusBuilder>? handlers = null)
    {
        var all = new Dictionary<string, string?> { ["ConnectionStrings:ledgerdb"] = ledgerDb.ConnectionString };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var builder = Builder(redis, all);
        builder.AddNpgsqlDbContext<LedgerContext>("ledgerdb");
        builder.Services.AddSingleton(new ConsumerIdentity(name));
        builder.Services.AddScoped<RecordOrderInLedger>();
        var bus = builder.AddEventBus(group).UseInbox<LedgerContext>().Subscribe(producer);
        (handlers ?? (b => b.AddHandler<RecordOrderInLedger>("order.created")))(bus);
        return builder.Build();
    }

    public static async Task CreateSchemaAsync<TContext>(IHost host) where TContext : DbContext
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().Database.EnsureCreatedAsync();
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing the test after <paramref name="timeout"/>.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {because}.");
            }
            await Task.Delay(50);
        }
    }
}
