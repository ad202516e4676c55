using VersatileHub.Chat.Accounts;

namespace VersatileHub.Chat.Domain;

public enum ConversationStatus
{
    Open,
    Resolved,
    Pending,
    Snoozed,
}

public enum ConversationPriority
{
    Low,
    Medium,
    High,
    Urgent,
}

public static class ConversationNames
{
    public static string ToName(this ConversationStatus status) => status switch
    {
        ConversationStatus.Open => "open",
        ConversationStatus.Resolved => "resolved",
        ConversationStatus.Pending => "pending",
        _ => "snoozed",
    };

    public static ConversationStatus ParseStatus(string? name, string field) => name switch
    {
        "open" => ConversationStatus.Open,
        "resolved" => ConversationStatus.Resolved,
        "pending" => ConversationStatus.Pending,
        "snoozed" => ConversationStatus.Snoozed,
        _ => throw new InvalidFieldException(field,
            "El estado es 'open', 'resolved', 'pending' o 'snoozed'. / Status is 'open', 'resolved', 'pending' or 'snoozed'."),
    };

    public static string? ToName(this ConversationPriority? priority) => priority?.ToString().ToLowerInvariant();
}

/// <summary>
/// One thread between a contact and the account in one inbox. It owns its rules: which status changes are allowed, when
/// the bot may speak (never while a human has taken over, <see cref="HumanOverrideUntil"/>), who it is assigned to.
/// </summary>
public sealed class Conversation : IAccountOwned
{
    public const int MaxLabels = 50;
    public const int MaxLabelLength = 100;
    public const int MaxHandoffReasonLength = 500;

    private Conversation()
    {
    }

    public int Id { get; private set; }

    public int AccountId { get; private set; }

    /// <summary>The number the account's staff see (Chatwoot's conversation id in every route), 1, 2, 3… per account.</summary>
    public int DisplayId { get; private set; }

    public int InboxId { get; private set; }

    public Inbox? Inbox { get; private set; }

    public int ContactId { get; private set; }

    public Contact? Contact { get; private set; }

    public int ContactInboxId { get; private set; }

    public ContactInbox? ContactInbox { get; private set; }

    public ConversationStatus Status { get; private set; }

    public DateTimeOffset? SnoozedUntil { get; private set; }

    public ConversationPriority? Priority { get; private set; }

    /// <summary>The Hub user id of the agent in charge; null when unassigned.</summary>
    public int? AssigneeId { get; private set; }

    public List<string> Labels { get; private set; } = [];

    /// <summary>Whether the AI agent answers this conversation at all.</summary>
    public bool BotEnabled { get; private set; } = true;

    /// <summary>Until when a human has taken over: the bot stays silent until then.</summary>
    public DateTimeOffset? HumanOverrideUntil { get; private set; }

    /// <summary>Why the conversation was handed to humans, when the bot asked for it.</summary>
    public string? HandoffReason { get; private set; }

    public DateTimeOffset LastActivityAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL's xmin: a change based on an older read loses with a 409.</summary>
    public uint Version { get; private set; }

    public static Conversation Start(ContactInbox contactInbox, Contact contact, int displayId, ConversationStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contactInbox);
        ArgumentNullException.ThrowIfNull(contact);
        if (status == ConversationStatus.Snoozed)
        {
            throw new InvalidFieldException("status", "Una conversación nueva no puede empezar pospuesta. / A new conversation cannot start snoozed.");
        }
        return new Conversation
        {
            DisplayId = displayId,
            ContactInbox = contactInbox,
            ContactInboxId = contactInbox.Id,
            InboxId = contactInbox.InboxId,
            Contact = contact,
            ContactId = contact.Id,
            Status = status,
            LastActivityAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public bool IsUnderHumanOverride(DateTimeOffset now) => HumanOverrideUntil is { } until && until > now;

    /// <summary>
    /// Chatwoot's toggle: an explicit status, or, without one, open ↔ resolved. A resolved conversation cannot be snoozed
    /// (reopen it first); a snooze ends in the future or at the contact's next message.
    /// </summary>
    /// <returns>Whether the status changed.</returns>
    public bool ToggleStatus(ConversationStatus? requested, DateTimeOffset? snoozedUntil, DateTimeOffset now)
    {
        var target = requested ?? (Status == ConversationStatus.Open ? ConversationStatus.Resolved : ConversationStatus.Open);
        if (target == ConversationStatus.Snoozed)
        {
            if (Status == ConversationStatus.Resolved)
            {
                throw new ConflictException("Una conversación resuelta no se puede posponer; reabrila primero. / A resolved conversation cannot be snoozed; reopen it first.");
            }
            if (snoozedUntil is { } until && until <= now)
            {
                throw new InvalidFieldException("snoozed_until", "La fecha para reabrir debe ser futura. / The time to reopen must be in the future.");
            }
        }
        else if (snoozedUntil is not null)
        {
            throw new InvalidFieldException("snoozed_until", "snoozed_until va solo con el estado 'snoozed'. / snoozed_until goes only with status 'snoozed'.");
        }

        var changed = target != Status || (target == ConversationStatus.Snoozed && snoozedUntil != SnoozedUntil);
        Status = target;
        SnoozedUntil = target == ConversationStatus.Snoozed ? snoozedUntil : null;
        if (changed)
        {
            Touch(now);
        }
        return changed;
    }

    /// <summary>
    /// The contact wrote: a resolved or snoozed conversation reopens (Chatwoot's rule, whatever <see cref="SnoozedUntil"/>
    /// says); a pending one stays with the bot. A channel's ingest starts a new conversation rather than reopen a resolved one.
    /// </summary>
    /// <returns>Whether the status changed.</returns>
    public bool ReceiveFromContact(DateTimeOffset now)
    {
        var reopened = Status is ConversationStatus.Resolved or ConversationStatus.Snoozed;
        if (reopened)
        {
            Status = ConversationStatus.Open;
            SnoozedUntil = null;
        }
        Touch(now);
        return reopened;
    }

    /// <summary>A staff member replied to the contact: the bot is silenced for <paramref name="window"/> (a handoff).</summary>
    public void HumanReplied(DateTimeOffset now, TimeSpan window)
    {
        HumanOverrideUntil = now + window;
        HandoffReason = null;
        Touch(now);
    }

    /// <summary>The bot wants to reply: refused while a human has taken over.</summary>
    public void BotReplies(DateTimeOffset now)
    {
        if (IsUnderHumanOverride(now))
        {
            throw new ConflictException(
                $"Una persona tomó esta conversación hasta {HumanOverrideUntil:O}; el bot no puede responder. / A human took over this conversation until {HumanOverrideUntil:O}; the bot may not reply.");
        }
        Touch(now);
    }

    /// <summary>A private note or activity: the conversation moved, nobody was answered.</summary>
    public void Noted(DateTimeOffset now) => Touch(now);

    /// <summary>The bot asks a human to take over for <paramref name="window"/>, saying why.</summary>
    public void HandOffToHuman(string? reason, DateTimeOffset now, TimeSpan window)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxHandoffReasonLength)
        {
            throw new InvalidFieldException("reason", $"Decí por qué, en hasta {MaxHandoffReasonLength} caracteres. / Say why, in up to {MaxHandoffReasonLength} characters.");
        }
        HumanOverrideUntil = now + window;
        HandoffReason = trimmed;
        if (Status is ConversationStatus.Pending or ConversationStatus.Snoozed)
        {
            // Chatwoot's bot handoff: the conversation comes to the humans' open list.
            Status = ConversationStatus.Open;
            SnoozedUntil = null;
        }
        Touch(now);
    }

    /// <summary>A human hands the conversation back: the bot may answer again at once.</summary>
    /// <returns>Whether there was an override to clear.</returns>
    public bool ReturnToBot(DateTimeOffset now)
    {
        var hadOverride = HumanOverrideUntil is not null;
        HumanOverrideUntil = null;
        HandoffReason = null;
        BotEnabled = true;
        Touch(now);
        return hadOverride;
    }

    public void AssignTo(int? userId, DateTimeOffset now)
    {
        if (userId is <= 0)
        {
            throw new InvalidFieldException("assignee_id", "El agente no existe. / No such agent.");
        }
        AssigneeId = userId;
        Touch(now);
    }

    /// <summary>Replaces the labels, as Chatwoot's POST …/labels does; labels are lower-case words.</summary>
    public void Label(IReadOnlyList<string?>? labels, DateTimeOffset now)
    {
        if (labels is null)
        {
            throw new InvalidFieldException("labels", "Mandá la lista de etiquetas. / Send the list of labels.");
        }
        if (labels.Count > MaxLabels)
        {
            throw new InvalidFieldException("labels", $"Hasta {MaxLabels} etiquetas. / Up to {MaxLabels} labels.");
        }
        var clean = new List<string>();
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i]?.Trim().ToLowerInvariant() ?? "";
            if (label.Length is 0 or > MaxLabelLength || label.Any(char.IsWhiteSpace))
            {
                throw new InvalidFieldException($"labels[{i}]",
                    $"Cada etiqueta es una palabra de hasta {MaxLabelLength} caracteres. / Each label is one word of up to {MaxLabelLength} characters.");
            }
            if (!clean.Contains(label, StringComparer.Ordinal))
            {
                clean.Add(label);
            }
        }
        Labels = clean;
        UpdatedAt = now;
    }

    private void Touch(DateTimeOffset now)
    {
        LastActivityAt = now;
        UpdatedAt = now;
    }
}

/// <summary>When an agent last looked at a conversation: what came in after it is unread for them.</summary>
public sealed class AgentLastSeen : IAccountOwned
{
    private AgentLastSeen()
    {
    }

    public AgentLastSeen(int conversationId, int userId, DateTimeOffset seenAt)
    {
        ConversationId = conversationId;
        UserId = userId;
        SeenAt = seenAt;
    }

    public int AccountId { get; private set; }

    public int ConversationId { get; private set; }

    public int UserId { get; private set; }

    public DateTimeOffset SeenAt { get; private set; }

    public void Seen(DateTimeOffset now) => SeenAt = now;
}

/// <summary>The account's own settings in Chat.</summary>
public sealed class AccountSettings : IAccountOwned
{
    public static readonly TimeSpan DefaultHumanOverride = TimeSpan.FromHours(24);
    public const int MaxHumanOverrideHours = 24 * 30;

    private AccountSettings()
    {
    }

    public int AccountId { get; private set; }

    /// <summary>How long a human reply silences the bot.</summary>
    public int HumanOverrideHours { get; private set; } = (int)DefaultHumanOverride.TotalHours;

    public TimeSpan HumanOverride => TimeSpan.FromHours(HumanOverrideHours);

    public static AccountSettings Defaults() => new();

    public void SilenceBotFor(int hours)
    {
        if (hours is < 1 or > MaxHumanOverrideHours)
        {
            throw new InvalidFieldException("human_override_hours", $"Entre 1 y {MaxHumanOverrideHours} horas. / Between 1 and {MaxHumanOverrideHours} hours.");
        }
        HumanOverrideHours = hours;
    }
}
