using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Realtime;

/// <summary>
/// The in-process side of the live inbox (the staff's web app on this replica): <see cref="LivePush"/> publishes each
/// update on a Redis channel, and every replica's relay hands it to its own listeners of that account, in the order published.
/// </summary>
internal sealed partial class LiveRelay(IConnectionMultiplexer redis, IOptions<EventBusOptions> options, ILogger<LiveRelay> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Listener, int> _listeners = new();
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.KeyPrefix + "chat:live");
    private ChannelMessageQueue? _queue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(_channel);
        _queue.OnMessage(async message =>
        {
            LiveUpdate? update = null;
            try
            {
                update = JsonSerializer.Deserialize<LiveUpdate>((string)message.Message!, LivePush.Json);
            }
            catch (JsonException exception)
            {
                LogUnreadable(exception);
            }
            if (update is not null)
            {
                await DeliverAsync(update);
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

    /// <summary>Calls <paramref name="onUpdate"/> with each live update of <paramref name="accountId"/> until the result is disposed.</summary>
    public IDisposable Listen(int accountId, Func<LiveUpdate, Task> onUpdate)
    {
        var listener = new Listener(this, accountId, onUpdate);
        _listeners[listener] = accountId;
        return listener;
    }

    public async Task PublishAsync(LiveUpdate update, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(_channel, JsonSerializer.Serialize(update, LivePush.Json)).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The SignalR clients were told already; without Redis at least this replica's listeners hear of it.
            LogPublishFailed(exception, update.AccountId, update.Type);
            await DeliverAsync(update);
        }
    }

    /// <summary>Tells this replica's listeners of the account; a failing one never keeps the others uninformed.</summary>
    private async Task DeliverAsync(LiveUpdate update)
    {
        foreach (var listener in _listeners.Keys.Where(l => l.AccountId == update.AccountId))
        {
            try
            {
                await listener.OnUpdate(update);
            }
            catch (Exception exception)
            {
                LogListenerFailed(exception, update.AccountId, update.Type);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live update {Type} of account {Account} was not published to the other replicas")]
    private partial void LogPublishFailed(Exception exception, int account, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live listener of account {Account} failed on {Type}")]
    private partial void LogListenerFailed(Exception exception, int account, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable message on the live inbox's channel was ignored")]
    private partial void LogUnreadable(Exception exception);

    private sealed class Listener(LiveRelay relay, int accountId, Func<LiveUpdate, Task> onUpdate) : IDisposable
    {
        public int AccountId { get; } = accountId;

        public Func<LiveUpdate, Task> OnUpdate { get; } = onUpdate;

        public void Dispose() => relay._listeners.TryRemove(this, out _);
    }
}
