using System.Globalization;
using StackExchange.Redis;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>One incoming message or status the gateway set aside: what it was, why, and Chat's (or the gateway's) last error.</summary>
/// <param name="Kind"><c>message</c>, <c>status</c> or <c>entry</c> (a queue entry that could not be read).</param>
/// <param name="Reason">
/// <c>refused</c> (Chat answered 4xx for it), <c>failed</c> (it kept failing for <see cref="WhatsAppOptions.MaxInboundAttempts"/>),
/// <c>unknown_message</c> (a status of a message Chat never had), <c>inbox_gone</c>, <c>unreadable</c>.
/// </param>
internal sealed record ParkedItem(string Id, string Kind, string Reason, string Error, DateTimeOffset At, string Item);

/// <summary>
/// The inbound worker's dead letters: a Redis Stream (<c>whatsapp:parked</c>, capped at <see cref="MaxLength"/>) of what
/// passed the signature check but cannot reach Chat, each with its error, so that one bad payload never holds back a contact's
/// later messages nor anyone else's, is never retried for ever, and can be seen (<c>XRANGE</c>), counted (<c>XLEN</c>,
/// the <c>vh.whatsapp.inbound.parked</c> counter) and, once the cause is mended, queued again by an operator.
/// </summary>
internal sealed class ParkedInbound(IConnectionMultiplexer redis, InboundQueue queue, WhatsAppMetrics metrics)
{
    public const int MaxLength = 100_000;

    // Parks a queue entry and acknowledges it (and forgets its attempts) at once: it is parked or still pending, never neither.
    private const string ParkEntryScript = """
        redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'kind', ARGV[2], 'reason', ARGV[3], 'error', ARGV[4], 'at', ARGV[5], 'item', ARGV[6])
        redis.call('XACK', KEYS[2], ARGV[7], ARGV[8])
        redis.call('HDEL', KEYS[3], ARGV[8])
        return 1
        """;

    public RedisKey Stream => queue.KeyPrefix + "parked";

    /// <summary>Where the attempts of queue entries (statuses, and messages not yet in a buffer) are counted.</summary>
    public RedisKey EntryAttempts => queue.KeyPrefix + "inbound-attempts";

    /// <summary>Parks queue entry <paramref name="entryId"/> (its raw <paramref name="item"/>) and acknowledges it.</summary>
    public async Task ParkEntryAsync(string entryId, string kind, string reason, string error, string item, DateTimeOffset now)
    {
        await redis.GetDatabase().ScriptEvaluateAsync(ParkEntryScript, [Stream, queue.Stream, EntryAttempts],
            [MaxLength, kind, reason, Clip(error), now.ToString("O", CultureInfo.InvariantCulture), item, InboundQueue.Group, entryId]);
        metrics.Parked(kind, reason);
    }

    public async Task<long> CountAsync() => await redis.GetDatabase().StreamLengthAsync(Stream);

    /// <summary>The latest <paramref name="count"/> parked items, newest first.</summary>
    public async Task<IReadOnlyList<ParkedItem>> LatestAsync(int count) =>
        [.. (await redis.GetDatabase().StreamRangeAsync(Stream, "-", "+", count, Order.Descending)).Select(Read)];

    /// <summary>An error as it is kept: at most 2,000 characters.</summary>
    public static string Clip(string error) => error.Length <= 2_000 ? error : error[..2_000] + "…";

    private static ParkedItem Read(StreamEntry entry) => new(
        entry.Id.ToString(), entry["kind"].ToString(), entry["reason"].ToString(), entry["error"].ToString(),
        DateTimeOffset.TryParse(entry["at"].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : default,
        entry["item"].ToString());
}
