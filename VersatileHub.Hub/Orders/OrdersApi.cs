using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Connectors.TiendaNube;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Tenancy;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Orders;

internal sealed record OrderServices(HubDbContext Db, CurrentTenant Tenant, EventPublisher Events, TimeProvider Time);

internal static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Orders").WithTiendaNubeReads(("los pedidos", "orders"));

        var read = api.MapGroup("").RequireAuthorization(HubPolicies.Read);
        read.MapGet("/", ListOrders);
        read.MapGet("/{id:int}", GetOrder);
        read.MapGet("/by-number/{number}", GetOrderByNumber);

        var operate = api.MapGroup("").RequireAuthorization(HubPolicies.Operate);
        operate.MapPost("/", CreateOrder);
        operate.MapPost("/{id:int}/pay", PayOrder);
        operate.MapPost("/{id:int}/ship", ShipOrder);
        operate.MapPost("/{id:int}/deliver", DeliverOrder);
        operate.MapPost("/{id:int}/cancel", CancelOrder);

        return app;
    }

    public static async Task<Results<Ok<Page<OrderSummary>>, ValidationProblem>> ListOrders(
        [AsParameters] OrderQuery query, [AsParameters] OrderServices services, CancellationToken cancellationToken)
    {
        var errors = query.Validate(out var status, out var request);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var orders = services.Db.Set<Order>().AsNoTracking();
        if (status is not null)
        {
            orders = orders.Where(o => o.Status == status);
        }
        if (query.CustomerId is not null)
        {
            orders = orders.Where(o => o.CustomerId == query.CustomerId);
        }
        // timestamptz parameters must be UTC; callers may well send their local offset.
        if (query.From?.ToUniversalTime() is { } from)
        {
            orders = orders.Where(o => o.CreatedAt >= from);
        }
        if (query.To?.ToUniversalTime() is { } to)
        {
            orders = orders.Where(o => o.CreatedAt < to);
        }

        var count = await orders.CountAsync(cancellationToken);
        var page = await orders
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip(request.Skip).Take(request.Size)
            .Select(o => new OrderSummary(o.Id, o.Number, o.CustomerId, o.Currency, o.Total, o.Status.Name(), o.CreatedAt, o.UpdatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(request.Holding(page, count));
    }

    public static async Task<Results<Ok<OrderResponse>, NotFound>> GetOrder(
        int id, [AsParameters] OrderServices services, CancellationToken cancellationToken)
    {
        var order = await services.Db.Set<Order>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(OrderResponse.From(order));
    }

    /// <summary>The agent's order look-up: a number only finds the order of the customer who owns it.</summary>
    public static async Task<Results<Ok<OrderResponse>, NotFound, ValidationProblem>> GetOrderByNumber(
        string number, int? customerId, OrderSource orders, CancellationToken cancellationToken)
    {
        if (customerId is null or <= 0)
        {
            return Problems.Invalid("customerId", new UserText(
                "Falta el cliente al que pertenece el pedido.", "The customer the order belongs to is required."));
        }

        var order = await orders.FindByNumberAsync(number, customerId.Value, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(order);
    }

    public static async Task<Results<Created<OrderResponse>, ValidationProblem>> CreateOrder(
        CreateOrderRequest request, [AsParameters] OrderServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (db, tenant, events, time) = services;
        var errors = request.Validate();
        await CustomerReference.CheckAsync(db, request.CustomerId, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var number = await OrderNumbers.NextAsync(db, tenant.RequiredId, cancellationToken);
        var order = Order.Place(
            number,
            request.CustomerId,
            request.Currency!,
            request.Lines!.Select(l => new OrderLine(l.ProductId, l.VariantId, l.Sku!, l.Description!, l.Quantity, l.UnitPrice)),
            request.Discount,
            request.Shipping,
            Actor.Of(user),
            time.GetUtcNow());
        db.Set<Order>().Add(order);
        // The first save issues the id that the event names; the transaction keeps order and event together.
        await db.SaveChangesAsync(cancellationToken);
        events.Publish(db, "order.created", order.TenantId, order.Id.ToString(CultureInfo.InvariantCulture),
            new OrderCreated(order.Id, order.Number, order.CustomerId, order.Currency, order.Total, order.Status.Name()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return TypedResults.Created($"/api/orders/{order.Id}", OrderResponse.From(order));
    }

    public static Task<Results<Ok<OrderResponse>, NotFound, ValidationProblem, ProblemHttpResult>> PayOrder(
        int id, PayOrderRequest? request, [AsParameters] OrderServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        request ??= new PayOrderRequest();
        return ChangeStatusAsync(id, request.Version, Validate(note: request.Note), services, user,
            (order, actor, now) => order.MarkPaid(actor, now, request.Note), cancellationToken);
    }

    public static Task<Results<Ok<OrderResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ShipOrder(
        int id, ShipOrderRequest request, [AsParameters] OrderServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = Validate(note: request.Note);
        if (string.IsNullOrWhiteSpace(request.TrackingCode) || request.TrackingCode.Length > Order.MaxTrackingCodeLength)
        {
            errors["trackingCode"] = new UserText($"El código de seguimiento es obligatorio, de hasta {Order.MaxTrackingCodeLength} caracteres.", $"The tracking code is required and has at most {Order.MaxTrackingCodeLength} characters.");
        }
        return ChangeStatusAsync(id, request.Version, errors, services, user,
            (order, actor, now) => order.Ship(request.TrackingCode!, actor, now, request.Note), cancellationToken);
    }

    public static Task<Results<Ok<OrderResponse>, NotFound, ValidationProblem, ProblemHttpResult>> DeliverOrder(
        int id, DeliverOrderRequest? request, [AsParameters] OrderServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        request ??= new DeliverOrderRequest();
        return ChangeStatusAsync(id, request.Version, Validate(note: request.Note), services, user,
            (order, actor, now) => order.Deliver(actor, now, request.Note), cancellationToken);
    }

    public static Task<Results<Ok<OrderResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CancelOrder(
        int id, CancelOrderRequest request, [AsParameters] OrderServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > Order.MaxNoteLength)
        {
            errors["reason"] = new UserText($"El motivo es obligatorio, de hasta {Order.MaxNoteLength} caracteres.", $"The reason is required and has at most {Order.MaxNoteLength} characters.");
        }
        return ChangeStatusAsync(id, request.Version, errors, services, user,
            (order, actor, now) => order.Cancel(request.Reason!, actor, now), cancellationToken);
    }

    private static FieldErrors Validate(string? note)
    {
        var errors = new FieldErrors();
        if (note is { Length: > Order.MaxNoteLength })
        {
            errors["note"] = new UserText($"La nota tiene hasta {Order.MaxNoteLength} caracteres.", $"The note has at most {Order.MaxNoteLength} characters.");
        }
        return errors;
    }

    /// <summary>
    /// Moves an order through its rules and publishes the move with it. A move the rules forbid, a stale
    /// <paramref name="expectedVersion"/>, or a concurrent change saved first are all 409s: nothing is overwritten.
    /// </summary>
    private static async Task<Results<Ok<OrderResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        int id,
        uint? expectedVersion,
        FieldErrors errors,
        OrderServices services,
        ClaimsPrincipal user,
        Action<Order, string, DateTimeOffset> move,
        CancellationToken cancellationToken)
    {
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var (db, _, events, time) = services;
        var order = await db.Set<Order>().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null)
        {
            return TypedResults.NotFound();
        }
        if (expectedVersion is not null)
        {
            db.Entry(order).Property(o => o.Version).OriginalValue = expectedVersion.Value;
        }

        var from = order.Status;
        try
        {
            move(order, Actor.Of(user), time.GetUtcNow());
        }
        catch (OrderStatusConflictException conflict)
        {
            return Problems.Refused(conflict.Text, StatusCodes.Status409Conflict, new UserText("El pedido no puede hacer ese cambio.", "The order cannot make this move."));
        }

        var subject = order.Id.ToString(CultureInfo.InvariantCulture);
        events.Publish(db, "order.status_changed", order.TenantId, subject,
            new OrderStatusChanged(order.Id, order.Number, from.Name(), order.Status.Name()));
        if (order.Status == OrderStatus.Cancelled)
        {
            events.Publish(db, "order.cancelled", order.TenantId, subject,
                new OrderCancelled(order.Id, order.Number, order.CancellationReason!));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Refused(
                new UserText(
                    $"Otra persona cambió el pedido {order.Number} mientras tanto; recargalo y probá de nuevo.",
                    $"Order {order.Number} was changed by someone else meanwhile; reload it and try again."),
                StatusCodes.Status409Conflict,
                new UserText("El pedido cambió mientras tanto.", "The order was changed meanwhile."));
        }
        return TypedResults.Ok(OrderResponse.From(order));
    }
}
