using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Orders;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Orders;

public sealed class OrderPersistenceTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private static readonly System.Security.Claims.ClaimsPrincipal Operator = TenantScope.User("user-42");

    [Fact]
    public async Task A_created_order_is_stored_with_the_tenants_first_number_its_totals_and_its_created_event()
    {
        var tenant = TenantScope.NewTenantId();

        var customer = await NewCustomerAsync(tenant);
        var created = await CreateAsync(tenant, customer);

        Assert.Equal("1001", created.Number);
        Assert.Equal((21m, 1m, 5m, 25m), (created.Subtotal, created.Discount, created.Shipping, created.Total));
        await using var scope = TenantScope.Open(hub, tenant);
        var stored = await scope.Db.Set<Order>().SingleAsync(o => o.Id == created.Id);
        Assert.Equal((tenant, customer, "pending", 25m), (stored.TenantId, stored.CustomerId, stored.Status.Name(), stored.Total));
        Assert.Equal(2, stored.Lines.Count);
        Assert.Equal("user-42", Assert.Single(stored.History).Actor);

        var @event = Assert.Single(await TenantScope.EventsAsync(hub, tenant));
        Assert.Equal(("order.created", created.Id.ToString(CultureInfo.InvariantCulture)), (@event.Type, @event.Subject));
        Assert.Equal(new OrderCreated(created.Id, "1001", customer, "ARS", 25m, "pending"), @event.DataAs<OrderCreated>());
    }

    [Fact]
    public async Task Twenty_orders_created_at_once_get_twenty_distinct_consecutive_numbers()
    {
        var tenant = TenantScope.NewTenantId();

        var customer = await NewCustomerAsync(tenant);
        var orders = await Task.WhenAll(Enumerable.Range(1, 20).Select(_ => Task.Run(() => CreateAsync(tenant, customer))));

        Assert.Equal(
            Enumerable.Range(1001, 20).Select(n => n.ToString(CultureInfo.InvariantCulture)),
            orders.Select(o => o.Number).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_tenant_numbers_its_own_orders()
    {
        var (first, second) = (TenantScope.NewTenantId(), TenantScope.NewTenantId());

        await CreateAsync(first);
        var secondsFirst = await CreateAsync(second);
        var firstsSecond = await CreateAsync(first);

        Assert.Equal(("1001", "1002"), (secondsFirst.Number, firstsSecond.Number));
    }

    [Fact]
    public async Task An_order_number_finds_the_order_only_for_the_customer_it_belongs_to()
    {
        var tenant = TenantScope.NewTenantId();
        var order = await CreateAsync(tenant);
        var someoneElse = await NewCustomerAsync(tenant);

        await using var scope = TenantScope.Open(hub, tenant);
        var own = await OrdersApi.GetOrderByNumber(order.Number, order.CustomerId, scope.OrderSource, CancellationToken.None);
        var someoneElses = await OrdersApi.GetOrderByNumber(order.Number, someoneElse, scope.OrderSource, CancellationToken.None);
        var noCustomer = await OrdersApi.GetOrderByNumber(order.Number, null, scope.OrderSource, CancellationToken.None);

        Assert.Equal(order.Id, Assert.IsType<Ok<OrderResponse>>(own.Result).Value!.Id);
        Assert.IsType<NotFound>(someoneElses.Result);
        Assert.Contains("customerId", Assert.IsType<ValidationProblem>(noCustomer.Result).ProblemDetails.Errors.Keys);
    }

    [Fact]
    public async Task Another_tenants_order_is_not_found_by_id_nor_by_number_nor_changed()
    {
        var owner = TenantScope.NewTenantId();
        var order = await CreateAsync(owner);

        await using var other = TenantScope.Open(hub, TenantScope.NewTenantId());
        Assert.IsType<NotFound>((await OrdersApi.GetOrder(order.Id, other.Orders, CancellationToken.None)).Result);
        Assert.IsType<NotFound>((await OrdersApi.GetOrderByNumber(order.Number, order.CustomerId, other.OrderSource, CancellationToken.None)).Result);
        Assert.IsType<NotFound>((await OrdersApi.PayOrder(order.Id, new PayOrderRequest(), other.Orders, Operator, CancellationToken.None)).Result);
        Assert.Equal(0, (await OrdersApi.ListOrders(new OrderQuery(), other.Orders, CancellationToken.None)).Result is Ok<Page<OrderSummary>> page ? page.Value!.Total : -1);
    }

    [Fact]
    public async Task Each_move_is_stored_in_the_history_and_published_with_number_from_and_to()
    {
        var tenant = TenantScope.NewTenantId();
        var order = await CreateAsync(tenant);

        await using (var scope = TenantScope.Open(hub, tenant))
        {
            Assert.IsType<Ok<OrderResponse>>((await OrdersApi.PayOrder(order.Id, new PayOrderRequest("MP 991"), scope.Orders, Operator, default)).Result);
        }
        await using (var scope = TenantScope.Open(hub, tenant))
        {
            var cancelled = await OrdersApi.CancelOrder(order.Id, new CancelOrderRequest("Pedido duplicado"), scope.Orders, Operator, default);
            Assert.Equal("cancelled", Assert.IsType<Ok<OrderResponse>>(cancelled.Result).Value!.Status);
        }

        await using var check = TenantScope.Open(hub, tenant);
        var stored = OrderResponse.From(await check.Db.Set<Order>().SingleAsync(o => o.Id == order.Id));
        Assert.Equal(
            [(null, "pending", null), ("pending", "paid", "MP 991"), ("paid", "cancelled", "Pedido duplicado")],
            stored.History.Select(c => (c.From, c.To, c.Note)));
        var events = await TenantScope.EventsAsync(hub, tenant);
        Assert.Equal(["order.created", "order.status_changed", "order.status_changed", "order.cancelled"], events.Select(e => e.Type));
        Assert.Equal(
            [new OrderStatusChanged(order.Id, "1001", "pending", "paid"), new OrderStatusChanged(order.Id, "1001", "paid", "cancelled")],
            events.Where(e => e.Type == "order.status_changed").Select(e => e.DataAs<OrderStatusChanged>()));
        Assert.Equal(new OrderCancelled(order.Id, "1001", "Pedido duplicado"), events[^1].DataAs<OrderCancelled>());
    }

    [Fact]
    public async Task A_forbidden_move_is_a_409_with_the_reason_and_changes_and_publishes_nothing()
    {
        var tenant = TenantScope.NewTenantId();
        var order = await CreateAsync(tenant);

        await using var scope = TenantScope.Open(hub, tenant);
        var result = await OrdersApi.DeliverOrder(order.Id, new DeliverOrderRequest(), scope.Orders, Operator, default);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        Assert.Equal("El pedido 1001 está pendiente y no puede pasar a entregado. / Order 1001 is pending and cannot become delivered.", problem.ProblemDetails.Detail);
        await using var check = TenantScope.Open(hub, tenant);
        Assert.Equal(OrderStatus.Pending, (await check.Db.Set<Order>().SingleAsync(o => o.Id == order.Id)).Status);
        Assert.Equal(["order.created"], (await TenantScope.EventsAsync(hub, tenant)).Select(e => e.Type));
    }

    [Fact]
    public async Task Shipping_without_a_tracking_code_is_a_400_naming_the_field()
    {
        var tenant = TenantScope.NewTenantId();
        var order = await CreateAsync(tenant);

        await using var scope = TenantScope.Open(hub, tenant);
        var result = await OrdersApi.ShipOrder(order.Id, new ShipOrderRequest(TrackingCode: " "), scope.Orders, Operator, default);

        Assert.Equal(["trackingCode"], Assert.IsType<ValidationProblem>(result.Result).ProblemDetails.Errors.Keys);
    }

    [Fact]
    public async Task Two_edits_of_the_same_order_at_once_save_the_first_and_refuse_the_second()
    {
        var tenant = TenantScope.NewTenantId();
        var order = await CreateAsync(tenant);
        await using var first = TenantScope.Open(hub, tenant);
        await using var second = TenantScope.Open(hub, tenant);
        var firstCopy = await first.Db.Set<Order>().SingleAsync(o => o.Id == order.Id);
        var secondCopy = await second.Db.Set<Order>().SingleAsync(o => o.Id == order.Id);

        firstCopy.MarkPaid("user-1", DateTimeOffset.UtcNow);
        await first.Db.SaveChangesAsync();
        secondCopy.Cancel("Duplicate", "user-2", DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.Db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_move_based_on_a_stale_version_is_a_409_and_overwrites_nothing()
    {
        var tenant = TenantScope.NewTenantId();
        var order = await CreateAsync(tenant);
        await using (var scope = TenantScope.Open(hub, tenant))
        {
            var paid = await OrdersApi.PayOrder(order.Id, new PayOrderRequest(Version: order.Version), scope.Orders, Operator, default);
            Assert.IsType<Ok<OrderResponse>>(paid.Result);
        }

        await using var stale = TenantScope.Open(hub, tenant);
        var result = await OrdersApi.CancelOrder(order.Id, new CancelOrderRequest("Duplicate", order.Version), stale.Orders, Operator, default);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
        await using var check = TenantScope.Open(hub, tenant);
        Assert.Equal(OrderStatus.Paid, (await check.Db.Set<Order>().SingleAsync(o => o.Id == order.Id)).Status);
        Assert.DoesNotContain(await TenantScope.EventsAsync(hub, tenant), e => e.Type == "order.cancelled");
    }

    [Fact]
    public async Task The_list_filters_by_status_customer_and_creation_time_and_pages_newest_first()
    {
        var tenant = TenantScope.NewTenantId();
        var orders = new List<OrderResponse>();
        var (first, second) = (await NewCustomerAsync(tenant), await NewCustomerAsync(tenant));
        foreach (var customer in new[] { first, second, first, first })
        {
            orders.Add(await CreateAsync(tenant, customer));
        }
        await using (var scope = TenantScope.Open(hub, tenant))
        {
            await OrdersApi.PayOrder(orders[0].Id, new PayOrderRequest(), scope.Orders, Operator, default);
        }

        await using var read = TenantScope.Open(hub, tenant);
        var firstPage = await ListAsync(read, new OrderQuery(CustomerId: first, PageSize: 2));
        var secondPage = await ListAsync(read, new OrderQuery(CustomerId: first, Page: 2, PageSize: 2));
        var paid = await ListAsync(read, new OrderQuery(Status: "PAID"));
        var anHourAgoInBuenosAires = DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(-3));
        var sinceAnHourAgo = await ListAsync(read, new OrderQuery(From: anHourAgoInBuenosAires));
        var beforeAnHourAgo = await ListAsync(read, new OrderQuery(To: anHourAgoInBuenosAires));
        var invalid = await OrdersApi.ListOrders(new OrderQuery(Status: "lost", PageSize: 500), read.Orders, default);

        Assert.Equal(3, firstPage.Total);
        Assert.Equal(["1004", "1003"], firstPage.Items.Select(o => o.Number));
        Assert.Equal(["1001"], secondPage.Items.Select(o => o.Number));
        Assert.Equal(["1001"], paid.Items.Select(o => o.Number));
        Assert.Equal((4, 0), (sinceAnHourAgo.Total, beforeAnHourAgo.Total));
        Assert.Equal(["pageSize", "status"], Assert.IsType<ValidationProblem>(invalid.Result).ProblemDetails.Errors.Keys.Order(StringComparer.Ordinal));
    }

    private static async Task<Page<OrderSummary>> ListAsync(TenantScope scope, OrderQuery query)
        => Assert.IsType<Ok<Page<OrderSummary>>>((await OrdersApi.ListOrders(query, scope.Orders, default)).Result).Value!;

    /// <summary>Places an order of the tenant, for <paramref name="customerId"/> or else a new customer.</summary>
    private async Task<OrderResponse> CreateAsync(int tenant, int? customerId = null)
    {
        customerId ??= await NewCustomerAsync(tenant);
        await using var scope = TenantScope.Open(hub, tenant);
        var request = new CreateOrderRequest(
            customerId.Value,
            "ars",
            [new OrderLineRequest(10, 101, "PUNTA-37", "Puntas de danza, talle 37", 1, 15m), new OrderLineRequest(null, null, "CINTA", "Cinta de raso", 2, 3m)],
            Discount: 1m,
            Shipping: 5m);
        var result = await OrdersApi.CreateOrder(request, scope.Orders, Operator, CancellationToken.None);
        return Assert.IsType<Created<OrderResponse>>(result.Result).Value!;
    }

    private async Task<int> NewCustomerAsync(int tenant)
    {
        await using var scope = TenantScope.Open(hub, tenant);
        return await scope.NewCustomerAsync();
    }
}
