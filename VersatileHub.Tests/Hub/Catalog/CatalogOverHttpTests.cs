using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Catalog;

/// <summary>The catalog routes called over HTTP: admins keep the catalog, every member searches it.</summary>
public sealed class CatalogOverHttpTests(HubFactory hub) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task An_admin_stocks_pointe_shoes_and_a_viewer_searching_puntas_talle_37_gets_the_37()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var product = await StockPointeShoesAsync(admin.Client);
        using var viewer = await TokenForAsync(admin, "viewer");

        var hits = await (await viewer.GetAsync($"/api/catalog/search?q={Uri.EscapeDataString("puntas de danza talle 37")}")).ReadAsync<List<Hit>>();
        var read = await (await viewer.GetAsync($"/api/catalog/products/{product.Id}")).ReadAsync<ProductResponse>();

        var pointes = Assert.Single(hits);
        Assert.Equal((product.Id, "Zapatillas de punta"), (pointes.ProductId, pointes.Name));
        Assert.Equal(["37"], pointes.MatchedBy);
        var variant = Assert.Single(pointes.Variants);
        Assert.Equal(("PUNTA-37", "37"), (variant.Sku, variant.Attributes["talle"]));
        Assert.Equal(["PUNTA-36", "PUNTA-37", "PUNTA-38"], read.Variants.Select(v => v.Sku));
    }

    [Fact]
    public async Task An_agent_may_search_the_catalog_but_not_change_it()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var product = await StockPointeShoesAsync(admin.Client);
        using var agent = await TokenForAsync(admin, "agent");

        var create = await agent.PostAsJsonAsync("/api/catalog/products", new { name = "Malla de ballet", price = 30000m, currency = "ARS" });
        var category = await agent.PostAsJsonAsync("/api/catalog/categories", new { name = "Ropa" });
        var variant = await agent.PostAsJsonAsync($"/api/catalog/products/{product.Id}/variants", new { sku = "PUNTA-39", stock = 1 });
        var search = await agent.GetAsync("/api/catalog/search?q=zapatillas");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, category.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, variant.StatusCode);
        Assert.Equal(product.Id, Assert.Single(await search.ReadAsync<List<Hit>>()).ProductId);
    }

    [Fact]
    public async Task Without_a_token_the_catalog_is_401()
    {
        using var anonymous = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/catalog/search?q=zapatillas")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/catalog/products")).StatusCode);
    }

    [Fact]
    public async Task Another_tenant_neither_finds_nor_reads_the_product()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var stranger = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var product = await StockPointeShoesAsync(admin.Client);

        var search = await stranger.Client.GetAsync($"/api/catalog/search?q={Uri.EscapeDataString("puntas de danza talle 37")}");
        var read = await stranger.Client.GetAsync($"/api/catalog/products/{product.Id}");
        var addVariant = await stranger.Client.PostAsJsonAsync($"/api/catalog/products/{product.Id}/variants", new { sku = "PUNTA-39", stock = 1 });

        Assert.Empty(await search.ReadAsync<List<Hit>>());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, addVariant.StatusCode);
        Assert.Equal(3, (await (await admin.Client.GetAsync($"/api/catalog/products/{product.Id}")).ReadAsync<ProductResponse>()).Variants.Count);
    }

    [Fact]
    public async Task A_sku_already_in_the_catalog_is_a_409_problem()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var pointes = await StockPointeShoesAsync(admin.Client);
        var jazz = await CreateProductAsync(admin.Client, new { name = "Zapatillas de jazz", price = 40000m, currency = "ARS" });

        var otherProduct = await admin.Client.PostAsJsonAsync($"/api/catalog/products/{jazz.Id}/variants", new { sku = "PUNTA-37", stock = 1 });
        var sameProduct = await admin.Client.PostAsJsonAsync($"/api/catalog/products/{pointes.Id}/variants", new { sku = "punta-37", stock = 1 });

        Assert.Equal(HttpStatusCode.Conflict, otherProduct.StatusCode);
        await otherProduct.ProblemAsync();
        Assert.Equal(HttpStatusCode.Conflict, sameProduct.StatusCode);
        await sameProduct.ProblemAsync();
        Assert.Empty((await (await admin.Client.GetAsync($"/api/catalog/products/{jazz.Id}")).ReadAsync<ProductResponse>()).Variants);
    }

    [Fact]
    public async Task A_negative_price_is_a_400_problem_naming_the_field()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var product = await StockPointeShoesAsync(admin.Client);

        var newProduct = await admin.Client.PostAsJsonAsync("/api/catalog/products", new { name = "Malla", price = -1m, currency = "ARS" });
        var newVariant = await admin.Client.PostAsJsonAsync($"/api/catalog/products/{product.Id}/variants", new { sku = "PUNTA-39", stock = 1, price = -5m });

        Assert.Equal(HttpStatusCode.BadRequest, newProduct.StatusCode);
        Assert.True((await newProduct.ProblemAsync()).GetProperty("errors").TryGetProperty("price", out _), "No error for price.");
        Assert.Equal(HttpStatusCode.BadRequest, newVariant.StatusCode);
        Assert.True((await newVariant.ProblemAsync()).GetProperty("errors").TryGetProperty("price", out _), "No error for the variant's price.");
        var products = await (await admin.Client.GetAsync("/api/catalog/products")).ReadAsync<ProductPage>();
        Assert.Equal(["Zapatillas de punta"], products.Items.Select(p => p.Name));
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_problem_not_a_500()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        using var body = new StringContent("{", System.Text.Encoding.UTF8, "application/json");

        var response = await admin.Client.PostAsync("/api/catalog/products", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ProblemAsync();
    }

    /// <summary>Pointe shoes in sizes 36 to 38, in a "Calzado" category.</summary>
    private static async Task<ProductResponse> StockPointeShoesAsync(HttpClient admin)
    {
        var category = await (await admin.PostAsJsonAsync("/api/catalog/categories", new { name = "Calzado" })).ReadAsync<IdResponse>();
        var product = await CreateProductAsync(admin, new
        {
            name = "Zapatillas de punta",
            description = "Zapatillas de punta para danza clásica, caja de raso.",
            price = 85000m,
            currency = "ARS",
            categoryId = category.Id,
        });
        foreach (var size in new[] { "36", "37", "38" })
        {
            product = await (await admin.PostAsJsonAsync($"/api/catalog/products/{product.Id}/variants",
                new { sku = $"PUNTA-{size}", stock = 4, attributes = new Dictionary<string, string> { ["talle"] = size } })).ReadAsync<ProductResponse>();
        }
        return product;
    }

    private static async Task<ProductResponse> CreateProductAsync(HttpClient admin, object product)
    {
        var response = await admin.PostAsJsonAsync("/api/catalog/products", product);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<ProductResponse>();
    }

    /// <summary>A client for a token of <paramref name="role"/> in <paramref name="admin"/>'s tenant, issued by the admin.</summary>
    private async Task<HttpClient> TokenForAsync(HubMember admin, string role) =>
        HubApi.TokenClient(hub, await HubApi.CreateTokenAsync(admin.Client, $"{role} token", role));

    private sealed record IdResponse(int Id);

    private sealed record VariantResponse(int Id, string Sku, int Stock, Dictionary<string, string> Attributes);

    private sealed record ProductResponse(int Id, string Name, List<VariantResponse> Variants, uint Version);

    private sealed record ProductPage(List<ProductResponse> Items, int Total);

    private sealed record Hit(int ProductId, string Name, List<string> MatchedBy, List<VariantResponse> Variants);
}
