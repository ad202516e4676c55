using Microsoft.Extensions.Http.Resilience;
using Polly;
using VersatileHub.Hub.Connectors;
using VersatileHub.Hub.Connectors.Erpnext;

namespace Microsoft.Extensions.Hosting;

internal static class ConnectorsExtensions
{
    /// <summary>Connector settings (secrets encrypted at rest), their API, and the ERPNext and Tienda Nube connectors.</summary>
    public static IHostApplicationBuilder AddConnectors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConnectorSecrets>();
        builder.Services.AddScoped<ITenantConnectors, TenantConnectors>();
        builder.Services.AddScoped<ConnectorSettings>();
        builder.AddErpnext();
        builder.AddTiendaNube();
        return builder;
    }

    private static void AddErpnext(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ErpnextOptions>()
            .BindConfiguration(ErpnextOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(5), $"{ErpnextOptions.Section}:Timeout must be between 0 and 5 minutes.")
            .Validate(o => o.PageLength is >= 1 and <= 1000, $"{ErpnextOptions.Section}:PageLength must be 1 to 1000.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.SiteTimeZone, out _), $"{ErpnextOptions.Section}:SiteTimeZone must be an IANA time zone.")
            .ValidateOnStart();

        // The service defaults retry every call for up to 30 s; a connector call is bounded by its own timeout instead
        // (FrappeClient), and a write (POST/PUT) is never repeated, so that a slow ERPNext cannot get a customer twice.
        var retry = new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(500) };
        retry.DisableForUnsafeHttpMethods();
        builder.Services.AddHttpClient<FrappeClient>()
            .WithoutDefaultResilience()
            .AddResilienceHandler("erpnext", pipeline => pipeline.AddRetry(retry));
        builder.Services.AddScoped<IConnectionTester, ErpnextConnectionTester>();
        builder.Services.AddScoped<ErpnextLinks>();
        builder.Services.AddScoped<ErpnextCustomers>();
        builder.Services.AddScoped<ErpnextCatalog>();
        builder.Services.AddScoped<ErpnextOrders>();
        builder.Services.AddScoped<ErpnextTickets>();
        builder.Services.AddScoped<ErpnextSync>();
        builder.Services.AddHostedService<ErpnextScheduler>();
        // The Hub consumes its own stream to push local changes to ERPNext.
        builder.AddEventBus("hub").Subscribe("hub").AddHandler<ErpnextPushHandler>(ErpnextPushHandler.Events);
    }
}
