using System.Text.Json;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Apis;

// The shapes of Chatwoot's Application API (its jbuilder views), written with snake_case names by Chat's JSON options.

/// <summary>Chatwoot's <c>contact.push_event_data</c>: a contact as a message's sender or a conversation's <c>meta.sender</c>.</summary>
public sealed record ContactSenderView(
    int Id, string Name, string? Email, string? PhoneNumber, string? Identifier, string Thumbnail,
    JsonElement AdditionalAttributes, JsonElement CustomAttributes, string Type = "contact")
{
    public static ContactSenderView Of(Contact c) => new(
        c.Id, c.Name, c.Email, c.PhoneNumber, c.Identifier, "", Json.ObjectOf(c.AdditionalAttributes), Json.ObjectOf(c.CustomAttributes));
}

/// <summary>Chatwoot's <c>user.push_event_data</c> and <c>agent_bot.push_event_data</c>.</summary>
public sealed record StaffSenderView(int? Id, string? Name, string? AvailableName, string AvatarUrl, string Thumbnail, string Type);

public sealed record AttachmentView(long Id, long MessageId, string FileType, int AccountId, string? Extension, string DataUrl, string ThumbUrl, long FileSize)
{
    public static AttachmentView Of(Attachment a, int accountId)
    {
        var url = $"/api/v1/accounts/{accountId}/attachments/{a.Id}";
        return new(a.Id, a.MessageId, a.FileType.ToName(), accountId, Path.GetExtension(a.FileName).TrimStart('.') is { Length: > 0 } e ? e : null,
            url, a.FileType == MessageContentType.Image ? url : "", a.Size);
    }
}

/// <summary>Chatwoot's message (<c>api/v1/models/_message</c>): <c>message_type</c> is the number, <c>created_at</c> Unix seconds.</summary>
public sealed record MessageView(
    long Id, string? Content, int InboxId, string? EchoId, int ConversationId, int MessageType, string ContentType, string Status,
    JsonElement ContentAttributes, long CreatedAt, bool Private, string? SourceId, object? Sender, IReadOnlyList<AttachmentView>? Attachments)
{
    public static MessageView Of(Message m, int displayId, Contact? contact)
    {
        object? sender = m.SenderType switch
        {
            SenderType.Contact when contact is not null => ContactSenderView.Of(contact),
            SenderType.User => new StaffSenderView(m.SenderId, m.SenderName, m.SenderName, "", "", "user"),
            SenderType.Bot => new StaffSenderView(null, m.SenderName, m.SenderName, "", "", "agent_bot"),
            _ => null,
        };
        var attributes = m.ExternalError is null
            ? Json.EmptyObject
            : JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["external_error"] = m.ExternalError });
        return new(m.Id, m.Content, m.InboxId, m.EchoId, displayId, (int)m.MessageType, m.ContentType.ToName(), m.Status.ToName(),
            attributes, m.CreatedAt.ToUnixTimeSeconds(), m.Private, m.SourceId, sender,
            m.Attachments.Count == 0 ? null : m.Attachments.Select(a => AttachmentView.Of(a, m.AccountId)).ToList());
    }
}

public sealed record AssigneeView(int Id, string Type = "user");

public sealed record ConversationMetaView(ContactSenderView Sender, string Channel, AssigneeView? Assignee, bool? HmacVerified);

/// <summary>Chatwoot's conversation (<c>api/v1/conversations/partials/_conversation</c>), with Chat's bot fields added.</summary>
public sealed record ConversationView(
    ConversationMetaView Meta, int Id, IReadOnlyList<MessageView> Messages, int AccountId, JsonElement AdditionalAttributes,
    long AgentLastSeenAt, bool CanReply, JsonElement CustomAttributes, int InboxId, IReadOnlyList<string> Labels, bool Muted,
    long? SnoozedUntil, string Status, long CreatedAt, long Timestamp, int UnreadCount, MessageView? LastNonActivityMessage,
    long LastActivityAt, string? Priority, bool BotEnabled, long? HumanOverrideUntil, string? HandoffReason)
{
    public static ConversationView Of(Conversation c, Message? last, int unread, DateTimeOffset? seenAt)
    {
        var lastView = last is null ? null : MessageView.Of(last, c.DisplayId, c.Contact);
        return new(
            new ConversationMetaView(ContactSenderView.Of(c.Contact!), c.Inbox!.ChannelType.ToChatwootName(),
                c.AssigneeId is { } assignee ? new AssigneeView(assignee) : null, null),
            c.DisplayId, lastView is null ? [] : [lastView], c.AccountId, Json.EmptyObject, seenAt?.ToUnixTimeSeconds() ?? 0, true,
            Json.EmptyObject, c.InboxId, c.Labels, false, c.SnoozedUntil?.ToUnixTimeSeconds(), c.Status.ToName(),
            c.CreatedAt.ToUnixTimeSeconds(), c.LastActivityAt.ToUnixTimeSeconds(), unread, lastView, c.LastActivityAt.ToUnixTimeSeconds(),
            c.Priority.ToName(), c.BotEnabled, c.HumanOverrideUntil?.ToUnixTimeSeconds(), c.HandoffReason);
    }
}

public sealed record ConversationCountsView(int MineCount, int AssignedCount, int UnassignedCount, int AllCount);

public sealed record ConversationListView(ConversationListData Data);

public sealed record ConversationListData(ConversationCountsView Meta, IReadOnlyList<ConversationView> Payload);

/// <summary>Chatwoot's inbox (<c>api/v1/models/_inbox</c>, the fields Chat keeps); never the provider's secrets.</summary>
public sealed record InboxView(
    int Id, int ChannelId, string Name, string ChannelType, string AvatarUrl, string? PhoneNumber, string? Provider,
    string? WebsiteUrl, string? WebhookUrl, bool HasProviderConfig, bool EnableAutoAssignment, string? WebhookKey)
{
    public static InboxView Of(Inbox i) => new(
        i.Id, i.Id, i.Name, i.ChannelType.ToChatwootName(), "", i.PhoneNumber, i.Provider, i.WebsiteUrl, i.WebhookUrl, i.ProtectedSecrets is not null,
        i.EnableAutoAssignment, i.WebhookKey());
}

public sealed record ContactInboxView(string SourceId, InboxView Inbox);

/// <summary>Chatwoot's contact (<c>api/v1/models/_contact</c>), with the Hub customer it is linked to.</summary>
public sealed record ContactView(
    string AvailabilityStatus, string? Email, int Id, string Name, string? PhoneNumber, string? Identifier, string Thumbnail,
    JsonElement AdditionalAttributes, JsonElement CustomAttributes, long? LastActivityAt, long CreatedAt,
    IReadOnlyList<ContactInboxView> ContactInboxes, int? HubCustomerId)
{
    public static ContactView Of(Contact c) => new(
        "offline", c.Email, c.Id, c.Name, c.PhoneNumber, c.Identifier, "", Json.ObjectOf(c.AdditionalAttributes), Json.ObjectOf(c.CustomAttributes),
        c.LastActivityAt?.ToUnixTimeSeconds(), c.CreatedAt.ToUnixTimeSeconds(),
        c.Inboxes.Where(ci => ci.Inbox is not null).Select(ci => new ContactInboxView(ci.SourceId, InboxView.Of(ci.Inbox!))).ToList(),
        c.HubCustomerId);
}

public sealed record PayloadView<T>(T Payload);

public sealed record ContactListMeta(int Count, int CurrentPage);

public sealed record ContactListView(ContactListMeta Meta, IReadOnlyList<ContactView> Payload);

public sealed record CreatedContactView(ContactView Contact, ContactInboxView? ContactInbox);

public sealed record MessageListMeta(IReadOnlyList<string> Labels, JsonElement AdditionalAttributes, ContactSenderView Contact, AssigneeView? Assignee, long? AgentLastSeenAt);

public sealed record MessageListView(MessageListMeta Meta, IReadOnlyList<MessageView> Payload);

public sealed record ToggleStatusPayload(bool Success, int ConversationId, string CurrentStatus, long? SnoozedUntil);

public sealed record ToggleStatusView(JsonElement Meta, ToggleStatusPayload Payload);

public sealed record SearchMessageView(
    long Id, string? Content, int MessageType, string ContentType, string? SourceId, int InboxId, int ConversationId, long CreatedAt, object? Sender);

public sealed record SearchMeta(int CurrentPage, int TotalCount, int TotalPages);

public sealed record SearchMessagesPayload(IReadOnlyList<SearchMessageView> Messages, SearchMeta Meta);

internal static class Json
{
    public static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static JsonElement ObjectOf(JsonDocument? document) => document?.RootElement.Clone() ?? EmptyObject;
}
