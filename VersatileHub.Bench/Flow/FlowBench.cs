using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Bench.Flow;

/// <summary>
/// The real Flow service, composed as its Program.cs composes it (<c>AddServiceDefaults</c>, <c>AddFlow</c>, its routes) and
/// listening on a loopback port over its own throwaway database: its workers, history writer and webhooks all running.
/// </summary>
internal sealed class FlowBench : IAsyncDisposable
{
    public const int Tenant = 1;

    private readonly BenchServers _servers;
    private WebApplication? _app;

    private FlowBench(BenchServers servers, string database)
    {
        _servers = servers;
        Database = database;
    }

    public string Database { get; }

    /// <summary>The event bus's key space, where a producer of the bench appends the events Flow's consumer reads.</summary>
    public string EventKeyPrefix { get; } = $"bench{Guid.NewGuid():N}:";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_servers.Postgres) { Database = Database }.ConnectionString;

    public Uri Address { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public static async Task<FlowBench> StartAsync(BenchServers servers)
    {
        var bench = new FlowBench(servers, $"bench_flow_{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            await ExecuteAsync(servers.Postgres, $"CREATE DATABASE {bench.Database}");
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:flowdb"] = bench.ConnectionString,
                ["ConnectionStrings:redis"] = servers.Redis,
                ["EventBus:KeyPrefix"] = bench.EventKeyPrefix,
                ["Parameters:service-token"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
                ["services:hub:http:0"] = "http://127.0.0.1:9/",
            });
            builder.AddServiceDefaults();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddFlow();
            bench._app = builder.Build();
            bench._app.MapFlowEngine();
            bench._app.MapDefaultEndpoints();
            await bench._app.StartAsync();
            bench.Address = new Uri(bench._app.Urls.First());
            return bench;
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates and activates a workflow of the bench's tenant through the workflow store, its triggers made live as the API makes them.</summary>
    public async Task<Workflow> SaveAsync(string name, string definition)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(Tenant);
        var store = scope.ServiceProvider.GetRequiredService<WorkflowStore>();
        var created = await store.CreateAsync(name, JsonSerializer.Deserialize<WorkflowDefinition>(definition, WorkflowDefinition.Json)!, CancellationToken.None);
        return (await store.ActivateAsync(created.Id, CancellationToken.None))!;
    }

    public async Task<long> CountAsync(string sql, Guid workflow)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("workflow", workflow);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_servers.Postgres, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
