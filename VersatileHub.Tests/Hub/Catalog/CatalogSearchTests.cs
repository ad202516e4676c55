using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Catalog;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Catalog;

/// <summary>A dance shop's catalog, searched as its customers write on WhatsApp.</summary>
public sealed class CatalogSearchTests(CatalogSearchTests.DanceShop shop) : IClassFixture<CatalogSearchTests.DanceShop>
{
    [Fact]
    public async Task Puntas_de_danza_talle_37_finds_the_pointe_shoes_and_says_which_variant_matched()
    {
        var hits = await shop.SearchAsync(DanceShop.Tenant, "puntas de danza talle 37");

        var pointes = Assert.Single(hits);
        Assert.Equal("Zapatillas de punta Capezio", pointes.Name);
        var variant = Assert.Single(pointes.Variants);
        Assert.Equal("PUNTA-37", variant.Sku);
        Assert.Equal(4, variant.Stock);
        Assert.Equal(85_000m, variant.Price.Amount);
        Assert.Equal(["37"], pointes.MatchedBy);
    }

    [Fact]
    public async Task Upper_case_and_missing_accents_do_not_matter()
    {
        Assert.Equal(["Zapatillas de jazz", "Zapatillas de punta Capezio"], Names(await shop.SearchAsync(DanceShop.Tenant, "ZAPATILLAS")));
        Assert.Equal(["Caja musical Canción de cuna"], Names(await shop.SearchAsync(DanceShop.Tenant, "cancion")));
        Assert.Equal(["Caja musical Canción de cuna"], Names(await shop.SearchAsync(DanceShop.Tenant, "canción")));
        Assert.Equal(["Malla de ballet"], Names(await shop.SearchAsync(DanceShop.Tenant, "mallas clásicas")));
    }

    [Fact]
    public async Task A_size_alone_lists_every_product_with_that_size_and_only_those_variants()
    {
        var hits = await shop.SearchAsync(DanceShop.Tenant, "talle 37");

        Assert.Equal(["Zapatillas de jazz", "Zapatillas de punta Capezio"], Names(hits));
        Assert.All(hits, h => Assert.All(h.Variants, v => Assert.Equal("37", v.Attributes["talle"])));
    }

    [Fact]
    public async Task A_size_and_colour_select_the_variant_with_both()
    {
        var jazz = Assert.Single(await shop.SearchAsync(DanceShop.Tenant, "zapatillas jazz negro talle 38"));

        Assert.Equal("JAZZ-38-N", Assert.Single(jazz.Variants).Sku);
    }

    [Fact]
    public async Task Words_alone_list_every_variant_at_its_own_price_with_the_category()
    {
        var jazz = Assert.Single(await shop.SearchAsync(DanceShop.Tenant, "zapatillas de jazz"));

        Assert.Equal("Calzado", jazz.Category);
        Assert.Equal(42_000m, jazz.Price.Amount);
        Assert.Empty(jazz.MatchedBy);
        Assert.Equal(["JAZZ-37-N", "JAZZ-38-N", "JAZZ-38-B"], jazz.Variants.Select(v => v.Sku));
        Assert.Equal([42_000m, 42_000m, 45_000m], jazz.Variants.Select(v => v.Price.Amount));
        Assert.Equal("ARS", jazz.Variants[2].Price.Currency);
        Assert.Equal("Blanco", jazz.Variants[2].Attributes["color"]);
    }

    [Fact]
    public async Task A_size_no_variant_has_finds_nothing()
    {
        Assert.Empty(await shop.SearchAsync(DanceShop.Tenant, "puntas talle 45"));
    }

    [Fact]
    public async Task English_words_find_products_described_in_English_and_the_category_counts()
    {
        Assert.Equal(["Pointe shoe ribbons"], Names(await shop.SearchAsync(DanceShop.Tenant, "ribbon for pointe shoes")));
        Assert.Contains("Zapatillas de punta Capezio", Names(await shop.SearchAsync(DanceShop.Tenant, "calzado")));
    }

    [Fact]
    public async Task The_product_named_by_the_words_ranks_above_one_that_only_mentions_them()
    {
        var hits = await shop.SearchAsync(DanceShop.Tenant, "punta");

        Assert.Equal("Zapatillas de punta Capezio", hits[0].Name);
        Assert.Contains("Pointe shoe ribbons", Names(hits));
    }

    [Fact]
    public async Task Words_nothing_matches_find_nothing()
    {
        Assert.Empty(await shop.SearchAsync(DanceShop.Tenant, "bicicleta"));
        Assert.Empty(await shop.SearchAsync(DanceShop.Tenant, "de la"));
    }

    [Fact]
    public async Task Another_tenants_products_never_appear()
    {
        Assert.Equal(["Zapatillas de punta Grishko"], Names(await shop.SearchAsync(DanceShop.OtherTenant, "zapatillas de punta talle 37")));
        Assert.DoesNotContain("Zapatillas de punta Grishko", Names(await shop.SearchAsync(DanceShop.Tenant, "zapatillas")));
        Assert.Empty(await shop.SearchAsync(DanceShop.OtherTenant, "talle 36"));
    }

    [Fact]
    public async Task Inactive_products_are_not_found()
    {
        Assert.Empty(await shop.SearchAsync(DanceShop.Tenant, "tutu"));
    }

    [Fact]
    public async Task An_empty_query_is_refused_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<InvalidFieldException>(() => shop.SearchAsync(DanceShop.Tenant, " "));

        Assert.Equal("q", error.Field);
    }

    [Fact]
    public async Task A_colour_selects_variants_only_while_some_variant_has_it()
    {
        const int tenant = 9;
        var leotard = await shop.CatalogOf(tenant).CreateProductAsync(new ProductInput("Leotardo de ensayo", 20_000m, "ARS"), CancellationToken.None);
        var red = new Dictionary<string, string> { ["talle"] = "M", ["color"] = "Rojo" };
        var variantId = (await shop.CatalogOf(tenant).AddVariantAsync(leotard.Id, new VariantInput("LEO-M", 2, red), CancellationToken.None))!.Variants.Single().Id;
        var foundRed = await shop.SearchAsync(tenant, "leotardo rojo");

        var blue = new Dictionary<string, string> { ["talle"] = "M", ["color"] = "Azul" };
        await shop.CatalogOf(tenant).ChangeVariantAsync(leotard.Id, variantId, new VariantInput("LEO-M", 2, blue), CancellationToken.None);
        var redAfterRecolouring = await shop.SearchAsync(tenant, "leotardo rojo");
        var foundBlue = await shop.SearchAsync(tenant, "leotardo azul");

        await shop.CatalogOf(tenant).RemoveVariantAsync(leotard.Id, variantId, CancellationToken.None);
        var blueAfterRemoval = await shop.SearchAsync(tenant, "leotardo azul");

        Assert.Equal(["rojo"], Assert.Single(foundRed).MatchedBy);
        Assert.Empty(redAfterRecolouring);
        Assert.Equal("LEO-M", Assert.Single(Assert.Single(foundBlue).Variants).Sku);
        Assert.Empty(blueAfterRemoval);
    }

    [Fact]
    public async Task A_page_of_selected_products_holds_the_best_ranked_of_those_with_the_variant()
    {
        const int tenant = 10;
        var catalog = shop.CatalogOf(tenant);
        async Task ProductAsync(string name, string description, string size)
        {
            var product = await catalog.CreateProductAsync(new ProductInput(name, 20_000m, "ARS", description), CancellationToken.None);
            await catalog.AddVariantAsync(product.Id, new VariantInput($"{name.Replace(' ', '-')}-{size}", 1, new Dictionary<string, string> { ["talle"] = size }), CancellationToken.None);
        }
        await ProductAsync("Malla de competición", "Lycra brillante.", "M");
        await ProductAsync("Malla de ensayo", "Algodón.", "S");
        await ProductAsync("Malla de gala", "Con brillos.", "S");
        await ProductAsync("Bolso chico", "Para guardar la malla.", "S");

        var page = await shop.SearchAsync(tenant, "malla talle S", limit: 2);

        Assert.Equal(["Malla de ensayo", "Malla de gala"], page.Select(h => h.Name));
        Assert.Equal("Bolso chico", (await shop.SearchAsync(tenant, "malla talle S"))[^1].Name);
    }

    private static List<string> Names(IEnumerable<ProductHit> hits) => hits.Select(h => h.Name).Order(StringComparer.Ordinal).ToList();

    public sealed class DanceShop : IAsyncLifetime
    {
        public const int Tenant = 7;
        public const int OtherTenant = 8;

        private readonly HubFactory _factory = new();
        private readonly List<IServiceScope> _scopes = [];

        public async Task InitializeAsync()
        {
            await ((IAsyncLifetime)_factory).InitializeAsync();
            await SeedAsync();
        }

        public async Task DisposeAsync()
        {
            _scopes.ForEach(s => s.Dispose());
            await ((IAsyncLifetime)_factory).DisposeAsync();
        }

        public async Task<IReadOnlyList<ProductHit>> SearchAsync(int tenant, string query, int? limit = null)
        {
            using var scope = _factory.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
            return await scope.ServiceProvider.GetRequiredService<ProductSearch>().SearchAsync(query, limit, CancellationToken.None);
        }

        private async Task SeedAsync()
        {
            var catalog = Catalog(Tenant);
            var shoes = await catalog.CreateCategoryAsync(new CategoryInput("Calzado"), CancellationToken.None);
            var pointes = await catalog.CreateProductAsync(
                new ProductInput("Zapatillas de punta Capezio", 85_000m, "ARS", "Para danza clásica, horma ancha y caja reforzada.", shoes.Id),
                CancellationToken.None);
            foreach (var size in new[] { 36, 37, 38 })
            {
                await Catalog(Tenant).AddVariantAsync(pointes.Id, new VariantInput($"PUNTA-{size}", size - 33, new Dictionary<string, string> { ["talle"] = $"{size}" }), CancellationToken.None);
            }
            var jazz = await Catalog(Tenant).CreateProductAsync(
                new ProductInput("Zapatillas de jazz", 42_000m, "ARS", "Suela partida de cuero.", shoes.Id), CancellationToken.None);
            await Catalog(Tenant).AddVariantAsync(jazz.Id, new VariantInput("JAZZ-37-N", 2, new Dictionary<string, string> { ["talle"] = "37", ["color"] = "Negro" }), CancellationToken.None);
            await Catalog(Tenant).AddVariantAsync(jazz.Id, new VariantInput("JAZZ-38-N", 1, new Dictionary<string, string> { ["talle"] = "38", ["color"] = "Negro" }), CancellationToken.None);
            await Catalog(Tenant).AddVariantAsync(jazz.Id, new VariantInput("JAZZ-38-B", 3, new Dictionary<string, string> { ["talle"] = "38", ["color"] = "Blanco" }, 45_000m), CancellationToken.None);
            await Catalog(Tenant).CreateProductAsync(new ProductInput("Malla de ballet", 30_000m, "ARS", "Malla clásica de lycra, breteles finos."), CancellationToken.None);
            await Catalog(Tenant).CreateProductAsync(new ProductInput("Caja musical Canción de cuna", 15_000m, "ARS", "Con bailarina que gira."), CancellationToken.None);
            await Catalog(Tenant).CreateProductAsync(new ProductInput("Pointe shoe ribbons", 5.5m, "USD", "Satin ribbons to sew on your pointe shoes (puntas)."), CancellationToken.None);
            await Catalog(Tenant).CreateProductAsync(new ProductInput("Tutú romántico", 120_000m, "ARS", Active: false), CancellationToken.None);

            var grishko = await Catalog(OtherTenant).CreateProductAsync(
                new ProductInput("Zapatillas de punta Grishko", 90_000m, "ARS", "Para danza."), CancellationToken.None);
            await Catalog(OtherTenant).AddVariantAsync(grishko.Id, new VariantInput("G-37", 1, new Dictionary<string, string> { ["talle"] = "37" }), CancellationToken.None);
        }

        public ProductCatalog CatalogOf(int tenant) => Catalog(tenant);

        private ProductCatalog Catalog(int tenant)
        {
            var scope = _factory.Services.CreateScope();
            _scopes.Add(scope);
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
            return scope.ServiceProvider.GetRequiredService<ProductCatalog>();
        }
    }
}
