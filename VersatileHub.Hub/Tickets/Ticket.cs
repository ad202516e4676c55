using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Tickets;

internal enum TicketStatus
{
    Open,
    Replied,
    Resolved,
    Closed,
}

internal enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>
/// A customer's request for help. Its status moves open → replied → resolved → closed (a resolved ticket may be
/// reopened; a closed one is final), and every move and comment is kept.
/// </summary>
internal sealed class Ticket : ITenantOwned
{
    public const int MaxSubjectLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxUserIdLength = 100;
    public const int MaxNoteLength = 500;
    public const int MaxIdempotencyKeyLength = 200;

    private readonly List<TicketComment> _comments = [];
    private readonly List<TicketStatusChange> _history = [];

    private Ticket()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public string Subject { get; private set; } = "";

    public string Description { get; private set; } = "";

    public TicketStatus Status { get; private set; }

    public TicketPriority Priority { get; private set; }

    /// <summary>A Hub customer of the same tenant, when known.</summary>
    public int? CustomerId { get; private set; }

    /// <summary>The Chat conversation the ticket came from, when it came from one.</summary>
    public int? SourceConversationId { get; private set; }

    public string? AssigneeUserId { get; private set; }

    /// <summary>The creating request's <c>Idempotency-Key</c>: the same key again answers this ticket instead of opening another.</summary>
    public string? IdempotencyKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL's xmin: a save over a version someone else changed meanwhile fails instead of overwriting.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<TicketComment> Comments => _comments;

    public IReadOnlyList<TicketStatusChange> History => _history;

    public static Ticket Open(
        string subject,
        string description,
        TicketPriority priority,
        int? customerId,
        int? sourceConversationId,
        string? assigneeUserId,
        string actor,
        DateTimeOffset now,
        string? idempotencyKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var ticket = new Ticket
        {
            IdempotencyKey = idempotencyKey,
            Subject = subject.Trim(),
            Description = description.Trim(),
            Priority = priority,
            CustomerId = customerId,
            SourceConversationId = sourceConversationId,
            AssigneeUserId = assigneeUserId,
            Status = TicketStatus.Open,
            CreatedAt = now,
            UpdatedAt = now,
        };
        ticket._history.Add(new TicketStatusChange(from: null, TicketStatus.Open, now, actor, note: null));
        return ticket;
    }

    /// <summary>Changes what the ticket says and who handles it; returns the names of the fields that changed.</summary>
    public IReadOnlyList<string> Edit(
        string subject,
        string description,
        TicketPriority priority,
        int? customerId,
        string? assigneeUserId,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        RefuseIfClosed(new UserText("modificar", "edited"));

        var changed = new List<string>();
        Change(Subject, subject.Trim(), "subject", v => Subject = v);
        Change(Description, description.Trim(), "description", v => Description = v);
        Change(Priority, priority, "priority", v => Priority = v);
        Change(CustomerId, customerId, "customerId", v => CustomerId = v);
        Change(AssigneeUserId, assigneeUserId, "assigneeUserId", v => AssigneeUserId = v);
        if (changed.Count > 0)
        {
            UpdatedAt = now;
        }
        return changed;

        void Change<T>(T current, T proposed, string field, Action<T> set)
        {
            if (!EqualityComparer<T>.Default.Equals(current, proposed))
            {
                set(proposed);
                changed.Add(field);
            }
        }
    }

    public TicketComment Comment(string author, string body, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        RefuseIfClosed(new UserText("comentar", "commented on"));
        var comment = new TicketComment(author, body.Trim(), now);
        _comments.Add(comment);
        UpdatedAt = now;
        return comment;
    }

    /// <summary>The business has answered the customer.</summary>
    public void MarkReplied(string actor, DateTimeOffset now, string? note = null)
        => MoveTo(TicketStatus.Replied, actor, now, note, TicketStatus.Open);

    public void Resolve(string actor, DateTimeOffset now, string? note = null)
        => MoveTo(TicketStatus.Resolved, actor, now, note, TicketStatus.Open, TicketStatus.Replied);

    public void Close(string actor, DateTimeOffset now, string? note = null)
        => MoveTo(TicketStatus.Closed, actor, now, note, TicketStatus.Resolved);

    /// <summary>The resolution did not hold: the ticket is open again.</summary>
    public void Reopen(string actor, DateTimeOffset now, string? note = null)
        => MoveTo(TicketStatus.Open, actor, now, note, TicketStatus.Resolved);

    private void RefuseIfClosed(UserText action)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new TicketConflictException(new UserText(
                $"El ticket {Id} está cerrado y no se puede {action.Es}.", $"Ticket {Id} is closed and cannot be {action.En}."));
        }
    }

    private void MoveTo(TicketStatus to, string actor, DateTimeOffset now, string? note, params TicketStatus[] allowedFrom)
    {
        if (!allowedFrom.Contains(Status))
        {
            throw new TicketConflictException(new UserText(
                $"El ticket {Id} está {Status.SpanishName()} y no puede pasar a {to.SpanishName()}.",
                $"Ticket {Id} is {Status.Name()} and cannot become {to.Name()}."));
        }

        _history.Add(new TicketStatusChange(Status, to, now, actor, note));
        Status = to;
        UpdatedAt = now;
    }
}

internal sealed class TicketComment
{
    public const int MaxBodyLength = 4000;

    private TicketComment()
    {
    }

    public TicketComment(string author, string body, DateTimeOffset at)
    {
        Author = author;
        Body = body;
        At = at;
    }

    public int Id { get; private set; }

    public string Author { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}

internal sealed class TicketStatusChange
{
    private TicketStatusChange()
    {
    }

    public TicketStatusChange(TicketStatus? from, TicketStatus to, DateTimeOffset at, string actor, string? note)
    {
        From = from;
        To = to;
        At = at;
        Actor = actor;
        Note = note;
    }

    public int Id { get; private set; }

    /// <summary>Null for the ticket's opening.</summary>
    public TicketStatus? From { get; private set; }

    public TicketStatus To { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Actor { get; private set; } = "";

    public string? Note { get; private set; }
}

/// <summary>A change the ticket's rules forbid, such as closing an open ticket or editing a closed one.</summary>
internal sealed class TicketConflictException(UserText text) : RefusalException(text);

/// <summary>The lower-case names statuses and priorities have in the API and in events.</summary>
internal static class TicketNames
{
    /// <summary>How a status reads in Spanish, said of a ticket (el ticket está ...).</summary>
    public static string SpanishName(this TicketStatus status) => status switch
    {
        TicketStatus.Open => "abierto",
        TicketStatus.Replied => "respondido",
        TicketStatus.Resolved => "resuelto",
        TicketStatus.Closed => "cerrado",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Name(this TicketStatus status) => status switch
    {
        TicketStatus.Open => "open",
        TicketStatus.Replied => "replied",
        TicketStatus.Resolved => "resolved",
        TicketStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Name(this TicketPriority priority) => priority switch
    {
        TicketPriority.Low => "low",
        TicketPriority.Normal => "normal",
        TicketPriority.High => "high",
        TicketPriority.Urgent => "urgent",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, null),
    };

    public static bool TryParse(string? name, out TicketStatus status) => TryParse(name, Name, out status);

    public static bool TryParse(string? name, out TicketPriority priority) => TryParse(name, Name, out priority);

    private static bool TryParse<T>(string? name, Func<T, string> nameOf, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(nameOf(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
