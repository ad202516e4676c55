using VersatileHub.Hub.Catalog;

namespace Microsoft.Extensions.Hosting;

internal static class CatalogExtensions
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProductCatalog>();
        builder.Services.AddScoped<ProductSearch>();
        return builder;
    }
}
