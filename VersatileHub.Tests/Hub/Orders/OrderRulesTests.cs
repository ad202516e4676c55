using VersatileHub.Hub.Api;
using VersatileHub.Hub.Orders;

namespace VersatileHub.Tests.Hub.Orders;

public sealed class OrderRulesTests
{
    private static readonly DateTimeOffset Placed = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Totals_are_computed_from_the_lines_to_the_cent()
    {
        var order = Order.Place("1001", customerId: 7, "ars",
            [Line("PUNTA-37", quantity: 3, unitPrice: 19.99m), Line("CINTA", quantity: 1, unitPrice: 5.50m)],
            discount: 5.47m, shipping: 10m, "user-1", Placed);

        Assert.Equal([59.97m, 5.50m], order.Lines.Select(l => l.LineTotal));
        Assert.Equal(65.47m, order.Subtotal);
        Assert.Equal(70.00m, order.Total);
        Assert.Equal("ARS", order.Currency);
    }

    [Fact]
    public void A_discount_larger_than_the_subtotal_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(
            () => Order.Place("1001", 7, "USD", [Line("A", 1, 10m)], discount: 10.01m, shipping: 0, "user-1", Placed));

    [Fact]
    public void An_order_without_lines_is_refused()
        => Assert.Throws<ArgumentException>(() => Order.Place("1001", 7, "USD", [], 0, 0, "user-1", Placed));

    [Fact]
    public void A_placed_order_is_pending_and_its_history_starts_with_the_placement()
    {
        var order = NewOrder();

        Assert.Equal(OrderStatus.Pending, order.Status);
        var placement = Assert.Single(order.History);
        Assert.Equal((null, OrderStatus.Pending, Placed, "user-1"), (placement.From, placement.To, placement.At, placement.Actor));
    }

    [Fact]
    public void An_order_is_paid_shipped_and_delivered_and_each_move_is_recorded_with_time_actor_and_note()
    {
        var order = NewOrder();

        order.MarkPaid("user-2", Placed.AddHours(1), "transferencia recibida");
        order.Ship("OCA-123", "user-3", Placed.AddDays(1));
        order.Deliver("courier-bot", Placed.AddDays(3), "firmado por la clienta");

        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.Equal("OCA-123", order.TrackingCode);
        Assert.Equal(Placed.AddDays(3), order.UpdatedAt);
        Assert.Equal(
            [
                (null, OrderStatus.Pending, Placed, "user-1", null),
                (OrderStatus.Pending, OrderStatus.Paid, Placed.AddHours(1), "user-2", "transferencia recibida"),
                (OrderStatus.Paid, OrderStatus.Shipped, Placed.AddDays(1), "user-3", null),
                (OrderStatus.Shipped, OrderStatus.Delivered, Placed.AddDays(3), "courier-bot", "firmado por la clienta"),
            ],
            order.History.Select(c => ((OrderStatus?)c.From, c.To, c.At, c.Actor, c.Note)));
    }

    [Fact]
    public void A_pending_order_can_be_cancelled_and_keeps_the_reason()
    {
        var order = NewOrder();

        order.Cancel("Sin stock", "user-2", Placed.AddMinutes(5));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal("Sin stock", order.CancellationReason);
        Assert.Equal((OrderStatus.Pending, OrderStatus.Cancelled, "Sin stock"), (order.History[^1].From!.Value, order.History[^1].To, order.History[^1].Note));
    }

    [Fact]
    public void A_paid_order_can_be_cancelled()
    {
        var order = NewOrder();
        order.MarkPaid("user-2", Placed);

        order.Cancel("Customer changed their mind", "user-2", Placed.AddHours(2));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    private static readonly Dictionary<string, Action<Order>> ForbiddenMoves = new()
    {
        { "pending order shipped", o => o.Ship("T-1", "u", Placed) },
        { "pending order delivered", o => o.Deliver("u", Placed) },
        { "paid order paid again", o => { o.MarkPaid("u", Placed); o.MarkPaid("u", Placed); } },
        { "paid order delivered", o => { o.MarkPaid("u", Placed); o.Deliver("u", Placed); } },
        { "shipped order cancelled", o => { o.MarkPaid("u", Placed); o.Ship("T-1", "u", Placed); o.Cancel("late", "u", Placed); } },
        { "delivered order cancelled", o => { o.MarkPaid("u", Placed); o.Ship("T-1", "u", Placed); o.Deliver("u", Placed); o.Cancel("late", "u", Placed); } },
        { "cancelled order paid", o => { o.Cancel("dup", "u", Placed); o.MarkPaid("u", Placed); } },
    };

    public static TheoryData<string> ForbiddenMoveNames => [.. ForbiddenMoves.Keys];

    [Theory]
    [MemberData(nameof(ForbiddenMoveNames))]
    public void A_move_the_rules_forbid_is_refused_and_leaves_no_trace(string move)
    {
        var order = NewOrder();

        var refused = Assert.Throws<OrderStatusConflictException>(() => ForbiddenMoves[move](order));

        Assert.Equal(order.Status, refused.From);
        Assert.Contains($"is {refused.From.Name()} and cannot become {refused.To.Name()}", refused.Text.En, StringComparison.Ordinal);
        Assert.Contains($"está {refused.From.SpanishName()} y no puede pasar a {refused.To.SpanishName()}", refused.Text.Es, StringComparison.Ordinal);
        Assert.Equal(order.Status, order.History[^1].To);
    }

    [Fact]
    public void The_refusal_says_why()
    {
        var order = NewOrder();
        order.MarkPaid("u", Placed);
        order.Ship("T-1", "u", Placed);

        var refused = Assert.Throws<OrderStatusConflictException>(() => order.Cancel("late", "u", Placed));

        Assert.Equal(new UserText("El pedido 1001 está enviado y no puede pasar a cancelado.", "Order 1001 is shipped and cannot become cancelled."), refused.Text);
    }

    [Fact]
    public void A_request_names_every_field_it_gets_wrong()
    {
        var request = new CreateOrderRequest(
            CustomerId: 0,
            Currency: "EURO",
            Lines: [new OrderLineRequest(null, null, "A", "Zapatilla", Quantity: 0, UnitPrice: 10m), new OrderLineRequest(null, null, "", "B", 1, -1m)],
            Discount: -1m,
            Shipping: 1.001m);

        var errors = request.Validate();

        Assert.Equal(
            ["currency", "customerId", "discount", "lines[0].quantity", "lines[1].sku", "lines[1].unitPrice", "shipping"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_valid_request_has_no_errors()
        => Assert.Empty(new CreateOrderRequest(7, "usd", [new OrderLineRequest(3, 9, "A-1", "Malla", 2, 10.50m)], 1m, 2m).Validate());

    [Fact]
    public void A_discount_above_the_subtotal_is_named_in_the_request()
        => Assert.Equal(["discount"], new CreateOrderRequest(7, "USD", [new OrderLineRequest(null, null, "A", "B", 1, 10m)], 11m).Validate().Keys);

    private static Order NewOrder() => Order.Place("1001", 7, "ARS", [Line("A", 1, 100m)], 0, 0, "user-1", Placed);

    private static OrderLine Line(string sku, int quantity, decimal unitPrice)
        => new(productId: null, variantId: null, sku, $"Product {sku}", quantity, unitPrice);
}
