using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Connectors;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Connectors.TiendaNube;

/// <summary>
/// A tenant whose connector is Tienda Nube: the Hub's catalog search, product reads and the agent's order look-up answer
/// from the store, through a short cache; changes are refused; the store's failures are problems, never 500s.
/// </summary>
public sealed class TiendaNubeOverHttpTests(TiendaNubeHub hub) : IClassFixture<TiendaNubeHub>
{
    private static readonly string PointeQuery = Uri.EscapeDataString("puntas de danza talle 37");

    [Fact]
    public async Task Searching_puntas_talle_37_finds_the_stores_pointe_shoes_and_says_the_37_matched()
    {
        var (_, client) = await hub.TenantReadingTheStoreAsync();
        var shoes = hub.Store.StockPointeShoes();
        hub.Store.StockLeotard();

        var hits = await (await client.GetAsync($"/api/catalog/search?q={Uri.EscapeDataString("zapatillas de punta talle 37")}")).ReadAsync<List<Hit>>();

        var hit = Assert.Single(hits, h => h.ProductId == shoes);
        Assert.Equal(("Zapatillas de punta", "Calzado", 85000.00m, "ARS"), (hit.Name, hit.Category, hit.Price.Amount, hit.Price.Currency));
        Assert.Equal(["37"], hit.MatchedBy);
        var variant = Assert.Single(hit.Variants);
        Assert.Equal(("PUNTA-37", (int?)2, "37"), (variant.Sku, variant.Stock, variant.Attributes["Talle"]));
    }

    [Fact]
    public async Task A_product_and_a_page_of_products_are_read_from_the_store()
    {
        var (_, client) = await hub.TenantReadingTheStoreAsync();
        var shoes = hub.Store.StockPointeShoes();

        var product = await (await client.GetAsync($"/api/catalog/products/{shoes}")).ReadAsync<Product>();
        var page = await (await client.GetAsync("/api/catalog/products?page=1&pageSize=100")).ReadAsync<ProductPage>();
        var missing = await client.GetAsync("/api/catalog/products/999999");

        Assert.Equal(["PUNTA-36", "PUNTA-37", "PUNTA-38"], product.Variants.Select(v => v.Sku));
        Assert.Null(product.Variants[2].Stock);
        Assert.Contains(page.Items, p => p.Id == shoes);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_order_number_finds_the_order_only_for_the_customer_who_placed_it()
    {
        var (_, client) = await hub.TenantReadingTheStoreAsync();
        var shoes = hub.Store.StockPointeShoes();
        var ana = await HubApi.CreateCustomerAsync(client, "Ana Pérez", "ANA.PEREZ@example.com", "+54 9 11 5555-0001");
        var bruno = await HubApi.CreateCustomerAsync(client, "Bruno Díaz", "bruno@example.com", "+54 9 11 5555-0002");
        var byPhone = await HubApi.CreateCustomerAsync(client, "Carla Gómez", "carla@other.example", "+54 9 11 5555-0003");
        var number = 200 + Random.Shared.Next(100_000);
        hub.Store.AddOrder(number, ("Ana Pérez", "ana.perez@example.com", null), (shoes, shoes * 100 + 1, "Zapatillas de punta (37)", "PUNTA-37", "85000.00", 1),
            paymentStatus: "paid", shippingStatus: "fulfilled");
        hub.Store.AddOrder(number + 1, ("Carla", "carla@store.example", "+549 11 5555 0003"), (shoes, shoes * 100, "Zapatillas de punta (36)", "PUNTA-36", "85000.00", 1),
            paymentStatus: "pending");

        var ours = await (await client.GetAsync($"/api/orders/by-number/{number}?customerId={ana}")).ReadAsync<Order>();
        var someoneElses = await client.GetAsync($"/api/orders/by-number/{number}?customerId={bruno}");
        var matchedByPhone = await (await client.GetAsync($"/api/orders/by-number/{number + 1}?customerId={byPhone}")).ReadAsync<Order>();
        var unknown = await client.GetAsync($"/api/orders/by-number/{number + 2}?customerId={ana}");

        Assert.Equal((number.ToString(System.Globalization.CultureInfo.InvariantCulture), ana, "shipped", 86500.00m, "ARS", "AR-TRACK-1"),
            (ours.Number, ours.CustomerId, ours.Status, ours.Total, ours.Currency, ours.TrackingCode));
        var line = Assert.Single(ours.Lines);
        Assert.Equal(("PUNTA-37", 1, 85000.00m), (line.Sku, line.Quantity, line.UnitPrice));
        Assert.Equal(HttpStatusCode.NotFound, someoneElses.StatusCode);
        Assert.Equal("pending", matchedByPhone.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_repeated_search_is_answered_from_the_cache_until_its_minute_is_over()
    {
        var (_, client) = await hub.TenantReadingTheStoreAsync();
        hub.Store.StockPointeShoes();
        var query = $"/api/catalog/search?q={Uri.EscapeDataString($"zapatillas punta {Guid.NewGuid():N}")}";
        var before = hub.Store.RequestsTo("/products");

        await (await client.GetAsync(query)).ReadAsync<List<Hit>>();
        await (await client.GetAsync(query)).ReadAsync<List<Hit>>();
        var afterTwo = hub.Store.RequestsTo("/products");
        hub.Clock.Advance(TimeSpan.FromSeconds(61));
        await (await client.GetAsync(query)).ReadAsync<List<Hit>>();

        Assert.Equal(before + 1, afterTwo);
        Assert.Equal(before + 2, hub.Store.RequestsTo("/products"));
    }

    [Fact]
    public async Task An_order_is_cached_for_thirty_seconds_so_a_change_in_the_store_shows_after_that()
    {
        var (_, client) = await hub.TenantReadingTheStoreAsync();
        var shoes = hub.Store.StockPointeShoes();
        var ana = await HubApi.CreateCustomerAsync(client, "Ana Pérez", "ana@example.com", "+54 9 11 5555-1001");
        var number = 200 + Random.Shared.Next(100_000);
        hub.Store.AddOrder(number, ("Ana Pérez", "ana@example.com", null), (shoes, shoes * 100, "Zapatillas (36)", "PUNTA-36", "85000.00", 1), paymentStatus: "pending");
        var path = $"/api/orders/by-number/{number}?customerId={ana}";

        var first = await (await client.GetAsync(path)).ReadAsync<Order>();
        hub.Store.ChangeOrder(number, "payment_status", "paid");
        var cached = await (await client.GetAsync(path)).ReadAsync<Order>();
        hub.Clock.Advance(TimeSpan.FromSeconds(31));
        var fresh = await (await client.GetAsync(path)).ReadAsync<Order>();

        Assert.Equal(["pending", "pending", "paid"], new[] { first.Status, cached.Status, fresh.Status });
    }

    [Fact]
    public async Task A_failure_of_the_store_is_a_502_problem_and_is_not_cached()
    {
        var (_, client) = await hub.TenantReadingTheStoreAsync();
        var shoes = hub.Store.StockPointeShoes();
        hub.Store.FailNext(500);

        var failed = await client.GetAsync($"/api/catalog/products/{shoes}");
        var retried = await client.GetAsync($"/api/catalog/products/{shoes}");

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Contains("Tienda Nube answered 500", (await failed.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    [Fact]
    public async Task A_token_the_store_refuses_is_a_problem_that_says_to_check_the_connector()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub.Hub, "admin");
        await TiendaNubeHub.ReadFromAsync(admin, hub.Store, accessToken: "revoked-token");
        using var client = hub.ClientOf(admin);

        var response = await client.GetAsync($"/api/catalog/search?q={PointeQuery}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Contains("check the connector's settings", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Unauthorized", problem.GetProperty("failure").GetString());
    }

    [Fact]
    public async Task A_store_that_does_not_answer_is_a_504_problem_within_a_bounded_time()
    {
        await using var silent = await Fakes.TiendaNube.FakeTiendaNube.StartAsync();
        silent.Hang();
        var admin = await HubApi.CreateTenantWithMemberAsync(hub.Hub, "admin");
        await TiendaNubeHub.ReadFromAsync(admin, silent);
        using var client = hub.ClientOf(admin);
        var watch = Stopwatch.StartNew();

        var response = await client.GetAsync($"/api/catalog/search?q={PointeQuery}");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("did not answer", (await response.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TiendaNubeHub.StoreTimeout * 10, $"Answered after {watch.Elapsed}.");
    }

    [Fact]
    public async Task Changes_to_the_catalog_or_orders_of_a_store_tenant_are_refused_with_a_409_problem()
    {
        var (_, client) = await hub.TenantReadingTheStoreAsync();
        var customer = await HubApi.CreateCustomerAsync(client, "Ana", "ana@example.com", "+54 9 11 5555-2001");

        var product = await client.PostAsJsonAsync("/api/catalog/products", new { name = "Malla", price = 30000m, currency = "ARS" });
        var category = await client.PostAsJsonAsync("/api/catalog/categories", new { name = "Ropa" });
        var order = await client.PostAsJsonAsync("/api/orders", new
        {
            customerId = customer, currency = "ARS", lines = new[] { new { sku = "MALLA-S", description = "Malla", quantity = 1, unitPrice = 30000m } },
        });

        foreach (var refused in new[] { product, category, order })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("read from Tienda Nube", (await refused.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Empty((await (await client.GetAsync("/api/catalog/categories")).ReadAsync<List<System.Text.Json.JsonElement>>()));
    }

    [Fact]
    public async Task Another_tenant_reading_its_own_tables_sees_none_of_the_stores_products()
    {
        await hub.TenantReadingTheStoreAsync();
        hub.Store.StockPointeShoes();
        var native = await HubApi.CreateTenantWithMemberAsync(hub.Hub, "admin");
        using var client = hub.ClientOf(native);
        var before = hub.Store.Received.Count;

        var hits = await (await client.GetAsync($"/api/catalog/search?q={PointeQuery}")).ReadAsync<List<Hit>>();

        Assert.Empty(hits);
        Assert.Equal(before, hub.Store.Received.Count);
    }

    [Fact]
    public async Task Test_connection_reaches_the_store_with_a_good_token_and_says_why_not_with_a_bad_one()
    {
        var tester = hub.Stores.Services.GetServices<IConnectionTester>().Single(t => t.Kind == ConnectorKind.TiendaNube);
        var storeId = hub.Store.StoreId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var good = await tester.TestAsync(new ConnectorCredentials(hub.Store.BaseUrl, storeId, hub.Store.AccessToken), CancellationToken.None);
        var bad = await tester.TestAsync(new ConnectorCredentials(hub.Store.BaseUrl, storeId, "wrong"), CancellationToken.None);

        Assert.Equal(ConnectionCheck.Reached, good);
        Assert.False(bad.Succeeded);
        Assert.Contains("refused the access token", bad.Error, StringComparison.Ordinal);
    }

    private sealed record MoneyJson(decimal Amount, string Currency);

    private sealed record Variant(int Id, string Sku, int? Stock, Dictionary<string, string> Attributes, MoneyJson Price);

    private sealed record Hit(int ProductId, string Name, string? Category, MoneyJson Price, List<string> MatchedBy, List<Variant> Variants);

    private sealed record Product(int Id, string Name, MoneyJson Price, List<Variant> Variants);

    private sealed record ProductPage(List<Product> Items, int Total);

    private sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

    private sealed record Order(string Number, int CustomerId, string Status, decimal Total, string Currency, string? TrackingCode, List<OrderLine> Lines);
}
