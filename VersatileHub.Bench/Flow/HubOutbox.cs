using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VersatileHub.Bench.EventBus;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Bench.Flow;

/// <summary>
/// A producer publishing as the Hub does: each event written to its outbox by a committed transaction, and the outbox relay
/// moving it to the Hub's stream (<c>vh:events:hub</c> under the bench's key prefix), which Flow's event consumer reads.
/// </summary>
internal sealed class HubOutbox : IAsyncDisposable
{
    private readonly BenchServers _servers;
    private IHost? _host;

    private HubOutbox(BenchServers servers, string database)
    {
        _servers = servers;
        Database = database;
    }

    public string Database { get; }

    public static async Task<HubOutbox> StartAsync(BenchServers servers, string eventKeyPrefix)
    {
        var outbox = new HubOutbox(servers, $"bench_hub_outbox_{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            await ExecuteAsync(servers.Postgres, $"CREATE DATABASE {outbox.Database}");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:db"] = ConnectionString(servers, outbox.Database),
                ["ConnectionStrings:redis"] = servers.Redis,
                ["EventBus:KeyPrefix"] = eventKeyPrefix,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddRedisClient("redis");
            builder.AddNpgsqlDbContext<ProducerContext>("db");
            builder.AddEventBus("hub").AddOutbox<ProducerContext>();
            outbox._host = builder.Build();
            await using (var scope = outbox._host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ProducerContext>().Database.EnsureCreatedAsync();
            }
            await outbox._host.StartAsync();
            return outbox;
        }
        catch
        {
            await outbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes one event in its own transaction, as one booking does.</summary>
    public async Task PublishAsync(string type, int tenant, string subject, object data, CancellationToken cancellationToken)
    {
        await using var scope = _host!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProducerContext>();
        scope.ServiceProvider.GetRequiredService<EventPublisher>().Publish(db, type, tenant, subject, data);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        // Only this producer's pool: Flow's host goes on measuring.
        await using (var connection = new NpgsqlConnection(ConnectionString(_servers, Database)))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        await ExecuteAsync(_servers.Postgres, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
    }

    private static string ConnectionString(BenchServers servers, string database) =>
        new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
