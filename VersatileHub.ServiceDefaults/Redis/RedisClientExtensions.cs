using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Redis through StackExchange.Redis, configured the way Aspire's Redis client integration does it.</summary>
public static class RedisClientExtensions
{
    /// <summary>Registers one shared <see cref="IConnectionMultiplexer"/> for <c>ConnectionStrings:{connectionName}</c> and a readiness check.</summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(connectionName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{connectionName} is not configured. Run the suite through the AppHost or set ConnectionStrings__{connectionName}.");
            }

            var options = ConfigurationOptions.Parse(connectionString);
            // Keep retrying in the background instead of failing start-up while Redis is still coming up.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            services => new RedisHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            HealthStatus.Unhealthy,
            ["ready", "redis"],
            TimeSpan.FromSeconds(5)));

        return builder;
    }
}
