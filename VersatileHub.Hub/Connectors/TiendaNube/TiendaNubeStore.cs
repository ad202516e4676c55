using System.Globalization;
using Microsoft.Extensions.Options;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>
/// A tenant's Tienda Nube store, read through <see cref="StoreReadCache"/>: keys name the tenant, the store and the
/// exact question, so two tenants never share an answer and a new question always reaches the store.
/// </summary>
internal sealed class TiendaNubeStore(int tenantId, TiendaNubeClient client, StoreReadCache cache, TiendaNubeOptions options)
{
    private string Key(string question) => string.Create(CultureInfo.InvariantCulture, $"{tenantId}:{client.StoreId}:{question}");

    public async Task<StoreResource> SettingsAsync(CancellationToken cancellationToken) =>
        (await cache.GetOrReadAsync(Key("store"), options.StoreCacheTtl, async ct => await client.GetStoreAsync(ct), cancellationToken))!;

    public async Task<StorePage<ProductResource>> ProductsAsync(
        string? query, long? categoryId, int page, int perPage, CancellationToken cancellationToken) =>
        (await cache.GetOrReadAsync(
            Key($"products:{categoryId}:{page}:{perPage}:{query?.ToLowerInvariant()}"), options.ProductsCacheTtl,
            async ct => await client.ListProductsAsync(query, categoryId, page, perPage, ct), cancellationToken))!;

    public async Task<StorePage<ProductResource>> NextProductsAsync(Uri next, CancellationToken cancellationToken) =>
        (await cache.GetOrReadAsync(Key($"products:{next.Query}"), options.ProductsCacheTtl,
            async ct => await client.NextProductsAsync(next, ct), cancellationToken))!;

    public Task<ProductResource?> ProductAsync(long id, CancellationToken cancellationToken) =>
        cache.GetOrReadAsync(Key(string.Create(CultureInfo.InvariantCulture, $"product:{id}")), options.ProductsCacheTtl,
            ct => client.GetProductAsync(id, ct), cancellationToken);

    public Task<OrderResource?> OrderAsync(long number, CancellationToken cancellationToken) =>
        cache.GetOrReadAsync(Key(string.Create(CultureInfo.InvariantCulture, $"order:{number}")), options.OrderCacheTtl,
            ct => client.FindOrderByNumberAsync(number, ct), cancellationToken);
}

/// <summary>The current tenant's Tienda Nube store, when <see cref="ITenantConnectors"/> says it reads one; looked up once per request.</summary>
internal sealed class TenantStore(
    ITenantConnectors connectors,
    CurrentTenant tenant,
    IHttpClientFactory httpClients,
    StoreReadCache cache,
    IOptions<TiendaNubeOptions> options)
{
    private Task<TiendaNubeStore?>? _store;

    public Task<TiendaNubeStore?> FindAsync(CancellationToken cancellationToken) => _store ??= LookUpAsync(cancellationToken);

    private async Task<TiendaNubeStore?> LookUpAsync(CancellationToken cancellationToken)
    {
        if (tenant.Id is not { } tenantId
            || await connectors.ActiveAsync(tenantId, cancellationToken) is not { Kind: ConnectorKind.TiendaNube } connector)
        {
            return null;
        }
        var client = new TiendaNubeClient(httpClients.CreateClient(TiendaNubeClient.HttpClientName), connector.Credentials, options.Value);
        return new TiendaNubeStore(tenantId, client, cache, options.Value);
    }
}
