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
                await MessageAsync(@event.DataAs<MessageEventData>()!.Id, @event.Tenant, cancellationToken),
            WebhookEvents.ConversationStatusChanged =>
                await ConversationAsync(@event.DataAs<StatusChangedEventData>()!.Conversation.Id, cancellationToken),
            WebhookEvents.ConversationCreated or WebhookEvents.ConversationUpdated =>
                await ConversationAsync(@event.DataAs<ConversationEventData>()!.Id, cancellationToken),
            WebhookEvents.ContactCreated or WebhookEvents.ContactUpdated =>
                await ContactAsync(@event.DataAs<ContactEventData>()!.Id, @event.Tenant, cancellationToken),
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

    private async Task<JsonObject?> MessageAsync(long messageId, int account, CancellationToken cancellationToken)
    {
        var message = await db.Set<Message>().AsNoTracking().Include(m => m.Attachments).SingleOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        var conversation = message is null ? null : await Conversations.SingleOrDefaultAsync(c => c.Id == message.ConversationId, cancellationToken);
        if (message is null || conversation is null)
        {
            return null;
        }
        var view = MessageView.Of(message, conversation.DisplayId, conversation.Contact);
        return Node(new MessageWebhookData(
            message.Id, message.Content, message.MessageType.ToName(), message.ContentType.ToName(), view.ContentAttributes, view.Status,
            message.CreatedAt, message.Private, message.SourceId, view.Sender, ConversationData(conversation),
            new InboxRef(conversation.InboxId, conversation.Inbox!.Name), new AccountRef(account), view.Attachments ?? []));
    }

    private async Task<JsonObject?> ConversationAsync(int conversationId, CancellationToken cancellationToken)
    {
        var conversation = await Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        return conversation is null ? null : Node(ConversationData(conversation));
    }

    private async Task<JsonObject?> ContactAsync(int contactId, int account, CancellationToken cancellationToken)
    {
        var contact = await db.Set<Contact>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null)
        {
            return null;
        }
        var node = Node(ContactSenderView.Of(contact));
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
        bool Private, string? SourceId, object? Sender, ConversationView Conversation, InboxRef Inbox, AccountRef Account,
        IReadOnlyList<AttachmentView> Attachments);
}
