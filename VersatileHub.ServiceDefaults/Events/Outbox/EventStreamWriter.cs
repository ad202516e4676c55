using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.ServiceDefaults.Events.Outbox;

/// <summary>Appends envelopes to the producer's Redis stream and announces them to waiting consumers.</summary>
internal interface IEventStreamWriter
{
    Task AppendAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken);
}

internal sealed record PendingEvent(long Sequence, string Type, string Envelope);

internal sealed class RedisEventStreamWriter(IConnectionMultiplexer redis, IOptions<EventBusOptions> options) : IEventStreamWriter
{
    private readonly EventStreams _streams = new(options.Value.KeyPrefix);

    public async Task AppendAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var producer = options.Value.Service;
        var stream = (RedisKey)_streams.Stream(producer);
        var database = redis.GetDatabase();
        var batch = database.CreateBatch();
        var appends = new Task[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            appends[i] = batch.StreamAddAsync(
                stream,
                [new NameValueEntry("type", events[i].Type), new NameValueEntry("event", events[i].Envelope)],
                maxLength: options.Value.MaxStreamLength,
                useApproximateMaxLength: true);
        }
        batch.Execute();
        await Task.WhenAll(appends).WaitAsync(cancellationToken);

        await database.PublishAsync(RedisChannel.Literal(_streams.Signal(producer)), events.Count);
    }
}
