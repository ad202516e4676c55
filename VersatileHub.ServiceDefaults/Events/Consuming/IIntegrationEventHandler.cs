namespace VersatileHub.ServiceDefaults.Events.Consuming;

/// <summary>
/// Handles events of the types it was registered for. Runs in its own DI scope; with an EF inbox, the scope's
/// DbContext is inside a transaction that also records the event as processed, so the handler's changes apply once.
/// </summary>
public interface IIntegrationEventHandler
{
    Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken);
}
