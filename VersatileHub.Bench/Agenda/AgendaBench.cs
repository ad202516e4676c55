using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Bench.Agenda;

/// <summary>
/// The Hub's appointment book (<see cref="AgendaBook"/>, <see cref="AgendaSetup"/>) over a database of its own, with the
/// outbox and the live agenda's broadcaster wired as in the Hub; dropped when disposed.
/// </summary>
internal sealed class AgendaBench : IAsyncDisposable
{
    public const int Tenant = 1;

    private readonly BenchServers _servers;

    private AgendaBench(BenchServers servers, string database, IHost host)
    {
        _servers = servers;
        Database = database;
        Host = host;
    }

    public string Database { get; }

    public IHost Host { get; }

    public static async Task<AgendaBench> StartAsync(BenchServers servers, string purpose)
    {
        var database = $"bench_{purpose}_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync(servers.Postgres, $"CREATE DATABASE {database}");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:hubdb"] = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = database, MaxPoolSize = 60 }.ConnectionString,
            ["ConnectionStrings:redis"] = servers.Redis,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<CurrentTenant>();
        builder.AddNpgsqlDbContext<HubDbContext>("hubdb");
        builder.AddRedisClient("redis");
        builder.AddEventBus($"bench-{purpose}").AddOutbox<HubDbContext>();
        builder.AddAgenda();
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HubDbContext>().Database.MigrateAsync();
        }
        return new AgendaBench(servers, database, host);
    }

    /// <summary>A scope acting for the bench's tenant, as one request of its member.</summary>
    public AsyncServiceScope Scope()
    {
        var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(Tenant);
        return scope;
    }

    /// <summary>Resources working Monday to Friday 09:00–13:00 and 14:00–19:00 and Saturday 10:00–14:00.</summary>
    public async Task<List<int>> StaffAsync(int count)
    {
        await using var scope = Scope();
        var setup = scope.ServiceProvider.GetRequiredService<AgendaSetup>();
        var ids = new List<int>();
        for (var i = 1; i <= count; i++)
        {
            var resource = await setup.AddResourceAsync($"Estilista {i}", ResourceKind.Staff, CancellationToken.None);
            var week = new List<(DayOfWeek, TimeOnly, TimeOnly)>();
            foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
            {
                week.Add((day, new TimeOnly(9, 0), new TimeOnly(13, 0)));
                week.Add((day, new TimeOnly(14, 0), new TimeOnly(19, 0)));
            }
            week.Add((DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(14, 0)));
            await setup.SetWorkingHoursAsync(resource.Id, week, CancellationToken.None);
            ids.Add(resource.Id);
        }
        return ids;
    }

    /// <summary>Customers of the bench's tenant, to book for; their ids.</summary>
    public async Task<List<int>> CustomersAsync(int count)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var now = TimeProvider.System.GetUtcNow();
        var customers = Enumerable.Range(1, count).Select(i => VersatileHub.Hub.Customers.Customer.Create($"Cliente {i}", now)).ToList();
        db.AddRange(customers);
        await db.SaveChangesAsync();
        return customers.Select(c => c.Id).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
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
