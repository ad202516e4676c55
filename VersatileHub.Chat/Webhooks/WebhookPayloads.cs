using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Events;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Webhooks;

/// <summary>
/// The bodies Chatwoot posts to a webhook (its models' <c>webhook_data</c>), built from the stored state with Chat's Chatwoot
/// views: <c>event</c> first, then the message, conversation or contact.
/// </summary>
public sealed class WebhookPayloads(ChatDbContext db)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private IQueryable<Conversation> Conversations =>
        db.Set<Conversation>().AsNoTracking().Include(c => c.Inbox).Include(c => c.Contact).Include(c => c.ContactInbox);

    /// <summary>The body for <paramref name="webhookEvent"/>, or null when what the event names is gone.</summary>
    public async Task<string?> BuildAsync(string webhookEvent, IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        JsonObject? body = webhookEvent switch
        {
            WebhookEvents.MessageCreated or WebhookEvents.MessageUpdated =>
                await MessageAsync(@event.DataAs<MessageEventData>()!, @event.Tenant, cancellationToken),
            WebhookEvents.ConversationStatusChanged =>
                await ConversationAsync(@event.DataAs<StatusChangedEventData>()!.Conversation, cancellationToken),
            WebhookEvents.ConversationCreated or WebhookEvents.ConversationUpdated =>
                await ConversationAsync(@event.DataAs<ConversationEventData>()!, cancellationToken),
            WebhookEvents.ContactCreated or WebhookEvents.ContactUpdated =>
                await ContactAsync(@event.DataAs<ContactEventData>()!, @event.Tenant, cancellationToken),
            _ => null,
        };
        if (body is null)
        {
            return null;
        }
        var withEvent = new JsonObject { ["event"] = webhookEvent };
        foreach (var (name, value) in body.ToList())
        {
            body.Remove(name);
            withEvent[name] = value;
        }
        return withEvent.ToJsonString(Json);
    }

    // The stored rows give Chatwoot's full shape; the event's own data, taken when it happened, overrides what may have
    // changed since (a conversation resolved a moment after it was created is announced as created open).

    private async Task<JsonObject?> MessageAsync(MessageEventData snapshot, int account, CancellationToken cancellationToken)
    {
        var message = await db.Set<Message>().AsNoTracking().Include(m => m.Attachments).SingleOrDefaultAsync(m => m.Id == snapshot.Id, cancellationToken);
        var conversation = message is null ? null : await Conversations.SingleOrDefaultAsync(c => c.Id == message.ConversationId, cancellationToken);
        if (message is null || conversation is null)
        {
            return null;
        }
        var view = MessageView.Of(message, conversation.DisplayId, conversation.Contact);
        var conversationNode = Node(ConversationData(conversation));
        conversationNode["bot_enabled"] = snapshot.BotEnabled;
        conversationNode["human_override_until"] = snapshot.HumanOverrideUntil?.ToUnixTimeSeconds();
        var node = Node(new MessageWebhookData(
            message.Id, snapshot.Content, snapshot.MessageType, snapshot.ContentType, view.ContentAttributes, snapshot.Status,
            snapshot.CreatedAt, snapshot.Private, snapshot.SourceId, view.Sender, null,
            new InboxRef(conversation.InboxId, conversation.Inbox!.Name), new AccountRef(account), view.Attachments ?? []));
        node["conversation"] = conversationNode;
        return node;
    }

    private async Task<JsonObject?> ConversationAsync(ConversationEventData snapshot, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.SingleOrDefaultAsync(c => c.Id == snapshot.Id, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        var node = Node(ConversationData(conversation));
        node["status"] = snapshot.Status;
        node["snoozed_until"] = snapshot.SnoozedUntil?.ToUnixTimeSeconds();
        node["priority"] = snapshot.Priority;
        node["labels"] = new JsonArray([.. snapshot.Labels.Select(l => JsonValue.Create(l))]);
        node["bot_enabled"] = snapshot.BotEnabled;
        node["human_override_until"] = snapshot.HumanOverrideUntil?.ToUnixTimeSeconds();
        node["handoff_reason"] = snapshot.HandoffReason;
        node["last_activity_at"] = snapshot.LastActivityAt.ToUnixTimeSeconds();
        node["timestamp"] = snapshot.LastActivityAt.ToUnixTimeSeconds();
        node["meta"]!["assignee"] = snapshot.AssigneeId is { } assignee ? Node(new AssigneeView(assignee)) : null;
        return node;
    }

    private async Task<JsonObject?> ContactAsync(ContactEventData snapshot, int account, CancellationToken cancellationToken)
    {
        var contact = await db.Set<Contact>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == snapshot.Id, cancellationToken);
        if (contact is null)
        {
            return null;
        }
        var node = Node(ContactSenderView.Of(contact));
        node["name"] = snapshot.Name;
        node["email"] = snapshot.Email;
        node["phone_number"] = snapshot.PhoneNumber;
        node["identifier"] = snapshot.Identifier;
        node["avatar"] = "";
        node["account"] = Node(new AccountRef(account));
        return node;
    }

    private static ConversationView ConversationData(Conversation conversation) => ConversationView.Of(conversation, null, 0, null);

    private static JsonObject Node<T>(T value) => JsonSerializer.SerializeToNode(value, Json)!.AsObject();

    private sealed record InboxRef(int Id, string Name);

    private sealed record AccountRef(int Id);

    private sealed record MessageWebhookData(
        long Id, string? Content, string MessageType, string ContentType, JsonElement ContentAttributes, string Status, DateTimeOffset CreatedAt,
        bool Private, string? SourceId, object? Sender, ConversationView? Conversation, InboxRef Inbox, AccountRef Account,
        IReadOnlyList<AttachmentView> Attachments);
}
