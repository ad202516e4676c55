using VersatileHub.Hub.Connectors.TiendaNube;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Catalog;

/// <summary>Where the tenant's catalog is read: the Hub's own tables, or its Tienda Nube store when that connector is active.</summary>
internal sealed class CatalogSource(ProductSearch search, ProductCatalog catalog, TenantStore store)
{
    public async Task<IReadOnlyList<ProductHit>> SearchAsync(string? query, int? limit, CancellationToken cancellationToken) =>
        await store.FindAsync(cancellationToken) is { } tiendaNube
            ? await TiendaNubeCatalog.SearchAsync(tiendaNube, query, limit, cancellationToken)
            : await search.SearchAsync(query, limit, cancellationToken);

    public async Task<Page<ProductView>> ListProductsAsync(int? categoryId, int? page, int? pageSize, CancellationToken cancellationToken) =>
        await store.FindAsync(cancellationToken) is { } tiendaNube
            ? await TiendaNubeCatalog.ListAsync(tiendaNube, categoryId, page, pageSize, cancellationToken)
            : await catalog.ListProductsAsync(categoryId, page, pageSize, cancellationToken);

    public async Task<ProductView?> GetProductAsync(int id, CancellationToken cancellationToken) =>
        await store.FindAsync(cancellationToken) is { } tiendaNube
            ? await TiendaNubeCatalog.GetAsync(tiendaNube, id, cancellationToken)
            : await catalog.GetProductAsync(id, cancellationToken);
}
