using System.Globalization;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Orders;

namespace VersatileHub.Hub.Connectors.TiendaNube;

/// <summary>A Tienda Nube store's orders as the Hub's order views, found by number for the customer who placed them.</summary>
internal static class TiendaNubeOrders
{
    /// <summary>
    /// The order with <paramref name="number"/>, only when the store's buyer is <paramref name="customer"/>: the same e-mail,
    /// or the same phone once both are in E.164 (numbers without a country code are read in the store's country).
    /// Another customer's order is not found, exactly like a number that does not exist.
    /// </summary>
    public static async Task<OrderResponse?> FindByNumberAsync(
        TiendaNubeStore store, string number, Customer customer, string defaultPhoneRegion, CancellationToken cancellationToken)
    {
        // Tienda Nube numbers are integers (from 100); the Hub's customers may type them with a leading '#'.
        if (!long.TryParse(number.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var orderNumber))
        {
            return null;
        }
        var order = await store.OrderAsync(orderNumber, cancellationToken);
        if (order is null)
        {
            return null;
        }
        var settings = await store.SettingsAsync(cancellationToken);
        var region = settings.Country is { Length: 2 } country && PhoneNumber.IsKnownRegion(country) ? country : defaultPhoneRegion;
        return PlacedBy(order, customer, region) ? View(order, customer.Id) : null;
    }

    private static bool PlacedBy(OrderResource order, Customer customer, string region)
    {
        if (order.Customer?.Email is { Length: > 0 } email
            && customer.Emails.Any(e => string.Equals(e, email.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        return new[] { order.Customer?.Phone, order.BillingPhone }
            .Any(phone => PhoneNumber.TryParse(phone, region, out var parsed) && customer.Phones.Any(p => p.E164 == parsed.E164));
    }

    /// <summary>
    /// The store's three statuses folded into the Hub's one: cancelled; else shipped once fulfilled; else paid once paid;
    /// else pending. The store does not say when an order is delivered, so none is.
    /// </summary>
    internal static OrderStatus Status(OrderResource order) => order switch
    {
        { Status: "cancelled" } => OrderStatus.Cancelled,
        { ShippingStatus: "fulfilled" or "shipped" } => OrderStatus.Shipped,
        { PaymentStatus: "paid" } => OrderStatus.Paid,
        _ => OrderStatus.Pending,
    };

    private static OrderResponse View(OrderResource order, int customerId) => new(
        TiendaNubeCatalog.HubId(order.Id),
        order.Number.ToString(CultureInfo.InvariantCulture),
        customerId,
        order.Currency,
        Status(order).Name(),
        order.Subtotal,
        order.Discount,
        order.ShippingCostCustomer ?? 0,
        order.Total,
        order.ShippingTrackingNumber,
        order.CancelReason,
        order.CreatedAt,
        order.UpdatedAt,
        Version: 0,
        [.. (order.Products ?? []).Select(line => new OrderLineResponse(
            line.ProductId is { } product ? TiendaNubeCatalog.HubId(product) : null,
            line.VariantId is { } variant ? TiendaNubeCatalog.HubId(variant) : null,
            line.Sku ?? "", line.Name ?? "", line.Quantity, line.Price, line.Price * line.Quantity))],
        []);
}
