using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Agent.Loop;

/// <summary>
/// Chat's <c>message.created</c>: a customer's message in a bot-enabled conversation that no human has taken over asks
/// for a reply. It only counts the message and makes sure one turn runs for the conversation; the reply is made by
/// <see cref="BotLoop"/>, so a burst of messages never waits behind, nor starts, a reply each.
/// </summary>
internal sealed partial class IncomingMessage(ConversationLocks locks, BotLoop loop, TimeProvider time, ILogger<IncomingMessage> logger) : IIntegrationEventHandler
{
    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var message = @event.DataAs<MessageData>();
        if (message is not { MessageType: "incoming", Private: false })
        {
            return;
        }
        if (!message.BotEnabled || message.HumanOverrideUntil > time.GetUtcNow())
        {
            LogSilent(message.ConversationDisplayId, @event.Tenant);
            return;
        }
        var key = new ConversationKey(@event.Tenant, message.ConversationId, message.ConversationDisplayId, message.ContactId);
        await locks.MarkPendingAsync(key);
        if (await locks.TryAcquireAsync(key) is { } token)
        {
            loop.Start(key, token);
        }
    }

    /// <summary>The part of Chat's message event the bot decides on (<c>MessageEventData</c> in Chat).</summary>
    internal sealed record MessageData(
        int ConversationId, int ConversationDisplayId, int ContactId, string? MessageType, bool Private, bool BotEnabled, DateTimeOffset? HumanOverrideUntil);

    [LoggerMessage(LogLevel.Debug, "Conversation {Conversation} of tenant {Tenant}: the bot is off or a human has it; no reply.")]
    private partial void LogSilent(int conversation, int tenant);
}
