using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.ServiceDefaults.Events.Outbox;

namespace VersatileHub.ServiceDefaults.Events;

/// <summary>
/// Publishes integration events through the transactional outbox: the event is added to the same <see cref="DbContext"/>
/// as the change, so both are stored by one <c>SaveChanges</c> (or neither is).
/// </summary>
public sealed class EventPublisher(IOptions<EventBusOptions> options, TimeProvider time)
{
    public IntegrationEvent Publish(DbContext db, string type, int tenant, string? subject, object? data) =>
        Publish(db, type, tenant, subject, data, Guid.CreateVersion7(time.GetUtcNow()));

    /// <summary>Publishes with a caller-chosen <paramref name="id"/>: the same id again is a repeat, which consumers drop.</summary>
    public IntegrationEvent Publish(DbContext db, string type, int tenant, string? subject, object? data, Guid id)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);

        var @event = new IntegrationEvent
        {
            Id = id,
            Type = type,
            Source = options.Value.Service,
            Time = time.GetUtcNow(),
            Tenant = tenant,
            Subject = subject,
            Data = JsonSerializer.SerializeToElement(data, EventJson.Options),
            TraceParent = Activity.Current?.Id,
        };
        db.Set<OutboxMessage>().Add(OutboxMessage.For(@event));
        return @event;
    }
}
