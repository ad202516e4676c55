using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using VersatileHub.Chat.Events;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Chat.Realtime;

/// <summary>A committed change of one inbox, as the live inbox's clients and in-process listeners hear of it.</summary>
/// <param name="Type">The event's type, e.g. <c>message.created</c>.</param>
/// <param name="Payload">The event's data in the API's snake_case.</param>
public sealed record LiveUpdate(int AccountId, int InboxId, string Type, JsonElement Payload);

/// <summary>
/// Pushes Chat's own committed events live. Why from the event stream rather than after SaveChanges: an event reaches
/// Chat's stream only from the outbox, after its transaction committed, so nothing uncommitted is ever pushed; the stream
/// keeps it until one replica of Chat's consumer group handled it (a crashed replica's events are claimed by another), so
/// a healthy system loses none. One replica handles each event and sends it once through the SignalR Redis backplane,
/// which reaches the clients of every replica; the in-process listeners of every replica hear it through <see cref="LiveRelay"/>.
/// Delivery is at least once: clients tell a repeat by the message's or conversation's id.
/// </summary>
internal sealed class LivePush(IHubContext<ChatHub> hub, LiveRelay relay) : IIntegrationEventHandler
{
    public static readonly string[] EventTypes =
    [
        ChatEventTypes.MessageCreated, ChatEventTypes.MessageUpdated, ChatEventTypes.ConversationCreated,
        ChatEventTypes.ConversationUpdated, ChatEventTypes.ConversationStatusChanged,
    ];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (UpdateOf(@event) is not { } update)
        {
            return;
        }
        await hub.Clients.Group(LiveGroups.Inbox(update.AccountId, update.InboxId)).SendAsync(update.Type, update.Payload, cancellationToken);
        await relay.PublishAsync(update, cancellationToken);
    }

    /// <summary>The event's inbox and its data re-read into the API's naming; null for an event without data.</summary>
    public static LiveUpdate? UpdateOf(IntegrationEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        (int InboxId, object Data)? described = @event.Type switch
        {
            ChatEventTypes.MessageCreated or ChatEventTypes.MessageUpdated => @event.DataAs<MessageEventData>() is { } m ? (m.InboxId, m) : null,
            ChatEventTypes.ConversationStatusChanged => @event.DataAs<StatusChangedEventData>() is { } s ? (s.Conversation.InboxId, s) : null,
            _ => @event.DataAs<ConversationEventData>() is { } c ? (c.InboxId, c) : null,
        };
        return described is { } d
            ? new LiveUpdate(@event.Tenant, d.InboxId, @event.Type, JsonSerializer.SerializeToElement(d.Data, d.Data.GetType(), Json))
            : null;
    }
}
