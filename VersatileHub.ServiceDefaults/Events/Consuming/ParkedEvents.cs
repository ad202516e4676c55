using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.ServiceDefaults.Events.Consuming;

/// <summary>An event a consumer group gave up on, with the error of its last attempt.</summary>
public sealed record ParkedEvent(
    string ParkedId,
    string Producer,
    string StreamEntryId,
    IntegrationEvent? Event,
    string RawEvent,
    string Error,
    int Attempts,
    DateTimeOffset ParkedAt);

/// <summary>
/// The service's parking lot (<c>vh:events:parked:&lt;group&gt;</c>): poison events land here instead of blocking
/// or vanishing; an operator can read them and send one back to its stream once the cause is fixed.
/// </summary>
public sealed class ParkedEvents(IConnectionMultiplexer redis, IOptions<EventBusOptions> options, TimeProvider time)
{
    private readonly EventStreams _keys = new(options.Value.KeyPrefix);

    private string Group => options.Value.Service;

    public async Task<IReadOnlyList<ParkedEvent>> ListAsync(int count = 100)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(_keys.Parked(Group), count: count, messageOrder: Order.Descending);
        return entries.Select(ToParkedEvent).ToList();
    }

    /// <summary>Appends the parked event to its producer's stream again and removes it from the parking lot.</summary>
    public async Task<bool> RequeueAsync(string parkedId)
    {
        var database = redis.GetDatabase();
        var entries = await database.StreamRangeAsync(_keys.Parked(Group), parkedId, parkedId);
        if (entries.Length == 0)
        {
            return false;
        }

        var parked = ToParkedEvent(entries[0]);
        await database.StreamAddAsync(
            _keys.Stream(parked.Producer),
            [new NameValueEntry("type", parked.Event?.Type ?? ""), new NameValueEntry("event", parked.RawEvent)],
            maxLength: options.Value.MaxStreamLength,
            useApproximateMaxLength: true);
        await database.StreamDeleteAsync(_keys.Parked(Group), [parkedId]);
        return true;
    }

    internal async Task ParkAsync(string producer, StreamEntry entry, string rawEvent, string error, int attempts)
    {
        await redis.GetDatabase().StreamAddAsync(
            _keys.Parked(Group),
            [
                new NameValueEntry("producer", producer),
                new NameValueEntry("entry", entry.Id),
                new NameValueEntry("event", rawEvent),
                new NameValueEntry("error", error),
                new NameValueEntry("attempts", attempts),
                new NameValueEntry("parked_at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)),
            ],
            maxLength: options.Value.MaxStreamLength,
            useApproximateMaxLength: true);
    }

    private static ParkedEvent ToParkedEvent(StreamEntry entry)
    {
        var raw = (string?)entry["event"] ?? "";
        IntegrationEvent? envelope;
        try
        {
            envelope = IntegrationEvent.FromJson(raw);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        return new ParkedEvent(
            entry.Id!,
            (string?)entry["producer"] ?? "",
            (string?)entry["entry"] ?? "",
            envelope,
            raw,
            (string?)entry["error"] ?? "",
            (int)entry["attempts"],
            DateTimeOffset.Parse((string?)entry["parked_at"] ?? "", CultureInfo.InvariantCulture));
    }
}
