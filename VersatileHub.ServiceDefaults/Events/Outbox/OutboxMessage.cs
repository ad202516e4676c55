namespace VersatileHub.ServiceDefaults.Events.Outbox;

/// <summary>
/// An event waiting in the producer's database to be relayed to its stream: written in the same transaction as the change,
/// deleted in the same transaction that appended it to the stream.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    /// <summary>Insertion order, which is also relay order.</summary>
    public long Sequence { get; private set; }

    public Guid EventId { get; private set; }

    public string Type { get; private set; } = "";

    /// <summary>The whole envelope as JSON.</summary>
    public string Envelope { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    internal static OutboxMessage For(IntegrationEvent @event) => new()
    {
        EventId = @event.Id,
        Type = @event.Type,
        Envelope = @event.ToJson(),
        CreatedAt = @event.Time,
    };
}
