using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Events;
using VersatileHub.Chat.Realtime;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Chat.Assignment;

/// <summary>
/// Chatwoot's auto-assignment: a new conversation of an inbox with auto-assignment on goes to the next online agent of the
/// inbox in turn (<see cref="RoundRobin"/>); with nobody online it stays unassigned. It runs from Chat's own
/// <c>conversation.created</c>, after the conversation is committed, so ingest never waits for it; a conversation someone
/// assigned meanwhile (or at creation) is left alone.
/// </summary>
internal sealed partial class AutoAssignment(
    ChatDbContext db, CurrentAccount account, AgentPresence presence, RoundRobin turns, EventPublisher publisher, TimeProvider time,
    ILogger<AutoAssignment> logger) : IIntegrationEventHandler
{
    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        account.Set(@event.Tenant);
        if (@event.DataAs<ConversationEventData>() is not { } created)
        {
            return;
        }
        var conversation = await db.Set<Conversation>().Include(c => c.Inbox).Include(c => c.ContactInbox)
            .SingleOrDefaultAsync(c => c.Id == created.Id, cancellationToken);
        if (conversation is not { AssigneeId: null } || !conversation.Inbox!.EnableAutoAssignment)
        {
            return;
        }
        var members = await db.Set<InboxMember>().Where(m => m.InboxId == conversation.InboxId).Select(m => m.UserId).ToListAsync(cancellationToken);
        var online = await presence.OnlineAsync(@event.Tenant, conversation.InboxId, cancellationToken);
        if (await turns.NextAsync(@event.Tenant, conversation.InboxId, members.Where(online.Contains)) is not { } agent)
        {
            return;
        }
        conversation.AssignTo(agent, time.GetUtcNow());
        var events = new PendingEvents();
        events.Conversation(ChatEventTypes.ConversationUpdated, conversation);
        await events.SaveAsync(db, publisher, @event.Tenant, cancellationToken);
        LogAssigned(conversation.DisplayId, agent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Conversation} was assigned to agent {Agent} in turn")]
    private partial void LogAssigned(int conversation, int agent);
}
