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

    public FieldErrors Validate()
    {
        var errors = new FieldErrors();
        if (CustomerId <= 0)
        {
            errors["customerId"] = new UserText("El id del cliente debe ser un número positivo.", "The customer id must be a positive number.");
        }
        if (Currency is null || Currency.Length != Order.MaxCurrencyLength || !Currency.All(char.IsAsciiLetter))
        {
            errors["currency"] = new UserText("La moneda es un código ISO 4217 de tres letras, como ARS, EUR o USD.", "The currency must be a three-letter ISO 4217 code, such as ARS, EUR or USD.");
        }
        if (Lines is null || Lines.Count == 0)
        {
            errors["lines"] = new UserText("Un pedido necesita al menos una línea.", "An order needs at least one line.");
        }
        else if (Lines.Count > MaxLines)
        {
            errors["lines"] = new UserText($"Un pedido tiene hasta {MaxLines} líneas.", $"An order has at most {MaxLines} lines.");
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
                errors["lines"] = new UserText("El subtotal del pedido es demasiado grande.", "The order's subtotal is too large.");
            }
            else if (Discount > subtotal)
            {
                errors["discount"] = new UserText("El descuento no puede superar el subtotal.", "The discount cannot exceed the subtotal.");
            }
            else if (subtotal - Discount + Shipping > MaxAmount)
            {
                errors["shipping"] = new UserText("El total del pedido es demasiado grande.", "The order's total is too large.");
            }
        }
        return errors;
    }

    private static void ValidateLine(OrderLineRequest? line, string field, FieldErrors errors)
    {
        if (line is null)
        {
            errors[field] = new UserText("Falta la línea.", "The line is missing.");
            return;
        }
        if (line.ProductId is <= 0)
        {
            errors[$"{field}.productId"] = new UserText("El id del producto debe ser un número positivo.", "The product id must be a positive number.");
        }
        if (line.VariantId is <= 0)
        {
            errors[$"{field}.variantId"] = new UserText("El id de la variante debe ser un número positivo.", "The variant id must be a positive number.");
        }
        if (string.IsNullOrWhiteSpace(line.Sku) || line.Sku.Length > OrderLine.MaxSkuLength)
        {
            errors[$"{field}.sku"] = new UserText($"El SKU es obligatorio, de hasta {OrderLine.MaxSkuLength} caracteres.", $"The SKU is required and has at most {OrderLine.MaxSkuLength} characters.");
        }
        if (string.IsNullOrWhiteSpace(line.Description) || line.Description.Length > OrderLine.MaxDescriptionLength)
        {
            errors[$"{field}.description"] = new UserText($"La descripción es obligatoria, de hasta {OrderLine.MaxDescriptionLength} caracteres.", $"The description is required and has at most {OrderLine.MaxDescriptionLength} characters.");
        }
        if (line.Quantity <= 0)
        {
            errors[$"{field}.quantity"] = new UserText("La cantidad debe ser mayor que cero.", "The quantity must be greater than zero.");
        }
        ValidateAmount(line.UnitPrice, $"{field}.unitPrice", errors);
    }

    private static void ValidateAmount(decimal amount, string field, FieldErrors errors)
    {
        if (amount < 0)
        {
            errors[field] = new UserText("El importe no puede ser negativo.", "The amount cannot be negative.");
        }
        else if (amount > MaxAmount)
        {
            errors[field] = new UserText("El importe es demasiado grande.", "The amount is too large.");
        }
        else if (amount != Order.RoundToCents(amount))
        {
            errors[field] = new UserText("El importe tiene hasta dos decimales.", "The amount has at most two decimal places.");
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
    public FieldErrors Validate(out OrderStatus? status, out PageRequest page)
    {
        var errors = new FieldErrors();
        status = null;
        if (Status is not null)
        {
            if (OrderStatusNames.TryParse(Status, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = new UserText("El estado es pending (pendiente), paid (pagado), shipped (enviado), delivered (entregado) o cancelled (cancelado).", "The status must be one of pending, paid, shipped, delivered or cancelled.");
            }
        }
        if (From is not null && To is not null && From > To)
        {
            errors["from"] = new UserText("El comienzo del período no puede ser posterior a su fin.", "The start of the period must not be after its end.");
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
