using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Catalog;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Catalog;

public sealed class ProductCatalogTests(HubFactory factory) : IClassFixture<HubFactory>, IDisposable
{
    private static int _nextTenant = 100;
    private readonly List<IServiceScope> _scopes = [];

    public void Dispose() => _scopes.ForEach(s => s.Dispose());

    [Theory]
    [InlineData(-1, "ARS", "price")]
    [InlineData(10.001, "ARS", "price")]
    [InlineData(10, "XYZ", "currency")]
    [InlineData(10, "", "currency")]
    public async Task A_price_must_be_a_positive_amount_with_two_decimals_in_an_ISO_currency(decimal price, string currency, string field)
    {
        var error = await Assert.ThrowsAsync<InvalidFieldException>(() =>
            Catalog(NewTenant()).CreateProductAsync(new ProductInput("Malla", price, currency), CancellationToken.None));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Price_and_currency_are_stored_as_given_and_a_variant_may_override_the_amount()
    {
        var tenant = NewTenant();
        var product = await Catalog(tenant).CreateProductAsync(
            new ProductInput("Malla", 1234.5m, "ars", Images: ["https://cdn.example.com/malla.jpg"], Attributes: new Dictionary<string, string> { ["marca"] = "Capezio" }),
            CancellationToken.None);
        var withVariants = await Catalog(tenant).AddVariantAsync(product.Id, new VariantInput("M-S", 3, new Dictionary<string, string> { ["size"] = "S" }), CancellationToken.None);
        withVariants = await Catalog(tenant).AddVariantAsync(product.Id, new VariantInput("M-XL", 1, new Dictionary<string, string> { ["size"] = "XL" }, 1500m), CancellationToken.None);

        var stored = await Catalog(tenant).GetProductAsync(product.Id, CancellationToken.None);

        Assert.Equal("1234.50 ARS", stored!.Price.ToString());
        Assert.Equal(["https://cdn.example.com/malla.jpg"], stored.Images);
        Assert.Equal("Capezio", stored.Attributes["marca"]);
        Assert.Equal(["1234.50 ARS", "1500.00 ARS"], stored.Variants.Select(v => v.Price.ToString()));
        Assert.Equal(withVariants!.Variants.Select(v => v.Sku), stored.Variants.Select(v => v.Sku));
    }

    [Fact]
    public async Task A_SKU_is_unique_within_the_tenant_but_not_across_tenants()
    {
        var tenant = NewTenant();
        var first = await Catalog(tenant).CreateProductAsync(new ProductInput("Malla", 10m, "ARS"), CancellationToken.None);
        var second = await Catalog(tenant).CreateProductAsync(new ProductInput("Medias", 10m, "ARS"), CancellationToken.None);
        await Catalog(tenant).AddVariantAsync(first.Id, new VariantInput("SKU-1", 1), CancellationToken.None);

        await Assert.ThrowsAsync<ConflictException>(() => Catalog(tenant).AddVariantAsync(second.Id, new VariantInput("SKU-1", 1), CancellationToken.None));
        await Assert.ThrowsAsync<ConflictException>(() => Catalog(tenant).AddVariantAsync(first.Id, new VariantInput("SKU-1", 1), CancellationToken.None));
        var other = NewTenant();
        var elsewhere = await Catalog(other).CreateProductAsync(new ProductInput("Malla", 10m, "ARS"), CancellationToken.None);
        Assert.NotNull(await Catalog(other).AddVariantAsync(elsewhere.Id, new VariantInput("SKU-1", 1), CancellationToken.None));
    }

    [Fact]
    public async Task Negative_stock_and_bad_image_urls_are_refused_naming_the_field()
    {
        var tenant = NewTenant();
        var product = await Catalog(tenant).CreateProductAsync(new ProductInput("Malla", 10m, "ARS"), CancellationToken.None);

        Assert.Equal("stock", (await Assert.ThrowsAsync<InvalidFieldException>(() =>
            Catalog(tenant).AddVariantAsync(product.Id, new VariantInput("S-1", -1), CancellationToken.None))).Field);
        Assert.Equal("images[1]", (await Assert.ThrowsAsync<InvalidFieldException>(() =>
            Catalog(tenant).CreateProductAsync(new ProductInput("Malla", 10m, "ARS", Images: ["https://ok.example/a.png", "javascript:alert(1)"]), CancellationToken.None))).Field);
    }

    [Fact]
    public async Task An_edit_based_on_a_stale_version_is_a_conflict()
    {
        var tenant = NewTenant();
        var product = await Catalog(tenant).CreateProductAsync(new ProductInput("Malla", 10m, "ARS"), CancellationToken.None);
        await Catalog(tenant).UpdateProductAsync(product.Id, new ProductInput("Malla negra", 11m, "ARS", Version: product.Version), CancellationToken.None);

        await Assert.ThrowsAsync<ConflictException>(() =>
            Catalog(tenant).UpdateProductAsync(product.Id, new ProductInput("Malla roja", 12m, "ARS", Version: product.Version), CancellationToken.None));
        await Assert.ThrowsAsync<ConflictException>(() =>
            Catalog(tenant).AddVariantAsync(product.Id, new VariantInput("S-1", 1, ProductVersion: product.Version), CancellationToken.None));

        Assert.Equal("Malla negra", (await Catalog(tenant).GetProductAsync(product.Id, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task A_category_cannot_be_moved_inside_itself_nor_deleted_while_in_use()
    {
        var tenant = NewTenant();
        var dance = await Catalog(tenant).CreateCategoryAsync(new CategoryInput("Danza"), CancellationToken.None);
        var shoes = await Catalog(tenant).CreateCategoryAsync(new CategoryInput("Calzado", dance.Id), CancellationToken.None);

        Assert.Equal("parentId", (await Assert.ThrowsAsync<InvalidFieldException>(() =>
            Catalog(tenant).UpdateCategoryAsync(dance.Id, new CategoryInput("Danza", shoes.Id), CancellationToken.None))).Field);
        await Assert.ThrowsAsync<ConflictException>(() => Catalog(tenant).DeleteCategoryAsync(dance.Id, CancellationToken.None));
        Assert.True(await Catalog(tenant).DeleteCategoryAsync(shoes.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Search_follows_changes_to_variants_and_category_names()
    {
        var tenant = NewTenant();
        var category = await Catalog(tenant).CreateCategoryAsync(new CategoryInput("Accesorios"), CancellationToken.None);
        var product = await Catalog(tenant).CreateProductAsync(new ProductInput("Medias de ballet", 10m, "ARS", CategoryId: category.Id), CancellationToken.None);
        var withVariant = await Catalog(tenant).AddVariantAsync(product.Id, new VariantInput("MB-1", 5, new Dictionary<string, string> { ["color"] = "rosa" }), CancellationToken.None);
        Assert.Empty(await SearchAsync(tenant, "medias celeste"));

        await Catalog(tenant).ChangeVariantAsync(product.Id, withVariant!.Variants[0].Id, new VariantInput("MB-1", 5, new Dictionary<string, string> { ["color"] = "Celeste" }), CancellationToken.None);
        await Catalog(tenant).UpdateCategoryAsync(category.Id, new CategoryInput("Indumentaria"), CancellationToken.None);

        Assert.Equal("MB-1", Assert.Single(Assert.Single(await SearchAsync(tenant, "medias celeste")).Variants).Sku);
        Assert.Single(await SearchAsync(tenant, "indumentaria"));
        Assert.Empty(await SearchAsync(tenant, "accesorios"));
    }

    [Fact]
    public async Task Another_tenants_products_cannot_be_read_changed_or_deleted()
    {
        var product = await Catalog(NewTenant()).CreateProductAsync(new ProductInput("Malla", 10m, "ARS"), CancellationToken.None);
        var intruder = NewTenant();

        Assert.Null(await Catalog(intruder).GetProductAsync(product.Id, CancellationToken.None));
        Assert.Null(await Catalog(intruder).UpdateProductAsync(product.Id, new ProductInput("Mía", 1m, "ARS"), CancellationToken.None));
        Assert.Null(await Catalog(intruder).AddVariantAsync(product.Id, new VariantInput("X", 1), CancellationToken.None));
        Assert.False(await Catalog(intruder).DeleteProductAsync(product.Id, CancellationToken.None));
        Assert.Empty((await Catalog(intruder).ListProductsAsync(null, null, null, CancellationToken.None)).Items);
    }

    private async Task<IReadOnlyList<ProductHit>> SearchAsync(int tenant, string query)
    {
        var scope = Scope(tenant);
        return await scope.ServiceProvider.GetRequiredService<ProductSearch>().SearchAsync(query, null, CancellationToken.None);
    }

    private static int NewTenant() => Interlocked.Increment(ref _nextTenant);

    private ProductCatalog Catalog(int tenant) => Scope(tenant).ServiceProvider.GetRequiredService<ProductCatalog>();

    private IServiceScope Scope(int tenant)
    {
        var scope = factory.Services.CreateScope();
        _scopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        return scope;
    }
}
