using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Orders;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Orders;

/// <summary>The order routes called over HTTP by members signed in with their access tokens, as the web app and the agent call them.</summary>
public sealed class OrdersOverHttpTests(HubFactory hub) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task An_agent_places_an_order_the_server_totals_then_pays_ships_and_delivers_it()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var customerId = await HubApi.CreateCustomerAsync(agent.Client);

        // The client's own totals are wrong on purpose: the server computes them from the lines.
        var placing = await agent.Client.PostAsJsonAsync("/api/orders", new
        {
            customerId,
            currency = "ars",
            lines = new[]
            {
                new { sku = "PUNTA-37", description = "Zapatillas de punta, talle 37", quantity = 2, unitPrice = 10.50m },
                new { sku = "MEDIAS", description = "Medias de ballet", quantity = 1, unitPrice = 3m },
            },
            discount = 1m,
            shipping = 5m,
            subtotal = 1m,
            total = 1m,
        });
        var placed = await placing.ReadAsync<OrderResponse>();
        var paid = await (await agent.Client.PostAsJsonAsync($"/api/orders/{placed.Id}/pay", new { note = "Transferencia", version = placed.Version })).ReadAsync<OrderResponse>();
        var shipped = await (await agent.Client.PostAsJsonAsync($"/api/orders/{placed.Id}/ship", new { trackingCode = " AR-123456 ", version = paid.Version })).ReadAsync<OrderResponse>();
        var delivered = await (await agent.Client.PostAsJsonAsync($"/api/orders/{placed.Id}/deliver", new { version = shipped.Version })).ReadAsync<OrderResponse>();
        var read = await (await agent.Client.GetAsync($"/api/orders/{placed.Id}")).ReadAsync<OrderResponse>();

        Assert.Equal(HttpStatusCode.Created, placing.StatusCode);
        Assert.Equal($"/api/orders/{placed.Id}", placing.Headers.Location?.OriginalString);
        Assert.Equal(("1001", customerId, "ARS", "pending"), (placed.Number, placed.CustomerId, placed.Currency, placed.Status));
        Assert.Equal((24m, 1m, 5m, 28m), (placed.Subtotal, placed.Discount, placed.Shipping, placed.Total));
        Assert.Equal([21m, 3m], placed.Lines.Select(l => l.LineTotal));
        Assert.Equal(("paid", "shipped", "delivered"), (paid.Status, shipped.Status, delivered.Status));
        Assert.Equal("AR-123456", delivered.TrackingCode);
        Assert.Equal(("delivered", "AR-123456", 28m, delivered.Version), (read.Status, read.TrackingCode, read.Total, read.Version));
        Assert.Equal(
            new (string?, string)[] { (null, "pending"), ("pending", "paid"), ("paid", "shipped"), ("shipped", "delivered") },
            read.History.Select(c => (c.From, c.To)));
        Assert.All(read.History, c => Assert.Equal(agent.UserId.ToString(CultureInfo.InvariantCulture), c.Actor));
        Assert.Equal("Transferencia", read.History[1].Note);
    }

    [Fact]
    public async Task A_move_the_rules_forbid_is_a_409_problem_that_says_why()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var order = await PlaceAsync(agent.Client);

        var deliverPending = await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/deliver", new { });
        await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "El cliente se arrepintió" });
        var payCancelled = await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/pay", new { });

        Assert.Equal(HttpStatusCode.Conflict, deliverPending.StatusCode);
        var deliverPendingProblem = await deliverPending.ProblemAsync();
        Assert.Equal("El pedido 1001 está pendiente y no puede pasar a entregado. / Order 1001 is pending and cannot become delivered.", deliverPendingProblem.GetProperty("detail").GetString());
        Assert.Equal("El pedido 1001 está pendiente y no puede pasar a entregado.", deliverPendingProblem.GetProperty("text").GetProperty("es").GetString());
        Assert.Equal("Order 1001 is pending and cannot become delivered.", deliverPendingProblem.GetProperty("text").GetProperty("en").GetString());
        Assert.Equal(HttpStatusCode.Conflict, payCancelled.StatusCode);
        Assert.Equal("El pedido 1001 está cancelado y no puede pasar a pagado. / Order 1001 is cancelled and cannot become paid.", (await payCancelled.ProblemAsync()).GetProperty("detail").GetString());
        var read = await (await agent.Client.GetAsync($"/api/orders/{order.Id}")).ReadAsync<OrderResponse>();
        Assert.Equal(("cancelled", "El cliente se arrepintió"), (read.Status, read.CancellationReason));
    }

    public static TheoryData<string, string> InvalidOrders => new()
    {
        { """{ "customerId": 7, "currency": "ARS", "lines": [{ "sku": "A", "description": "A", "quantity": 0, "unitPrice": 1 }] }""", "lines[0].quantity" },
        { """{ "customerId": 7, "currency": "pesos", "lines": [{ "sku": "A", "description": "A", "quantity": 1, "unitPrice": 1 }] }""", "currency" },
        { """{ "customerId": 7, "lines": [{ "sku": "A", "description": "A", "quantity": 1, "unitPrice": 1 }] }""", "currency" },
        { """{ "customerId": 0, "currency": "ARS", "lines": [{ "sku": "A", "description": "A", "quantity": 1, "unitPrice": 1 }] }""", "customerId" },
        { """{ "customerId": 7, "currency": "ARS", "lines": [] }""", "lines" },
        { """{ "customerId": 7, "currency": "ARS", "lines": [{ "sku": "A", "description": "A", "quantity": 1, "unitPrice": 1 }, { "description": "B", "quantity": 1, "unitPrice": 1 }] }""", "lines[1].sku" },
        { """{ "customerId": 7, "currency": "ARS", "lines": [{ "sku": "A", "description": "A", "quantity": 1, "unitPrice": 1.005 }] }""", "lines[0].unitPrice" },
        { """{ "customerId": 7, "currency": "ARS", "lines": [{ "sku": "A", "description": "A", "quantity": 1, "unitPrice": 10 }], "discount": 11 }""", "discount" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task An_invalid_order_is_a_400_problem_naming_the_field(string body, string field)
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");

        var response = await agent.Client.PostAsync("/api/orders", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}.");
        Assert.Equal(0, (await (await agent.Client.GetAsync("/api/orders")).ReadAsync<Page<OrderSummary>>()).Total);
    }

    [Fact]
    public async Task A_move_with_missing_or_oversized_fields_is_a_400_problem_naming_the_field()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var order = await PlaceAsync(agent.Client);
        await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/pay", new { });

        var shipWithoutTracking = await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/ship", new { trackingCode = "  " });
        var cancelWithoutReason = await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { });
        var deliverWithLongNote = await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/deliver", new { note = new string('x', 501) });

        Assert.Equal(HttpStatusCode.BadRequest, shipWithoutTracking.StatusCode);
        Assert.True((await shipWithoutTracking.ProblemAsync()).GetProperty("errors").TryGetProperty("trackingCode", out _));
        Assert.Equal(HttpStatusCode.BadRequest, cancelWithoutReason.StatusCode);
        Assert.True((await cancelWithoutReason.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.BadRequest, deliverWithLongNote.StatusCode);
        Assert.True((await deliverWithLongNote.ProblemAsync()).GetProperty("errors").TryGetProperty("note", out _));
        Assert.Equal("paid", (await (await agent.Client.GetAsync($"/api/orders/{order.Id}")).ReadAsync<OrderResponse>()).Status);
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_problem_on_every_route_that_takes_one()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var order = await PlaceAsync(agent.Client);

        foreach (var path in BodyRoutes(order.Id))
        {
            var response = await agent.Client.PostAsync(path, Json("{"));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} answered {(int)response.StatusCode}.");
            await response.ProblemAsync();
        }
        Assert.Equal("pending", (await (await agent.Client.GetAsync($"/api/orders/{order.Id}")).ReadAsync<OrderResponse>()).Status);
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=21474838&pageSize=100", "page")]
    [InlineData("page=2147483647&pageSize=100", "page")]
    public async Task An_invalid_list_query_is_a_400_problem_naming_the_parameter(string query, string field)
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");

        var response = await agent.Client.GetAsync($"/api/orders?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}.");
    }

    [Fact]
    public async Task A_page_past_the_last_order_is_empty_and_still_counts_them_all()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        await PlaceAsync(agent.Client);

        var page = await (await agent.Client.GetAsync("/api/orders?page=1001&pageSize=100")).ReadAsync<Page<OrderSummary>>();

        Assert.Equal((1001, 100, 1), (page.PageNumber, page.PageSize, page.Total));
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task An_order_number_is_found_only_for_the_customer_it_belongs_to()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var order = await PlaceAsync(agent.Client);
        var someoneElse = await HubApi.CreateCustomerAsync(agent.Client);

        var ownCustomer = await agent.Client.GetAsync($"/api/orders/by-number/{order.Number}?customerId={order.CustomerId}");
        var otherCustomer = await agent.Client.GetAsync($"/api/orders/by-number/{order.Number}?customerId={someoneElse}");
        var noCustomer = await agent.Client.GetAsync($"/api/orders/by-number/{order.Number}");
        var unknownNumber = await agent.Client.GetAsync($"/api/orders/by-number/9999?customerId={order.CustomerId}");

        Assert.Equal(order.Id, (await ownCustomer.ReadAsync<OrderResponse>()).Id);
        Assert.Equal(HttpStatusCode.NotFound, otherCustomer.StatusCode);
        await otherCustomer.ProblemAsync();
        Assert.Equal(HttpStatusCode.BadRequest, noCustomer.StatusCode);
        Assert.True((await noCustomer.ProblemAsync()).GetProperty("errors").TryGetProperty("customerId", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknownNumber.StatusCode);
    }

    [Fact]
    public async Task An_order_for_an_unknown_customer_or_another_tenants_is_a_400_naming_customerId_and_nothing_is_placed()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var elsewhere = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var theirCustomer = await HubApi.CreateCustomerAsync(elsewhere.Client);

        var forTheirs = await agent.Client.PostAsJsonAsync("/api/orders", NewOrder(theirCustomer));
        var forNobody = await agent.Client.PostAsJsonAsync("/api/orders", NewOrder(int.MaxValue));

        foreach (var response in new[] { forTheirs, forNobody })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("customerId", out _), "No error for customerId.");
        }
        Assert.Equal(0, (await (await agent.Client.GetAsync("/api/orders")).ReadAsync<Page<OrderSummary>>()).Total);
        Assert.Equal(0, (await (await elsewhere.Client.GetAsync("/api/orders")).ReadAsync<Page<OrderSummary>>()).Total);
    }

    [Fact]
    public async Task A_viewer_lists_and_reads_orders_but_may_neither_place_nor_move_one()
    {
        var viewer = await HubApi.CreateTenantWithMemberAsync(hub, "viewer");
        using var owner = await HubApi.SignInWithCookieAsync(hub, tenantId: viewer.TenantId);
        var order = await PlaceAsync(owner);

        var list = await (await viewer.Client.GetAsync("/api/orders")).ReadAsync<Page<OrderSummary>>();
        var read = await (await viewer.Client.GetAsync($"/api/orders/{order.Id}")).ReadAsync<OrderResponse>();
        var byNumber = await (await viewer.Client.GetAsync($"/api/orders/by-number/{order.Number}?customerId={order.CustomerId}")).ReadAsync<OrderResponse>();
        var place = await viewer.Client.PostAsJsonAsync("/api/orders", NewOrder(order.CustomerId));

        Assert.Equal(order.Id, Assert.Single(list.Items).Id);
        Assert.Equal((order.Id, order.Id), (read.Id, byNumber.Id));
        Assert.Equal(HttpStatusCode.Forbidden, place.StatusCode);
        foreach (var (path, body) in Moves(order.Id))
        {
            var response = await viewer.Client.PostAsJsonAsync(path, body);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"POST {path} answered {(int)response.StatusCode}.");
        }
        Assert.Equal(1, (await (await viewer.Client.GetAsync("/api/orders")).ReadAsync<Page<OrderSummary>>()).Total);
        Assert.Equal("pending", (await (await viewer.Client.GetAsync($"/api/orders/{order.Id}")).ReadAsync<OrderResponse>()).Status);
    }

    [Fact]
    public async Task Without_a_token_every_order_route_is_401()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var order = await PlaceAsync(agent.Client);
        using var anonymous = hub.CreateClient(new() { AllowAutoRedirect = false });

        var reads = new[] { "/api/orders", $"/api/orders/{order.Id}", $"/api/orders/by-number/{order.Number}?customerId=7" };
        foreach (var path in reads)
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {path} answered {(int)response.StatusCode}.");
        }
        foreach (var (path, body) in Moves(order.Id).Prepend(("/api/orders", NewOrder(customerId: 7))))
        {
            var response = await anonymous.PostAsJsonAsync(path, body);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"POST {path} answered {(int)response.StatusCode}.");
        }
    }

    [Fact]
    public async Task A_member_of_another_tenant_finds_none_of_this_tenants_orders()
    {
        var here = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var elsewhere = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var order = await PlaceAsync(here.Client);

        var get = await elsewhere.Client.GetAsync($"/api/orders/{order.Id}");
        var byNumber = await elsewhere.Client.GetAsync($"/api/orders/by-number/{order.Number}?customerId={order.CustomerId}");
        var list = await (await elsewhere.Client.GetAsync("/api/orders")).ReadAsync<Page<OrderSummary>>();

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byNumber.StatusCode);
        Assert.Equal((0, 0), (list.Total, list.Items.Count));
        foreach (var (path, body) in Moves(order.Id))
        {
            var response = await elsewhere.Client.PostAsJsonAsync(path, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path} answered {(int)response.StatusCode}.");
        }
        var unchanged = await (await here.Client.GetAsync($"/api/orders/{order.Id}")).ReadAsync<OrderResponse>();
        Assert.Equal(("pending", order.Version), (unchanged.Status, unchanged.Version));
        Assert.Single(unchanged.History);
    }

    [Fact]
    public async Task A_move_made_with_a_stale_version_is_a_409_and_changes_nothing()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var order = await PlaceAsync(agent.Client);

        var paid = await (await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/pay", new { version = order.Version })).ReadAsync<OrderResponse>();
        var staleCancel = await agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/cancel", new { reason = "Sin stock", version = order.Version });

        Assert.NotEqual(order.Version, paid.Version);
        Assert.Equal(HttpStatusCode.Conflict, staleCancel.StatusCode);
        Assert.Equal("Otra persona cambió el pedido 1001 mientras tanto; recargalo y probá de nuevo. / Order 1001 was changed by someone else meanwhile; reload it and try again.", (await staleCancel.ProblemAsync()).GetProperty("detail").GetString());
        var read = await (await agent.Client.GetAsync($"/api/orders/{order.Id}")).ReadAsync<OrderResponse>();
        Assert.Equal(("paid", paid.Version, 2), (read.Status, read.Version, read.History.Count));
    }

    [Fact]
    public async Task Ten_payments_of_one_order_at_once_give_one_payment_and_nine_409s()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var order = await PlaceAsync(agent.Client);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => agent.Client.PostAsJsonAsync($"/api/orders/{order.Id}/pay", new { })));

        Assert.Equal(
            [(HttpStatusCode.OK, 1), (HttpStatusCode.Conflict, 9)],
            responses.GroupBy(r => r.StatusCode).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key));
        var read = await (await agent.Client.GetAsync($"/api/orders/{order.Id}")).ReadAsync<OrderResponse>();
        Assert.Equal(("paid", 2), (read.Status, read.History.Count));
    }

    private static object NewOrder(int customerId) => new
    {
        customerId,
        currency = "ARS",
        lines = new[] { new { sku = "PUNTA-37", description = "Zapatillas de punta, talle 37", quantity = 1, unitPrice = 100m } },
    };

    /// <summary>Places an order for a new customer of the client's tenant.</summary>
    private static async Task<OrderResponse> PlaceAsync(HttpClient client)
        => await (await client.PostAsJsonAsync("/api/orders", NewOrder(await HubApi.CreateCustomerAsync(client)))).ReadAsync<OrderResponse>();

    /// <summary>Every status move of an order, each with a body that would be valid.</summary>
    private static IEnumerable<(string Path, object Body)> Moves(int id) =>
    [
        ($"/api/orders/{id}/pay", new { }),
        ($"/api/orders/{id}/ship", new { trackingCode = "AR-1" }),
        ($"/api/orders/{id}/deliver", new { }),
        ($"/api/orders/{id}/cancel", new { reason = "Sin stock" }),
    ];

    private static IEnumerable<string> BodyRoutes(int id) => Moves(id).Select(m => m.Path).Prepend("/api/orders");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
