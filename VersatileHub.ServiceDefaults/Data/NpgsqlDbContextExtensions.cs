using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VersatileHub.ServiceDefaults.Data;
using VersatileHub.ServiceDefaults.Events.Outbox;

namespace Microsoft.Extensions.Hosting;

/// <summary>PostgreSQL through EF Core, configured the way Aspire's Npgsql client integration does it.</summary>
public static class NpgsqlDbContextExtensions
{
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers <typeparamref name="TContext"/> against <c>ConnectionStrings:{connectionName}</c> with a readiness check
    /// named after the database.
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        // Not pooled, so that a context may depend on scoped services such as the caller's tenant; its options are built once
        // (a singleton), so that a context costs no more to create than a pooled one and shares one connection pool.
        builder.Services.AddDbContext<TContext>((services, options) =>
        {
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(connectionName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{connectionName} is not configured. Run the suite through the AppHost or set ConnectionStrings__{connectionName}.");
            }

            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
                .UseSnakeCaseNamingConvention();
            if (services.GetService<OutboxSignal>() is { } outboxSignal)
            {
                options.AddInterceptors(new OutboxSignalInterceptor(outboxSignal));
            }
        }, contextLifetime: ServiceLifetime.Scoped, optionsLifetime: ServiceLifetime.Singleton);

        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>(
            connectionName,
            HealthStatus.Unhealthy,
            tags: ["ready", "postgres"],
            customTestQuery: async (db, cancellationToken) =>
            {
                // A real round trip: a pooled connection to a stopped server must report unhealthy.
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                return true;
            });
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == connectionName))
            {
                registration.Timeout = HealthCheckTimeout;
            }
        });

        return builder;
    }

    /// <summary>Applies <typeparamref name="TContext"/>'s migrations at start-up, before the service takes requests.</summary>
    public static IServiceCollection AddMigration<TContext>(this IServiceCollection services) where TContext : DbContext
        => services.AddHostedService<MigrationHostedService<TContext>>();
}
