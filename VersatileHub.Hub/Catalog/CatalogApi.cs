using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Connectors.TiendaNube;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Catalog;

internal static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog").WithTags("Catalog").RequireAuthorization(HubPolicies.Read).WithDomainErrors()
            .WithTiendaNubeReads(("el catálogo", "catalog"))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/search", SearchProducts);

        api.MapGet("/categories", ListCategories);
        api.MapPost("/categories", CreateCategory).RequireAuthorization(HubPolicies.Administer);
        api.MapPut("/categories/{id:int}", UpdateCategory).RequireAuthorization(HubPolicies.Administer);
        api.MapDelete("/categories/{id:int}", DeleteCategory).RequireAuthorization(HubPolicies.Administer);

        api.MapGet("/products", ListProducts);
        api.MapGet("/products/{id:int}", GetProduct);
        api.MapPost("/products", CreateProduct).RequireAuthorization(HubPolicies.Administer);
        api.MapPut("/products/{id:int}", UpdateProduct).RequireAuthorization(HubPolicies.Administer);
        api.MapDelete("/products/{id:int}", DeleteProduct).RequireAuthorization(HubPolicies.Administer);
        api.MapPost("/products/{id:int}/variants", AddVariant).RequireAuthorization(HubPolicies.Administer);
        api.MapPut("/products/{id:int}/variants/{variantId:int}", ChangeVariant).RequireAuthorization(HubPolicies.Administer);
        api.MapDelete("/products/{id:int}/variants/{variantId:int}", RemoveVariant).RequireAuthorization(HubPolicies.Administer);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ProductHit>>> SearchProducts(
        CatalogSource catalog, [FromQuery(Name = "q")] string? query, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.SearchAsync(query, limit, cancellationToken));

    public static async Task<Ok<IReadOnlyList<CategoryView>>> ListCategories(ProductCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListCategoriesAsync(cancellationToken));

    public static async Task<Created<CategoryView>> CreateCategory(CategoryInput input, ProductCatalog catalog, CancellationToken cancellationToken)
    {
        var category = await catalog.CreateCategoryAsync(input, cancellationToken);
        return TypedResults.Created($"/api/catalog/categories/{category.Id}", category);
    }

    public static async Task<Results<Ok<CategoryView>, NotFound>> UpdateCategory(
        int id, CategoryInput input, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.UpdateCategoryAsync(id, input, cancellationToken) is { } category ? TypedResults.Ok(category) : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> DeleteCategory(int id, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.DeleteCategoryAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Ok<Page<ProductView>>> ListProducts(
        CatalogSource catalog, int? categoryId, int? page, int? pageSize, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListProductsAsync(categoryId, page, pageSize, cancellationToken));

    public static async Task<Results<Ok<ProductView>, NotFound>> GetProduct(int id, CatalogSource catalog, CancellationToken cancellationToken) =>
        await catalog.GetProductAsync(id, cancellationToken) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound();

    public static async Task<Created<ProductView>> CreateProduct(ProductInput input, ProductCatalog catalog, CancellationToken cancellationToken)
    {
        var product = await catalog.CreateProductAsync(input, cancellationToken);
        return TypedResults.Created($"/api/catalog/products/{product.Id}", product);
    }

    public static async Task<Results<Ok<ProductView>, NotFound>> UpdateProduct(
        int id, ProductInput input, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.UpdateProductAsync(id, input, cancellationToken) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> DeleteProduct(int id, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.DeleteProductAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Results<Ok<ProductView>, NotFound>> AddVariant(
        int id, VariantInput input, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.AddVariantAsync(id, input, cancellationToken) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound();

    public static async Task<Results<Ok<ProductView>, NotFound>> ChangeVariant(
        int id, int variantId, VariantInput input, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.ChangeVariantAsync(id, variantId, input, cancellationToken) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound();

    public static async Task<Results<Ok<ProductView>, NotFound>> RemoveVariant(
        int id, int variantId, ProductCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.RemoveVariantAsync(id, variantId, cancellationToken) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound();
}
