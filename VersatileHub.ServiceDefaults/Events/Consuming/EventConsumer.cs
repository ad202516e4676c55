using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.ServiceDefaults.Events.Consuming;

/// <summary>
/// Reads the subscribed streams as the service's consumer group. Each event is handled once per group (through the
/// inbox) and acknowledged; a failed one stays pending and is claimed again after <see cref="EventBusOptions.ClaimTimeout"/>,
/// as is anything a crashed consumer left behind; after <see cref="EventBusOptions.MaxAttempts"/> failures it is parked.
/// </summary>
internal sealed partial class EventConsumer(
    IConnectionMultiplexer redis,
    IServiceScopeFactory scopes,
    EventHandlerRegistry handlers,
    IEventInbox inbox,
    ParkedEvents parkedEvents,
    EventBusTelemetry telemetry,
    IOptions<EventBusOptions> options,
    TimeProvider time,
    ILogger<EventConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly EventBusOptions _options = options.Value;
    private readonly EventStreams _keys = new(options.Value.KeyPrefix);
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Unique per process, so that a restarted service claims what its previous life left pending.</summary>
    internal string ConsumerName { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    private string Group => _options.Service;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Subscriptions.Count == 0)
        {
            return;
        }

        await SubscribeToSignalsAsync();
        var nextClaim = DateTimeOffset.MinValue;
        var nextPurge = time.GetUtcNow();
        var groupsReady = false;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!groupsReady)
                {
                    await EnsureGroupsAsync();
                    groupsReady = true;
                }

                if (time.GetUtcNow() >= nextClaim)
                {
                    await ClaimStaleAsync(stoppingToken);
                    nextClaim = time.GetUtcNow() + ClaimInterval;
                }

                if (time.GetUtcNow() >= nextPurge)
                {
                    await inbox.PurgeAsync(time.GetUtcNow() - _options.Retention, stoppingToken);
                    nextPurge = time.GetUtcNow() + PurgeInterval;
                }

                if (!await ReadNewAsync(stoppingToken))
                {
                    var untilClaim = nextClaim - time.GetUtcNow();
                    var wait = untilClaim < _options.IdlePollInterval ? untilClaim : _options.IdlePollInterval;
                    if (wait > TimeSpan.Zero)
                    {
                        await _wake.WaitAsync(wait, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // The stream or group vanished (e.g. Redis was flushed): create them again.
                groupsReady = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogConsumerFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private TimeSpan ClaimInterval
    {
        get
        {
            var half = _options.ClaimTimeout / 2;
            return half < TimeSpan.FromSeconds(5) ? half : TimeSpan.FromSeconds(5);
        }
    }

    private async Task SubscribeToSignalsAsync()
    {
        var subscriber = redis.GetSubscriber();
        foreach (var producer in _options.Subscriptions)
        {
            await subscriber.SubscribeAsync(RedisChannel.Literal(_keys.Signal(producer)), (_, _) => Wake());
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    private async Task EnsureGroupsAsync()
    {
        var database = redis.GetDatabase();
        foreach (var producer in _options.Subscriptions)
        {
            try
            {
                // From the start of the stream: events published before this service first ran are still its to handle.
                await database.StreamCreateConsumerGroupAsync(_keys.Stream(producer), Group, StreamPosition.Beginning, createStream: true);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                // The group exists already.
            }
        }
    }

    /// <summary>Reads and handles new entries of every subscribed stream; false when there were none.</summary>
    private async Task<bool> ReadNewAsync(CancellationToken cancellationToken)
    {
        var positions = _options.Subscriptions
            .Select(producer => new StreamPosition(_keys.Stream(producer), StreamPosition.NewMessages))
            .ToArray();
        var streams = await redis.GetDatabase().StreamReadGroupAsync(positions, Group, ConsumerName, _options.BatchSize);

        var any = false;
        foreach (var stream in streams)
        {
            if (stream.Entries.Length > 0)
            {
                any = true;
                await HandleBatchAsync(ProducerOf(stream.Key), stream.Entries, redelivered: false, cancellationToken);
            }
        }
        return any;
    }

    /// <summary>Takes over entries pending longer than the claim timeout: a crashed consumer's, or ones whose handling failed.</summary>
    internal async Task ClaimStaleAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        foreach (var producer in _options.Subscriptions)
        {
            var claimed = await database.StreamAutoClaimAsync(
                _keys.Stream(producer), Group, ConsumerName, (long)_options.ClaimTimeout.TotalMilliseconds, "0-0", _options.BatchSize);
            if (claimed.ClaimedEntries.Length > 0)
            {
                await HandleBatchAsync(producer, claimed.ClaimedEntries, redelivered: true, cancellationToken);
            }
        }
    }

    private async Task HandleBatchAsync(string producer, StreamEntry[] entries, bool redelivered, CancellationToken cancellationToken)
    {
        var done = new ConcurrentBag<RedisValue>();

        // Events about the same subject share a partition and keep stream order; partitions run side by side.
        var partitions = new Dictionary<int, List<Delivery>>();
        foreach (var entry in entries)
        {
            var raw = (string?)entry["event"] ?? "";
            IntegrationEvent envelope;
            try
            {
                envelope = IntegrationEvent.FromJson(raw);
            }
            catch (JsonException ex)
            {
                await parkedEvents.ParkAsync(producer, entry, raw, $"Malformed envelope: {ex.Message}", attempts: 1);
                telemetry.Parked.Add(1);
                LogParked(entry.Id!, producer, "(malformed)", 1, ex.Message);
                done.Add(entry.Id);
                continue;
            }

            if (!handlers.Handles(envelope.Type))
            {
                done.Add(entry.Id);
                continue;
            }

            var partition = (int)((uint)(envelope.Subject ?? envelope.Id.ToString()).GetHashCode() % (uint)_options.MaxConcurrency);
            if (!partitions.TryGetValue(partition, out var deliveries))
            {
                partitions[partition] = deliveries = [];
            }
            deliveries.Add(new Delivery(entry, envelope, raw));
        }

        await Parallel.ForEachAsync(
            partitions.Values,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (deliveries, token) =>
            {
                if (deliveries.Count > 1 && await TryHandleTogetherAsync(deliveries, token))
                {
                    deliveries.ForEach(d => done.Add(d.Entry.Id));
                    return;
                }

                // Alone, so that one poison event fails by itself and the rest go through.
                foreach (var delivery in deliveries)
                {
                    if (await HandleAloneAsync(producer, delivery, token))
                    {
                        done.Add(delivery.Entry.Id);
                    }
                }
            });

        if (!done.IsEmpty)
        {
            var ids = done.ToArray();
            var database = redis.GetDatabase();
            await database.StreamAcknowledgeAsync(_keys.Stream(producer), Group, ids);
            if (redelivered)
            {
                await database.HashDeleteAsync(_keys.Attempts(producer, Group), ids, CommandFlags.FireAndForget);
            }
        }
    }

    /// <summary>Handles a partition in one inbox transaction; false if anything failed, leaving nothing applied.</summary>
    private async Task<bool> TryHandleTogetherAsync(List<Delivery> deliveries, CancellationToken cancellationToken)
    {
        try
        {
            await using var services = scopes.CreateAsyncScope();
            await RunThroughInboxAsync(services.ServiceProvider, deliveries.ConvertAll(d => d.Event), cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogBatchFailed(ex, deliveries.Count);
            return false;
        }
    }

    /// <summary>Handles one event; true when it may be acknowledged (handled, duplicate or parked).</summary>
    private async Task<bool> HandleAloneAsync(string producer, Delivery delivery, CancellationToken cancellationToken)
    {
        var (entry, envelope, raw) = delivery;
        try
        {
            await using var services = scopes.CreateAsyncScope();
            await RunThroughInboxAsync(services.ServiceProvider, [envelope], cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the entry stays pending and is claimed later, without counting as an attempt.
            return false;
        }
        catch (Exception ex)
        {
            telemetry.Handled.Add(1, new("type", envelope.Type), new("outcome", "failed"));

            var database = redis.GetDatabase();
            var attempts = (int)await database.HashIncrementAsync(_keys.Attempts(producer, Group), entry.Id);
            if (attempts < _options.MaxAttempts)
            {
                LogHandlingFailed(ex, envelope.Id, envelope.Type, attempts, _options.MaxAttempts);
                return false;
            }

            await parkedEvents.ParkAsync(producer, entry, raw, $"{ex.GetType().Name}: {ex.Message}", attempts);
            await database.HashDeleteAsync(_keys.Attempts(producer, Group), entry.Id);
            telemetry.Parked.Add(1, new KeyValuePair<string, object?>("type", envelope.Type));
            LogParked(entry.Id!, producer, envelope.Type, attempts, ex.Message);
            return true;
        }
    }

    private async Task RunThroughInboxAsync(IServiceProvider services, List<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        var applied = await inbox.RunAsync(services, Group, events, (envelope, token) => DispatchAsync(services, envelope, token), cancellationToken);
        if (applied < events.Count)
        {
            telemetry.Handled.Add(events.Count - applied, new KeyValuePair<string, object?>("outcome", "duplicate"));
        }
    }

    private async Task DispatchAsync(IServiceProvider services, IntegrationEvent envelope, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(envelope);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["EventId"] = envelope.Id,
            ["EventType"] = envelope.Type,
            ["Tenant"] = envelope.Tenant,
        });
        try
        {
            foreach (var handlerType in handlers.For(envelope.Type))
            {
                var handler = (IIntegrationEventHandler)services.GetRequiredService(handlerType);
                await handler.HandleAsync(envelope, cancellationToken);
            }
            telemetry.Handled.Add(1, new("type", envelope.Type), new("outcome", "handled"));
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private sealed record Delivery(StreamEntry Entry, IntegrationEvent Event, string Raw);

    private static Activity? StartActivity(IntegrationEvent envelope)
    {
        ActivityContext.TryParse(envelope.TraceParent, null, out var parent);
        var activity = EventBusTelemetry.Source.StartActivity($"{envelope.Type} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "redis_streams");
        activity?.SetTag("messaging.message.id", envelope.Id.ToString());
        activity?.SetTag("vh.tenant", envelope.Tenant);
        return activity;
    }

    private string ProducerOf(RedisKey stream)
    {
        var key = (string)stream!;
        return key[_keys.Stream("").Length..];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event consumer loop failed; retrying")]
    private partial void LogConsumerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A batch of {Count} events failed together; handling them one by one")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling event {EventId} ({EventType}) failed, attempt {Attempt} of {MaxAttempts}; it will be retried after the claim timeout")]
    private partial void LogHandlingFailed(Exception exception, Guid eventId, string eventType, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Parked stream entry {EntryId} from {Producer} ({EventType}) after {Attempts} attempts: {Error}")]
    private partial void LogParked(string entryId, string producer, string eventType, int attempts, string error);
}
