using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Tenancy;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Tickets;

internal sealed record TicketServices(HubDbContext Db, CurrentTenant Tenant, EventPublisher Events, TimeProvider Time);

internal static class TicketsApi
{
    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tickets").WithTags("Tickets");

        var read = api.MapGroup("").RequireAuthorization(HubPolicies.Read);
        read.MapGet("/", ListTickets);
        read.MapGet("/{id:int}", GetTicket);

        var operate = api.MapGroup("").RequireAuthorization(HubPolicies.Operate);
        operate.MapPost("/", CreateTicket);
        operate.MapPut("/{id:int}", UpdateTicket);
        operate.MapPost("/{id:int}/comments", AddComment);
        operate.MapPost("/{id:int}/reply", MarkReplied);
        operate.MapPost("/{id:int}/resolve", ResolveTicket);
        operate.MapPost("/{id:int}/close", CloseTicket);
        operate.MapPost("/{id:int}/reopen", ReopenTicket);

        return app;
    }

    public static async Task<Results<Ok<Page<TicketSummary>>, ValidationProblem>> ListTickets(
        [AsParameters] TicketQuery query, [AsParameters] TicketServices services, CancellationToken cancellationToken)
    {
        var errors = query.Validate(out var status, out var priority, out var request);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var tickets = services.Db.Set<Ticket>().AsNoTracking();
        if (status is not null)
        {
            tickets = tickets.Where(t => t.Status == status);
        }
        if (priority is not null)
        {
            tickets = tickets.Where(t => t.Priority == priority);
        }
        if (query.CustomerId is not null)
        {
            tickets = tickets.Where(t => t.CustomerId == query.CustomerId);
        }
        if (query.SourceConversationId is not null)
        {
            tickets = tickets.Where(t => t.SourceConversationId == query.SourceConversationId);
        }
        if (query.AssigneeUserId is not null)
        {
            tickets = tickets.Where(t => t.AssigneeUserId == query.AssigneeUserId);
        }

        var count = await tickets.CountAsync(cancellationToken);
        var page = await tickets
            .OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
            .Skip(request.Skip).Take(request.Size)
            .Select(t => new TicketSummary(
                t.Id, t.Subject, t.Status.Name(), t.Priority.Name(), t.CustomerId, t.SourceConversationId, t.AssigneeUserId, t.CreatedAt, t.UpdatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(request.Holding(page, count));
    }

    public static async Task<Results<Ok<TicketResponse>, NotFound>> GetTicket(
        int id, [AsParameters] TicketServices services, CancellationToken cancellationToken)
    {
        var ticket = await services.Db.Set<Ticket>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return ticket is null ? TypedResults.NotFound() : TypedResults.Ok(TicketResponse.From(ticket));
    }

    /// <summary>Opens a ticket; with an <c>Idempotency-Key</c> header, the same key again answers the ticket it opened.</summary>
    public static async Task<Results<Created<TicketResponse>, ValidationProblem>> CreateTicket(
        CreateTicketRequest request, [AsParameters] TicketServices services, ClaimsPrincipal user,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (db, _, events, time) = services;
        var errors = request.Validate(out var priority);
        if (idempotencyKey is not null && (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > Ticket.MaxIdempotencyKeyLength))
        {
            errors[IdempotencyKeyHeader] = new UserText(
                $"El encabezado Idempotency-Key no está vacío y tiene hasta {Ticket.MaxIdempotencyKeyLength} caracteres.",
                $"The Idempotency-Key header is not blank and has at most {Ticket.MaxIdempotencyKeyLength} characters.");
        }
        await CustomerReference.CheckAsync(db, request.CustomerId, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        if (idempotencyKey is not null && await OpenedWithAsync(db, idempotencyKey, cancellationToken) is { } opened)
        {
            return TypedResults.Created($"/api/tickets/{opened.Id}", TicketResponse.From(opened));
        }

        var ticket = Ticket.Open(
            request.Subject!,
            request.Description ?? "",
            priority,
            request.CustomerId,
            request.SourceConversationId,
            request.AssigneeUserId,
            Actor.Of(user),
            time.GetUtcNow(),
            idempotencyKey);
        db.Set<Ticket>().Add(ticket);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The first save issues the id that the event names; the transaction keeps ticket and event together.
            await db.SaveChangesAsync(cancellationToken);
            events.Publish(db, "ticket.created", ticket.TenantId, Subject(ticket), new TicketCreated(
                ticket.Id, ticket.Subject, ticket.Status.Name(), ticket.Priority.Name(), ticket.CustomerId, ticket.SourceConversationId, ticket.AssigneeUserId));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException raced) when (idempotencyKey is not null && raced.IsUniqueViolation())
        {
            // The same key was being used at the same moment; that request's ticket is the answer.
            db.ChangeTracker.Clear();
            ticket = await OpenedWithAsync(db, idempotencyKey, cancellationToken) ?? throw new InvalidOperationException("The ticket that took the key is gone.", raced);
        }

        return TypedResults.Created($"/api/tickets/{ticket.Id}", TicketResponse.From(ticket));
    }

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static Task<Ticket?> OpenedWithAsync(HubDbContext db, string idempotencyKey, CancellationToken cancellationToken) =>
        db.Set<Ticket>().AsNoTracking().SingleOrDefaultAsync(t => t.IdempotencyKey == idempotencyKey, cancellationToken);

    public static async Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateTicket(
        int id, UpdateTicketRequest request, [AsParameters] TicketServices services, CancellationToken cancellationToken)
    {
        var errors = request.Validate(out var priority);
        await CustomerReference.CheckAsync(services.Db, request.CustomerId, errors, cancellationToken);
        return await ChangeAsync(id, request.Version, errors, services, cancellationToken, (ticket, db, events, now) =>
        {
            var changed = ticket.Edit(request.Subject!, request.Description ?? "", priority, request.CustomerId, request.AssigneeUserId, now);
            if (changed.Count > 0)
            {
                events.Publish(db, "ticket.updated", ticket.TenantId, Subject(ticket), new TicketUpdated(ticket.Id, changed));
            }
        });
    }

    public static Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> AddComment(
        int id, AddTicketCommentRequest request, [AsParameters] TicketServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Body) || request.Body.Length > TicketComment.MaxBodyLength)
        {
            errors["body"] = new UserText($"El comentario es obligatorio, de hasta {TicketComment.MaxBodyLength} caracteres.", $"The comment is required and has at most {TicketComment.MaxBodyLength} characters.");
        }
        return ChangeAsync(id, expectedVersion: null, errors, services, cancellationToken, (ticket, db, events, now) =>
        {
            ticket.Comment(Actor.Of(user), request.Body!, now);
            events.Publish(db, "ticket.updated", ticket.TenantId, Subject(ticket), new TicketUpdated(ticket.Id, ["comments"]));
        });
    }

    public static Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> MarkReplied(
        int id, TicketStatusRequest? request, [AsParameters] TicketServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
        => MoveAsync(id, request, services, user, (ticket, actor, now, note) => ticket.MarkReplied(actor, now, note), cancellationToken);

    public static Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ResolveTicket(
        int id, TicketStatusRequest? request, [AsParameters] TicketServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
        => MoveAsync(id, request, services, user, (ticket, actor, now, note) => ticket.Resolve(actor, now, note), cancellationToken);

    public static Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CloseTicket(
        int id, TicketStatusRequest? request, [AsParameters] TicketServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
        => MoveAsync(id, request, services, user, (ticket, actor, now, note) => ticket.Close(actor, now, note), cancellationToken);

    public static Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ReopenTicket(
        int id, TicketStatusRequest? request, [AsParameters] TicketServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
        => MoveAsync(id, request, services, user, (ticket, actor, now, note) => ticket.Reopen(actor, now, note), cancellationToken);

    private static Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> MoveAsync(
        int id,
        TicketStatusRequest? request,
        TicketServices services,
        ClaimsPrincipal user,
        Action<Ticket, string, DateTimeOffset, string?> move,
        CancellationToken cancellationToken)
    {
        request ??= new TicketStatusRequest();
        var errors = new FieldErrors();
        if (request.Note is { Length: > Ticket.MaxNoteLength })
        {
            errors["note"] = new UserText($"La nota tiene hasta {Ticket.MaxNoteLength} caracteres.", $"The note has at most {Ticket.MaxNoteLength} characters.");
        }
        return ChangeAsync(id, request.Version, errors, services, cancellationToken, (ticket, db, events, now) =>
        {
            var from = ticket.Status;
            move(ticket, Actor.Of(user), now, request.Note);
            events.Publish(db, "ticket.status_changed", ticket.TenantId, Subject(ticket), new TicketStatusChanged(ticket.Id, from.Name(), ticket.Status.Name()));
        });
    }

    /// <summary>
    /// Applies one change to a ticket and saves it with its event. A change the rules forbid, a stale
    /// <paramref name="expectedVersion"/>, or a concurrent change saved first are all 409s: nothing is overwritten.
    /// </summary>
    private static async Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        int id,
        uint? expectedVersion,
        FieldErrors errors,
        TicketServices services,
        CancellationToken cancellationToken,
        Action<Ticket, HubDbContext, EventPublisher, DateTimeOffset> change)
    {
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var (db, _, events, time) = services;
        var ticket = await db.Set<Ticket>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
        {
            return TypedResults.NotFound();
        }
        if (expectedVersion is not null)
        {
            db.Entry(ticket).Property(t => t.Version).OriginalValue = expectedVersion.Value;
        }

        try
        {
            change(ticket, db, events, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (TicketConflictException conflict)
        {
            return Problems.Refused(conflict.Text, StatusCodes.Status409Conflict, new UserText("El ticket no puede hacer ese cambio.", "The ticket cannot make this change."));
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Refused(
                new UserText(
                    $"Otra persona cambió el ticket {ticket.Id} mientras tanto; recargalo y probá de nuevo.",
                    $"Ticket {ticket.Id} was changed by someone else meanwhile; reload it and try again."),
                StatusCodes.Status409Conflict,
                new UserText("El ticket cambió mientras tanto.", "The ticket was changed meanwhile."));
        }
        return TypedResults.Ok(TicketResponse.From(ticket));
    }

    private static string Subject(Ticket ticket) => ticket.Id.ToString(CultureInfo.InvariantCulture);
}
