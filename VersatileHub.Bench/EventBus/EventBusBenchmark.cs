using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Bench.EventBus;

/// <summary>
/// The whole path: an event written to the producer's outbox by a committed transaction, relayed to its Redis stream,
/// read by a consumer group and handled through the consumer's EF inbox (one transaction per event).
/// </summary>
internal static class EventBusBenchmark
{
    private const string EventType = "bench.pinged";

    public static async Task<BenchResult> SustainedThroughputAsync(BenchServers servers, int events)
    {
        await using var rig = await Rig.StartAsync(servers, events);
        const int writers = 4;
        const int eventsPerTransaction = 50;

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, writers), async (writer, ct) =>
        {
            for (var sent = writer * eventsPerTransaction; sent < events; sent += writers * eventsPerTransaction)
            {
                await rig.PublishAsync(Math.Min(eventsPerTransaction, events - sent), ct);
            }
        });
        await rig.Probe.AllHandled.WaitAsync(TimeSpan.FromMinutes(5));
        clock.Stop();

        var result = new BenchResult(
            $"event bus sustained ({writers} writers x {eventsPerTransaction} events/transaction)",
            events, clock.Elapsed, rig.Probe.Percentile(50), rig.Probe.Percentile(99), ">= 5000 events/s", false);
        return result with { Met = result.EventsPerSecond >= 5_000 };
    }

    public static async Task<BenchResult> LatencyAtRateAsync(BenchServers servers, int eventsPerSecond, TimeSpan duration)
    {
        var events = (int)(eventsPerSecond * duration.TotalSeconds);
        await using var rig = await Rig.StartAsync(servers, events);

        // One event per transaction, each from its own concurrent "request", paced on a 5 ms tick: the shape of real traffic.
        var clock = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        var requests = new List<Task>(events);
        while (requests.Count < events && await tick.WaitForNextTickAsync())
        {
            var due = Math.Min(events, (int)(clock.Elapsed.TotalSeconds * eventsPerSecond));
            while (requests.Count < due)
            {
                requests.Add(Task.Run(() => rig.PublishAsync(1, CancellationToken.None)));
            }
        }
        await Task.WhenAll(requests);
        await rig.Probe.AllHandled.WaitAsync(TimeSpan.FromMinutes(5));
        clock.Stop();

        var p99 = rig.Probe.Percentile(99);
        return new BenchResult(
            $"event bus latency at {eventsPerSecond} events/s (1 event/transaction)",
            events, clock.Elapsed, rig.Probe.Percentile(50), p99, "p99 < 50 ms", p99 < 50);
    }

    /// <summary>A producer host and a consumer host on fresh databases and a fresh Redis key space.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly string _producerDb;
        private readonly string _consumerDb;
        private readonly string _keyPrefix;
        private readonly BenchServers _servers;
        private IHost _producer = null!;
        private IHost _consumer = null!;

        private Rig(BenchServers servers)
        {
            _servers = servers;
            var run = Guid.NewGuid().ToString("N")[..8];
            _producerDb = $"bench_producer_{run}";
            _consumerDb = $"bench_consumer_{run}";
            _keyPrefix = $"bench{run}:";
        }

        public LatencyProbe Probe { get; private set; } = null!;

        public static async Task<Rig> StartAsync(BenchServers servers, int expectedEvents)
        {
            var rig = new Rig(servers) { Probe = new LatencyProbe(expectedEvents) };
            await rig.ExecuteAdminAsync($"CREATE DATABASE {rig._producerDb}");
            await rig.ExecuteAdminAsync($"CREATE DATABASE {rig._consumerDb}");

            var producer = rig.Builder(rig._producerDb);
            producer.AddNpgsqlDbContext<ProducerContext>("db");
            producer.AddEventBus("producer").AddOutbox<ProducerContext>();
            rig._producer = producer.Build();

            var consumer = rig.Builder(rig._consumerDb);
            consumer.AddNpgsqlDbContext<ConsumerContext>("db");
            consumer.Services.AddSingleton(rig.Probe);
            consumer.AddEventBus("consumer").UseInbox<ConsumerContext>().Subscribe("producer").AddHandler<RecordLatency>(EventType);
            rig._consumer = consumer.Build();

            await EnsureCreatedAsync<ProducerContext>(rig._producer);
            await EnsureCreatedAsync<ConsumerContext>(rig._consumer);
            await rig._producer.StartAsync();
            await rig._consumer.StartAsync();
            await rig.WarmUpAsync();
            return rig;
        }

        private async Task WarmUpAsync()
        {
            // Concurrent like the measured phases, so that connection pools and code paths are all warm.
            const int warmUpEvents = 2_000;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, warmUpEvents),
                new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (_, ct) => await PublishAsync(1, ct));
            var deadline = Stopwatch.StartNew();
            while (Probe.WarmUpHandled < warmUpEvents && deadline.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(10);
            }
            Probe.StartMeasuring();
        }

        public async Task PublishAsync(int count, CancellationToken cancellationToken)
        {
            await using var scope = _producer.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ProducerContext>();
            var publisher = scope.ServiceProvider.GetRequiredService<EventPublisher>();
            var publishedAt = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                publisher.Publish(db, EventType, tenant: 1, subject: null, new Ping(publishedAt));
            }
            await db.SaveChangesAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await _consumer.StopAsync();
            await _producer.StopAsync();
            _consumer.Dispose();
            _producer.Dispose();
            NpgsqlConnection.ClearAllPools();
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {_producerDb} WITH (FORCE)");
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {_consumerDb} WITH (FORCE)");
            await using var redis = await ConnectionMultiplexer.ConnectAsync(_servers.Redis);
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            await foreach (var key in server.KeysAsync(pattern: _keyPrefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        private HostApplicationBuilder Builder(string database)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:db"] = new NpgsqlConnectionStringBuilder(_servers.Postgres) { Database = database }.ConnectionString,
                ["ConnectionStrings:redis"] = _servers.Redis,
                ["EventBus:KeyPrefix"] = _keyPrefix,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddRedisClient("redis");
            return builder;
        }

        private static async Task EnsureCreatedAsync<TContext>(IHost host) where TContext : DbContext
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TContext>().Database.EnsureCreatedAsync();
        }

        private async Task ExecuteAdminAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_servers.Postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
