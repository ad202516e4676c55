using System.Diagnostics;
using VersatileHub.Hub.Connectors;
using VersatileHub.Hub.Connectors.TiendaNube;
using VersatileHub.Tests.Fakes.TiendaNube;

namespace VersatileHub.Tests.Hub.Connectors.TiendaNube;

/// <summary>The Tienda Nube client against a fake store that speaks the API's documented shapes.</summary>
public sealed class TiendaNubeClientTests : IAsyncLifetime
{
    private static readonly TiendaNubeOptions Options = new()
    {
        UserAgent = "VersatileHub tests (tests@versatilehub.test)",
        Timeout = TimeSpan.FromSeconds(3),  // generous: a busy CI machine must not fail a read that only needs a moment
    };

    private readonly HttpClient _http = new();
    private FakeTiendaNube _store = null!;

    public async Task InitializeAsync() => _store = await FakeTiendaNube.StartAsync();

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Every_request_carries_the_Authentication_bearer_header_and_the_User_Agent()
    {
        await Client().GetStoreAsync(CancellationToken.None);

        var request = Assert.Single(_store.Received);
        Assert.Equal(("/store", $"bearer {_store.AccessToken}", Options.UserAgent), (request.Path, request.Authentication, request.UserAgent));
    }

    [Fact]
    public async Task Pages_follow_the_Link_header_to_the_last_page()
    {
        for (var i = 0; i < 5; i++)
        {
            _store.StockLeotard();
        }
        var client = Client();

        var first = await client.ListProductsAsync(null, null, page: 1, perPage: 2, CancellationToken.None);
        var second = await client.NextProductsAsync(first.Next!, CancellationToken.None);
        var third = await client.NextProductsAsync(second.Next!, CancellationToken.None);

        Assert.Equal([2, 2, 1], new[] { first, second, third }.Select(p => p.Items.Count));
        Assert.Equal(5, first.Total);
        Assert.Null(third.Next);
        Assert.Equal(5, new[] { first, second, third }.SelectMany(p => p.Items).Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_product_reads_in_the_stores_main_language_with_string_prices_as_money_and_null_stock_as_unlimited()
    {
        var id = _store.StockPointeShoes();
        var client = Client();
        var settings = await client.GetStoreAsync(CancellationToken.None);

        var view = TiendaNubeCatalog.View((await client.GetProductAsync(id, CancellationToken.None))!, settings);
        _store.MainLanguage = "pt";
        var inPortuguese = TiendaNubeCatalog.View((await client.GetProductAsync(id, CancellationToken.None))!, await client.GetStoreAsync(CancellationToken.None));

        Assert.Equal(("Zapatillas de punta", "Zapatillas de punta para danza clásica, caja de raso."), (view.Name, view.Description));
        Assert.Equal("Sapatilhas de ponta", inPortuguese.Name);
        Assert.Equal((85000.00m, "ARS"), (view.Price.Amount, view.Price.Currency));
        Assert.Equal([("PUNTA-36", 4, 85000.00m), ("PUNTA-37", 2, 85000.00m), ("PUNTA-38", (int?)null, 89999.50m)],
            view.Variants.Select(v => (v.Sku, v.Stock, v.Price.Amount)));
        Assert.Equal("38", view.Variants[2].Attributes["Talle"]);
        Assert.EndsWith("-a.jpg", view.Images[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_the_store_does_not_have_is_null()
    {
        Assert.Null(await Client().GetProductAsync(424242, CancellationToken.None));
    }

    [Fact]
    public async Task An_order_is_found_by_its_number_not_its_id()
    {
        var shoes = _store.StockPointeShoes();
        _store.AddOrder(100, ("Ana Pérez", "ana@example.com", null), (shoes, shoes * 100 + 1, "Zapatillas de punta (37)", "PUNTA-37", "85000.00", 1));
        var id = _store.AddOrder(101, ("Bruno Díaz", "bruno@example.com", null), (shoes, shoes * 100, "Zapatillas de punta (36)", "PUNTA-36", "85000.00", 2));

        var order = await Client().FindOrderByNumberAsync(101, CancellationToken.None);

        Assert.Equal((id, 101L, "bruno@example.com", 171500.00m), (order!.Id, order.Number, order.Customer!.Email, order.Total));
        Assert.Null(await Client().FindOrderByNumberAsync(102, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_token_is_an_unauthorized_failure_naming_the_token()
    {
        var failure = await Assert.ThrowsAsync<TiendaNubeException>(() => Client(token: "stolen").GetStoreAsync(CancellationToken.None));

        Assert.Equal(StoreFailure.Unauthorized, failure.Failure);
        Assert.Contains("access token", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_rate_limit_is_waited_out_once_and_a_long_one_is_reported()
    {
        _store.RateLimitNext(times: 1, resetMilliseconds: 50);
        var store = await Client().GetStoreAsync(CancellationToken.None);

        _store.RateLimitNext(times: 1, resetMilliseconds: 30_000);
        var failure = await Assert.ThrowsAsync<TiendaNubeException>(() => Client().GetStoreAsync(CancellationToken.None));

        Assert.Equal("ARS", store.MainCurrency);
        Assert.Equal((StoreFailure.RateLimited, TimeSpan.FromSeconds(30)), (failure.Failure, failure.RetryAfter));
        Assert.Equal(3, _store.RequestsTo("/store"));
    }

    [Fact]
    public async Task A_store_that_does_not_answer_is_a_timeout_within_the_configured_bound()
    {
        _store.Hang();
        var watch = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<TiendaNubeException>(() => Client().GetStoreAsync(CancellationToken.None));

        Assert.Equal(StoreFailure.Timeout, failure.Failure);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Gave up after {watch.Elapsed}, configured {Options.Timeout}.");
    }

    [Fact]
    public void A_store_id_that_is_not_a_number_is_refused_before_any_call()
    {
        var failure = Assert.Throws<TiendaNubeException>(() =>
            new TiendaNubeClient(_http, new ConnectorCredentials(_store.BaseUrl, "../admin", _store.AccessToken), Options));

        Assert.Equal(StoreFailure.Unauthorized, failure.Failure);
        Assert.Empty(_store.Received);
    }

    private TiendaNubeClient Client(string? token = null) => new(
        _http, new ConnectorCredentials(_store.BaseUrl, _store.StoreId.ToString(System.Globalization.CultureInfo.InvariantCulture), token ?? _store.AccessToken),
        Options);
}
