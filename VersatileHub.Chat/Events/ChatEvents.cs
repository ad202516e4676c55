using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Domain;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Events;

/// <summary>The events Chat publishes on <c>vh:events:chat</c>.</summary>
public static class ChatEventTypes
{
    public const string MessageCreated = "message.created";
    public const string MessageUpdated = "message.updated";
    public const string ConversationCreated = "conversation.created";
    public const string ConversationUpdated = "conversation.updated";
    public const string ConversationStatusChanged = "conversation.status_changed";
    public const string ConversationHandoff = "conversation.handoff";
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
}

/// <summary>
/// A conversation as consumers need it: the Agent decides from <see cref="BotEnabled"/> and <see cref="HumanOverrideUntil"/>
/// whether to answer; the WhatsApp gateway sends to <see cref="ContactSourceId"/> through an inbox of <see cref="ChannelType"/>.
/// </summary>
public sealed record ConversationEventData(
    int Id, int DisplayId, int InboxId, string ChannelType, int ContactId, string ContactSourceId, string Status,
    DateTimeOffset? SnoozedUntil, string? Priority, int? AssigneeId, IReadOnlyList<string> Labels, bool BotEnabled,
    DateTimeOffset? HumanOverrideUntil, string? HandoffReason, DateTimeOffset LastActivityAt)
{
    public static ConversationEventData Of(Conversation c) => new(
        c.Id, c.DisplayId, c.InboxId, c.Inbox!.ChannelType.ToRequestName(), c.ContactId, c.ContactInbox!.SourceId, c.Status.ToName(),
        c.SnoozedUntil, c.Priority.ToName(), c.AssigneeId, c.Labels, c.BotEnabled, c.HumanOverrideUntil, c.HandoffReason, c.LastActivityAt);
}

public sealed record StatusChangedEventData(ConversationEventData Conversation, string PreviousStatus);

/// <summary>Why and until when the bot is silent; <see cref="By"/> is <c>user</c> (a human replied) or <c>agent_bot</c> (the bot asked).</summary>
public sealed record HandoffEventData(ConversationEventData Conversation, string By, DateTimeOffset Until, string? Reason);

public sealed record AttachmentEventData(long Id, string FileType, string FileName, string MimeType, long Size);

public sealed record MessageEventData(
    long Id, int ConversationId, int ConversationDisplayId, int InboxId, string ChannelType, int ContactId, string ContactSourceId,
    string? Content, string MessageType, string ContentType, bool Private, string SenderType, int? SenderId, string? SenderName,
    string? SourceId, string? EchoId, string Status, string? Error, IReadOnlyList<AttachmentEventData> Attachments,
    bool BotEnabled, DateTimeOffset? HumanOverrideUntil, DateTimeOffset CreatedAt)
{
    public static MessageEventData Of(Message m, Conversation c) => new(
        m.Id, c.Id, c.DisplayId, c.InboxId, c.Inbox!.ChannelType.ToRequestName(), c.ContactId, c.ContactInbox!.SourceId,
        m.Content, m.MessageType.ToName(), m.ContentType.ToName(), m.Private, m.SenderType.ToName(), m.SenderId, m.SenderName,
        m.SourceId, m.EchoId, m.Status.ToName(), m.ExternalError,
        m.Attachments.Select(a => new AttachmentEventData(a.Id, a.FileType.ToName(), a.FileName, a.MimeType, a.Size)).ToList(),
        c.BotEnabled, c.HumanOverrideUntil, m.CreatedAt);
}

public sealed record ContactEventData(int Id, string Name, string? Email, string? PhoneNumber, string? Identifier, int? HubCustomerId)
{
    public static ContactEventData Of(Contact c) => new(c.Id, c.Name, c.Email, c.PhoneNumber, c.Identifier, c.HubCustomerId);
}

/// <summary>Events to publish once a change is saved (ids are known only then), collected while the change is made.</summary>
public sealed class PendingEvents
{
    private readonly List<(string Type, Func<(string Subject, object Data)> Describe)> _events = [];

    public void Add(string type, Func<(string Subject, object Data)> describe) => _events.Add((type, describe));

    public void Conversation(string type, Conversation conversation) =>
        Add(type, () => (Subject(conversation.Id), ConversationEventData.Of(conversation)));

    public void Message(string type, Message message, Conversation conversation) =>
        Add(type, () => (Subject(conversation.Id), MessageEventData.Of(message, conversation)));

    public void Contact(string type, Contact contact) => Add(type, () => (Subject(contact.Id), ContactEventData.Of(contact)));

    public void StatusChanged(Conversation conversation, ConversationStatus previous) =>
        Add(ChatEventTypes.ConversationStatusChanged,
            () => (Subject(conversation.Id), new StatusChangedEventData(ConversationEventData.Of(conversation), previous.ToName())));

    public void Handoff(Conversation conversation, SenderType by) =>
        Add(ChatEventTypes.ConversationHandoff, () => (Subject(conversation.Id),
            new HandoffEventData(ConversationEventData.Of(conversation), by.ToName(), conversation.HumanOverrideUntil!.Value, conversation.HandoffReason)));

    /// <summary>
    /// Saves the change, then publishes its events described from the stored state; one transaction holds both, so the
    /// events exist if and only if the change does.
    /// </summary>
    public async Task SaveAsync(DbContext db, EventPublisher publisher, int account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(publisher);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (type, describe) in _events)
        {
            var (subject, data) = describe();
            publisher.Publish(db, type, account, subject, data);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        _events.Clear();
    }

    // Events about one conversation share its subject, so consumers handle them in order.
    private static string Subject(int id) => id.ToString(CultureInfo.InvariantCulture);
}
