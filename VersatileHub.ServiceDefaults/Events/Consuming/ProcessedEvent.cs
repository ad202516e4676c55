namespace VersatileHub.ServiceDefaults.Events.Consuming;

/// <summary>Marks an event as handled by a consumer group, in the same transaction as the handler's changes.</summary>
public sealed class ProcessedEvent
{
    private ProcessedEvent()
    {
    }

    public string ConsumerGroup { get; private set; } = "";

    public Guid EventId { get; private set; }

    public DateTimeOffset ProcessedAt { get; private set; }
}
