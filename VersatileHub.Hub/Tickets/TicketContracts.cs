using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Tickets;

internal sealed record CreateTicketRequest(
    string? Subject,
    string? Description,
    string? Priority = null,
    int? CustomerId = null,
    int? SourceConversationId = null,
    string? AssigneeUserId = null)
{
    public FieldErrors Validate(out TicketPriority priority)
    {
        var errors = TicketFields.Validate(Subject, Description, Priority ?? "normal", CustomerId, AssigneeUserId, out priority);
        if (SourceConversationId is <= 0)
        {
            errors["sourceConversationId"] = new UserText("El id de la conversación debe ser un número positivo.", "The conversation id must be a positive number.");
        }
        return errors;
    }
}

/// <summary>The ticket's editable fields, all given (an omitted optional one is cleared); <see cref="Version"/> as in status moves.</summary>
internal sealed record UpdateTicketRequest(
    string? Subject,
    string? Description,
    string? Priority,
    int? CustomerId = null,
    string? AssigneeUserId = null,
    uint? Version = null)
{
    public FieldErrors Validate(out TicketPriority priority)
        => TicketFields.Validate(Subject, Description, Priority, CustomerId, AssigneeUserId, out priority);
}

/// <summary>A status move; <see cref="Version"/>, when given, is the ticket version the caller saw (a stale one gives 409).</summary>
internal sealed record TicketStatusRequest(string? Note = null, uint? Version = null);

internal sealed record AddTicketCommentRequest(string? Body);

internal sealed record TicketQuery(
    string? Status = null,
    string? Priority = null,
    int? CustomerId = null,
    int? SourceConversationId = null,
    string? AssigneeUserId = null,
    int? Page = null,
    int? PageSize = null)
{
    public FieldErrors Validate(out TicketStatus? status, out TicketPriority? priority, out PageRequest page)
    {
        var errors = new FieldErrors();
        status = null;
        priority = null;
        if (Status is not null)
        {
            if (TicketNames.TryParse(Status, out TicketStatus parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = new UserText("El estado es open (abierto), replied (respondido), resolved (resuelto) o closed (cerrado).", "The status must be one of open, replied, resolved or closed.");
            }
        }
        if (Priority is not null)
        {
            if (TicketNames.TryParse(Priority, out TicketPriority parsed))
            {
                priority = parsed;
            }
            else
            {
                errors["priority"] = new UserText("La prioridad es low (baja), normal, high (alta) o urgent (urgente).", "The priority must be one of low, normal, high or urgent.");
            }
        }
        page = PageRequest.Read(Page, PageSize, errors);
        return errors;
    }
}

internal static class TicketFields
{
    public static FieldErrors Validate(
        string? subject, string? description, string? priorityName, int? customerId, string? assigneeUserId, out TicketPriority priority)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(subject) || subject.Trim().Length > Ticket.MaxSubjectLength)
        {
            errors["subject"] = new UserText($"El asunto es obligatorio, de hasta {Ticket.MaxSubjectLength} caracteres.", $"The subject is required and has at most {Ticket.MaxSubjectLength} characters.");
        }
        if (description is { Length: > Ticket.MaxDescriptionLength })
        {
            errors["description"] = new UserText($"La descripción tiene hasta {Ticket.MaxDescriptionLength} caracteres.", $"The description has at most {Ticket.MaxDescriptionLength} characters.");
        }
        if (!TicketNames.TryParse(priorityName, out priority))
        {
            errors["priority"] = new UserText("La prioridad es low (baja), normal, high (alta) o urgent (urgente).", "The priority must be one of low, normal, high or urgent.");
        }
        if (customerId is <= 0)
        {
            errors["customerId"] = new UserText("El id del cliente debe ser un número positivo.", "The customer id must be a positive number.");
        }
        if (assigneeUserId is not null && (string.IsNullOrWhiteSpace(assigneeUserId) || assigneeUserId.Length > Ticket.MaxUserIdLength))
        {
            errors["assigneeUserId"] = new UserText($"El id de usuario del responsable no está vacío y tiene hasta {Ticket.MaxUserIdLength} caracteres.", $"The assignee's user id is not blank and has at most {Ticket.MaxUserIdLength} characters.");
        }
        return errors;
    }
}

internal sealed record TicketSummary(
    int Id,
    string Subject,
    string Status,
    string Priority,
    int? CustomerId,
    int? SourceConversationId,
    string? AssigneeUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record TicketCommentResponse(int Id, string Author, string Body, DateTimeOffset At);

internal sealed record TicketStatusChangeResponse(string? From, string To, DateTimeOffset At, string Actor, string? Note);

internal sealed record TicketResponse(
    int Id,
    string Subject,
    string Description,
    string Status,
    string Priority,
    int? CustomerId,
    int? SourceConversationId,
    string? AssigneeUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    uint Version,
    IReadOnlyList<TicketCommentResponse> Comments,
    IReadOnlyList<TicketStatusChangeResponse> History)
{
    public static TicketResponse From(Ticket ticket) => new(
        ticket.Id,
        ticket.Subject,
        ticket.Description,
        ticket.Status.Name(),
        ticket.Priority.Name(),
        ticket.CustomerId,
        ticket.SourceConversationId,
        ticket.AssigneeUserId,
        ticket.CreatedAt,
        ticket.UpdatedAt,
        ticket.Version,
        [.. ticket.Comments.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => new TicketCommentResponse(c.Id, c.Author, c.Body, c.At))],
        [.. ticket.History.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => new TicketStatusChangeResponse(c.From?.Name(), c.To.Name(), c.At, c.Actor, c.Note))]);
}

internal sealed record TicketCreated(int Id, string Subject, string Status, string Priority, int? CustomerId, int? SourceConversationId, string? AssigneeUserId);

/// <summary><see cref="Changed"/> names the fields that changed, or "comments" when a comment was added.</summary>
internal sealed record TicketUpdated(int Id, IReadOnlyList<string> Changed);

internal sealed record TicketStatusChanged(int Id, string From, string To);
