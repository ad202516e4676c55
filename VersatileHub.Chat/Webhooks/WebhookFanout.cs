using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Chat.Webhooks;

/// <summary>
/// Turns each of Chat's own committed events into one delivery per subscription that wants it, in the event's inbox
/// transaction: an event is queued for its webhooks exactly once, and the <see cref="WebhookDispatcher"/> sends it.
/// </summary>
internal sealed class WebhookFanout(ChatDbContext db, CurrentAccount account, WebhookPayloads payloads, TimeProvider time) : IIntegrationEventHandler
{
    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (WebhookEvents.Of(@event.Type) is not { } webhookEvent)
        {
            return;
        }
        account.Set(@event.Tenant);
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking()
            .Where(s => s.Subscriptions.Contains(webhookEvent)).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0 || await payloads.BuildAsync(webhookEvent, @event, cancellationToken) is not { } body)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var subscription in subscriptions)
        {
            db.Add(WebhookDelivery.For(subscription, webhookEvent, @event.Id, body, now));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
