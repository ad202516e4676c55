using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace VersatileHub.Hub.Appointments.Realtime;

/// <summary>
/// This replica's end of the live agenda: subscribes to the <see cref="AgendaChannel"/> and hands every change, in the
/// order published, to the tenant's SignalR group and to the in-process listeners (the web app's open agenda pages).
/// </summary>
internal sealed partial class AgendaRelay(
    IConnectionMultiplexer redis, AgendaChannel channel, IHubContext<AgendaHub, IAgendaClient> hub, ILogger<AgendaRelay> logger)
    : IHostedService
{
    private readonly ConcurrentDictionary<Listener, int> _listeners = new();
    private ChannelMessageQueue? _queue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(channel.Name);
        _queue.OnMessage(async message =>
        {
            AgendaChange? change = null;
            try
            {
                change = JsonSerializer.Deserialize<AgendaChange>((string)message.Message!, AgendaChannel.Json);
            }
            catch (JsonException exception)
            {
                LogUnreadable(exception);
            }
            if (change is not null)
            {
                await DeliverAsync(change);
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }

    /// <summary>Calls <paramref name="onChange"/> with each change of <paramref name="tenantId"/> until the result is disposed.</summary>
    public IDisposable Listen(int tenantId, Func<AgendaChange, Task> onChange)
    {
        var listener = new Listener(this, tenantId, onChange);
        _listeners[listener] = tenantId;
        return listener;
    }

    /// <summary>Tells this replica's clients and listeners of the tenant; a failing one never keeps the others uninformed.</summary>
    public async Task DeliverAsync(AgendaChange change)
    {
        try
        {
            await hub.Clients.Group(AgendaHub.GroupOf(change.TenantId)).AppointmentChanged(change.Type, change.Appointment);
        }
        catch (Exception exception)
        {
            // The change is committed and its event is in the outbox; a missed live push only costs a reload.
            LogPushFailed(exception, change.TenantId, change.Type, change.Appointment.Id);
        }
        foreach (var listener in _listeners.Keys.Where(l => l.TenantId == change.TenantId))
        {
            try
            {
                await listener.OnChange(change);
            }
            catch (Exception exception)
            {
                LogPushFailed(exception, change.TenantId, change.Type, change.Appointment.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live agenda of tenant {Tenant} was not told of {Type} {Appointment}")]
    private partial void LogPushFailed(Exception exception, int tenant, string type, int appointment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable message on the live agenda's channel was ignored")]
    private partial void LogUnreadable(Exception exception);

    private sealed class Listener(AgendaRelay relay, int tenantId, Func<AgendaChange, Task> onChange) : IDisposable
    {
        public int TenantId { get; } = tenantId;

        public Func<AgendaChange, Task> OnChange { get; } = onChange;

        public void Dispose() => relay._listeners.TryRemove(this, out _);
    }
}
