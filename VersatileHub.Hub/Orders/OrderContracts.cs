using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Orders;

internal sealed record OrderLineRequest(int? ProductId, int? VariantId, string? Sku, string? Description, int Quantity, decimal UnitPrice);

/// <summary>A new order as a caller describes it; totals are computed by <see cref="Order.Place"/>, never read from here.</summary>
internal sealed record CreateOrderRequest(
    int CustomerId,
    string? Currency,
    IReadOnlyList<OrderLineRequest>? Lines,
    decimal Discount = 0,
    decimal Shipping = 0)
{
    public const int MaxLines = 200;

    /// <summary>numeric(12,2) holds at most this.</summary>
    public const decimal MaxAmount = 9_999_999_999.99m;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (CustomerId <= 0)
        {
            errors["customerId"] = ["The customer id must be a positive number."];
        }
        if (Currency is null || Currency.Length != Order.MaxCurrencyLength || !Currency.All(char.IsAsciiLetter))
        {
            errors["currency"] = ["The currency must be a three-letter ISO 4217 code, such as ARS, EUR or USD."];
        }
        if (Lines is null || Lines.Count == 0)
        {
            errors["lines"] = ["An order needs at least one line."];
        }
        else if (Lines.Count > MaxLines)
        {
            errors["lines"] = [$"An order has at most {MaxLines} lines."];
        }
        else
        {
            for (var i = 0; i < Lines.Count; i++)
            {
                ValidateLine(Lines[i], $"lines[{i}]", errors);
            }
        }
        ValidateAmount(Discount, "discount", errors);
        ValidateAmount(Shipping, "shipping", errors);

        if (errors.Count == 0)
        {
            var subtotal = Lines!.Sum(l => (decimal)l.Quantity * l.UnitPrice);
            if (subtotal > MaxAmount)
            {
                errors["lines"] = ["The order's subtotal is too large."];
            }
            else if (Discount > subtotal)
            {
                errors["discount"] = ["The discount cannot exceed the subtotal."];
            }
            else if (subtotal - Discount + Shipping > MaxAmount)
            {
                errors["shipping"] = ["The order's total is too large."];
            }
        }
        return errors;
    }

    private static void ValidateLine(OrderLineRequest? line, string field, Dictionary<string, string[]> errors)
    {
        if (line is null)
        {
            errors[field] = ["The line is missing."];
            return;
        }
        if (line.ProductId is <= 0)
        {
            errors[$"{field}.productId"] = ["The product id must be a positive number."];
        }
        if (line.VariantId is <= 0)
        {
            errors[$"{field}.variantId"] = ["The variant id must be a positive number."];
        }
        if (string.IsNullOrWhiteSpace(line.Sku) || line.Sku.Length > OrderLine.MaxSkuLength)
        {
            errors[$"{field}.sku"] = [$"The SKU is required and has at most {OrderLine.MaxSkuLength} characters."];
        }
        if (string.IsNullOrWhiteSpace(line.Description) || line.Description.Length > OrderLine.MaxDescriptionLength)
        {
            errors[$"{field}.description"] = [$"The description is required and has at most {OrderLine.MaxDescriptionLength} characters."];
        }
        if (line.Quantity <= 0)
        {
            errors[$"{field}.quantity"] = ["The quantity must be greater than zero."];
        }
        ValidateAmount(line.UnitPrice, $"{field}.unitPrice", errors);
    }

    private static void ValidateAmount(decimal amount, string field, Dictionary<string, string[]> errors)
    {
        if (amount < 0)
        {
            errors[field] = ["The amount cannot be negative."];
        }
        else if (amount > MaxAmount)
        {
            errors[field] = ["The amount is too large."];
        }
        else if (amount != Order.RoundToCents(amount))
        {
            errors[field] = ["The amount has at most two decimal places."];
        }
    }
}

/// <summary>A status move; <see cref="Version"/>, when given, is the order version the caller saw (a stale one gives 409).</summary>
internal sealed record PayOrderRequest(string? Note = null, uint? Version = null);

internal sealed record ShipOrderRequest(string? TrackingCode, string? Note = null, uint? Version = null);

internal sealed record DeliverOrderRequest(string? Note = null, uint? Version = null);

internal sealed record CancelOrderRequest(string? Reason, uint? Version = null);

/// <summary>Filters of the order list; dates bound the creation time, <see cref="To"/> excluded.</summary>
internal sealed record OrderQuery(
    string? Status = null,
    int? CustomerId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int? Page = null,
    int? PageSize = null)
{
    public Dictionary<string, string[]> Validate(out OrderStatus? status, out PageRequest page)
    {
        var errors = new Dictionary<string, string[]>();
        status = null;
        if (Status is not null)
        {
            if (OrderStatusNames.TryParse(Status, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = ["The status must be one of pending, paid, shipped, delivered or cancelled."];
            }
        }
        if (From is not null && To is not null && From > To)
        {
            errors["from"] = ["The start of the period must not be after its end."];
        }
        page = PageRequest.Read(Page, PageSize, errors);
        return errors;
    }
}

internal sealed record OrderSummary(
    int Id,
    string Number,
    int CustomerId,
    string Currency,
    decimal Total,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record OrderLineResponse(
    int? ProductId,
    int? VariantId,
    string Sku,
    string Description,
    int Quantity,
    decimal UnitPrice,
    decimal LineTotal);

internal sealed record OrderStatusChangeResponse(string? From, string To, DateTimeOffset At, string Actor, string? Note);

internal sealed record OrderResponse(
    int Id,
    string Number,
    int CustomerId,
    string Currency,
    string Status,
    decimal Subtotal,
    decimal Discount,
    decimal Shipping,
    decimal Total,
    string? TrackingCode,
    string? CancellationReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    uint Version,
    IReadOnlyList<OrderLineResponse> Lines,
    IReadOnlyList<OrderStatusChangeResponse> History)
{
    public static OrderResponse From(Order order) => new(
        order.Id,
        order.Number,
        order.CustomerId,
        order.Currency,
        order.Status.Name(),
        order.Subtotal,
        order.Discount,
        order.Shipping,
        order.Total,
        order.TrackingCode,
        order.CancellationReason,
        order.CreatedAt,
        order.UpdatedAt,
        order.Version,
        [.. order.Lines.OrderBy(l => l.Id).Select(l => new OrderLineResponse(l.ProductId, l.VariantId, l.Sku, l.Description, l.Quantity, l.UnitPrice, l.LineTotal))],
        [.. order.History.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => new OrderStatusChangeResponse(c.From?.Name(), c.To.Name(), c.At, c.Actor, c.Note))]);
}

internal sealed record OrderCreated(int Id, string Number, int CustomerId, string Currency, decimal Total, string Status);

internal sealed record OrderStatusChanged(int Id, string Number, string From, string To);

internal sealed record OrderCancelled(int Id, string Number, string Reason);
