using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Hub.Appointments.Realtime;

/// <summary>
/// Tells the tenant's open agendas on every replica of a committed appointment change: publishes it on a Redis channel
/// that each replica's <see cref="AgendaRelay"/> forwards to its own SignalR clients and in-process listeners.
/// </summary>
internal sealed partial class AgendaBroadcaster(
    IConnectionMultiplexer redis, AgendaChannel channel, AgendaRelay relay, ILogger<AgendaBroadcaster> logger)
{
    public async Task AppointmentChangedAsync(int tenantId, string type, AppointmentView appointment, CancellationToken cancellationToken)
    {
        var change = new AgendaChange(tenantId, type, appointment);
        try
        {
            await redis.GetSubscriber().PublishAsync(channel.Name, JsonSerializer.Serialize(change, AgendaChannel.Json)).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The change is committed and its event is in the outbox; without Redis at least this replica's agendas hear of it.
            LogPublishFailed(exception, tenantId, type, appointment.Id);
            await relay.DeliverAsync(change);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change {Type} {Appointment} of tenant {Tenant} was not published to the other replicas")]
    private partial void LogPublishFailed(Exception exception, int tenant, string type, int appointment);
}

/// <summary>The Redis channel of the live agenda, under the event bus's key prefix so that test runs sharing a Redis stay apart.</summary>
internal sealed class AgendaChannel(IOptions<EventBusOptions> options)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public RedisChannel Name { get; } = RedisChannel.Literal(options.Value.KeyPrefix + "agenda:changes");
}
