using VersatileHub.Hub.Catalog;
using VersatileHub.Hub.Connectors;
using VersatileHub.Hub.Connectors.TiendaNube;
using VersatileHub.Hub.Orders;

namespace Microsoft.Extensions.Hosting;

internal static class TiendaNubeExtensions
{
    /// <summary>The Tienda Nube connector: its HTTP client, cached reads, "test connection", and the catalog's and orders' read seams.</summary>
    public static IHostApplicationBuilder AddTiendaNube(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TiendaNubeOptions>()
            .BindConfiguration(TiendaNubeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The client bounds each call itself and waits on a 429 only as briefly as the options allow: the standard
        // resilience handler's retries and 30 s budget would keep an agent's customer waiting far longer.
        builder.Services.AddHttpClient(TiendaNubeClient.HttpClientName).WithoutDefaultResilience();

        builder.Services.AddSingleton<StoreReadCache>();
        builder.Services.AddScoped<TenantStore>();
        builder.Services.AddScoped<CatalogSource>();
        builder.Services.AddScoped<OrderSource>();
        builder.Services.AddSingleton<IConnectionTester, TiendaNubeConnectionTester>();
        return builder;
    }
}
