using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Orders;

internal enum OrderStatus
{
    Pending,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

/// <summary>
/// A customer's order: its lines and totals are fixed when it is placed; afterwards only its status moves,
/// pending → paid → shipped → delivered, or to cancelled from pending or paid, and every move is kept in its history.
/// </summary>
internal sealed class Order : ITenantOwned
{
    public const int MaxCurrencyLength = 3;
    public const int MaxTrackingCodeLength = 100;
    public const int MaxNoteLength = 500;

    private readonly List<OrderLine> _lines = [];
    private readonly List<OrderStatusChange> _history = [];

    private Order()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    /// <summary>The human number, unique per tenant, that customers quote (e.g. "1001").</summary>
    public string Number { get; private set; } = "";

    /// <summary>A Hub customer of the same tenant.</summary>
    public int CustomerId { get; private set; }

    /// <summary>ISO 4217 code, upper case.</summary>
    public string Currency { get; private set; } = "";

    public decimal Subtotal { get; private set; }

    public decimal Discount { get; private set; }

    public decimal Shipping { get; private set; }

    public decimal Total { get; private set; }

    public OrderStatus Status { get; private set; }

    public string? TrackingCode { get; private set; }

    public string? CancellationReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL's xmin: a save over a version someone else changed meanwhile fails instead of overwriting.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public IReadOnlyList<OrderStatusChange> History => _history;

    /// <summary>Places a pending order; the totals are computed here from the lines, never taken from the caller.</summary>
    public static Order Place(
        string number,
        int customerId,
        string currency,
        IEnumerable<OrderLine> lines,
        decimal discount,
        decimal shipping,
        string actor,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        ArgumentOutOfRangeException.ThrowIfNegative(discount);
        ArgumentOutOfRangeException.ThrowIfNegative(shipping);

        var order = new Order
        {
            Number = number,
            CustomerId = customerId,
            Currency = currency.ToUpperInvariant(),
            Status = OrderStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        order._lines.AddRange(lines);
        if (order._lines.Count == 0)
        {
            throw new ArgumentException("An order needs at least one line.", nameof(lines));
        }

        order.Subtotal = order._lines.Sum(l => l.LineTotal);
        order.Discount = RoundToCents(discount);
        if (order.Discount > order.Subtotal)
        {
            throw new ArgumentOutOfRangeException(nameof(discount), discount, "The discount cannot exceed the subtotal.");
        }
        order.Shipping = RoundToCents(shipping);
        order.Total = order.Subtotal - order.Discount + order.Shipping;
        order._history.Add(new OrderStatusChange(from: null, OrderStatus.Pending, now, actor, note: null));
        return order;
    }

    public void MarkPaid(string actor, DateTimeOffset now, string? note = null)
        => MoveTo(OrderStatus.Paid, actor, now, note, OrderStatus.Pending);

    public void Ship(string trackingCode, string actor, DateTimeOffset now, string? note = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingCode);
        MoveTo(OrderStatus.Shipped, actor, now, note, OrderStatus.Paid);
        TrackingCode = trackingCode.Trim();
    }

    public void Deliver(string actor, DateTimeOffset now, string? note = null)
        => MoveTo(OrderStatus.Delivered, actor, now, note, OrderStatus.Shipped);

    public void Cancel(string reason, string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        MoveTo(OrderStatus.Cancelled, actor, now, reason.Trim(), OrderStatus.Pending, OrderStatus.Paid);
        CancellationReason = reason.Trim();
    }

    /// <summary>Amounts are kept to cents (numeric(12,2)), rounding halves away from zero as invoices do.</summary>
    public static decimal RoundToCents(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    private void MoveTo(OrderStatus to, string actor, DateTimeOffset now, string? note, params OrderStatus[] allowedFrom)
    {
        if (!allowedFrom.Contains(Status))
        {
            throw new OrderStatusConflictException(Number, Status, to);
        }

        _history.Add(new OrderStatusChange(Status, to, now, actor, note));
        Status = to;
        UpdatedAt = now;
    }
}

/// <summary>One product line; its total is quantity × unit price, rounded to cents.</summary>
internal sealed class OrderLine
{
    public const int MaxSkuLength = 100;
    public const int MaxDescriptionLength = 500;

    private OrderLine()
    {
    }

    public OrderLine(int? productId, int? variantId, string sku, string description, int quantity, decimal unitPrice)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);

        ProductId = productId;
        VariantId = variantId;
        Sku = sku.Trim();
        Description = description.Trim();
        Quantity = quantity;
        UnitPrice = Order.RoundToCents(unitPrice);
        LineTotal = Order.RoundToCents(Quantity * UnitPrice);
    }

    public int Id { get; private set; }

    public int? ProductId { get; private set; }

    public int? VariantId { get; private set; }

    public string Sku { get; private set; } = "";

    public string Description { get; private set; } = "";

    public int Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    public decimal LineTotal { get; private set; }
}

/// <summary>A step in an order's life: who moved it, when, and why.</summary>
internal sealed class OrderStatusChange
{
    private OrderStatusChange()
    {
    }

    public OrderStatusChange(OrderStatus? from, OrderStatus to, DateTimeOffset at, string actor, string? note)
    {
        From = from;
        To = to;
        At = at;
        Actor = actor;
        Note = note;
    }

    public int Id { get; private set; }

    /// <summary>Null for the order's placement.</summary>
    public OrderStatus? From { get; private set; }

    public OrderStatus To { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Actor { get; private set; } = "";

    public string? Note { get; private set; }
}

/// <summary>A status move the order's rules forbid, such as cancelling a shipped order.</summary>
internal sealed class OrderStatusConflictException(string number, OrderStatus from, OrderStatus to) : RefusalException(new UserText(
    $"El pedido {number} está {from.SpanishName()} y no puede pasar a {to.SpanishName()}.",
    $"Order {number} is {from.Name()} and cannot become {to.Name()}."))
{
    public OrderStatus From { get; } = from;

    public OrderStatus To { get; } = to;
}

/// <summary>The lower-case names statuses have in the API and in events.</summary>
internal static class OrderStatusNames
{
    /// <summary>How a status reads in Spanish, said of an order (el pedido está ...).</summary>
    public static string SpanishName(this OrderStatus status) => status switch
    {
        OrderStatus.Pending => "pendiente",
        OrderStatus.Paid => "pagado",
        OrderStatus.Shipped => "enviado",
        OrderStatus.Delivered => "entregado",
        OrderStatus.Cancelled => "cancelado",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Name(this OrderStatus status) => status switch
    {
        OrderStatus.Pending => "pending",
        OrderStatus.Paid => "paid",
        OrderStatus.Shipped => "shipped",
        OrderStatus.Delivered => "delivered",
        OrderStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? name, out OrderStatus status)
    {
        foreach (var candidate in Enum.GetValues<OrderStatus>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
