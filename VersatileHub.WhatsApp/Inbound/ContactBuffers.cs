using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>
/// A contact's messages held together until their window closes, in Redis so that every replica sees the same buffers:
/// a list per contact, its first arrival, and one sorted set of the moments each buffer is due. A replica takes a due
/// buffer with a lock that lapses after <see cref="WhatsAppOptions.ClaimTimeout"/> (renewed while it works), so a crashed
/// one's buffer is flushed by another. A hand-over that fails leaves the rest of the buffer due again later, with the failures
/// of its first message counted, so that the worker can back off and finally park that message (<see cref="ParkedInbound"/>).
/// </summary>
internal sealed class ContactBuffers(
    IConnectionMultiplexer redis, InboundQueue queue, ParkedInbound parkedStream, IOptions<WhatsAppOptions> options)
{
    // Adds the message, moves the buffer's deadline (window after this message, never past max after the first, never
    // before a pending retry of a failed hand-over) and acknowledges the queue entry, all at once: a message is in a buffer
    // or still pending in the queue, never lost.
    private const string AddScript = """
        redis.call('RPUSH', KEYS[1], ARGV[1])
        local first = tonumber(redis.call('GET', KEYS[2]))
        if not first then
          first = tonumber(ARGV[2])
          redis.call('SET', KEYS[2], ARGV[2])
        end
        local due = math.min(tonumber(ARGV[2]) + tonumber(ARGV[3]), first + tonumber(ARGV[4]))
        if redis.call('HEXISTS', KEYS[5], ARGV[5]) == 1 then
          local retry = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[5]))
          if retry and retry > due then due = retry end
        end
        redis.call('ZADD', KEYS[3], due, ARGV[5])
        redis.call('XACK', KEYS[4], ARGV[6], ARGV[7])
        return redis.call('LLEN', KEYS[1])
        """;

    // Takes a due buffer (a lock that lapses, so a crashed replica's buffer is taken by another) and reads it at once: the
    // failures of its first message so far ("strikes:tries", or empty) and its messages in order.
    private const string ClaimScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or tonumber(score) > tonumber(ARGV[2]) then return false end
        if not redis.call('SET', KEYS[2], ARGV[4], 'NX', 'PX', ARGV[3]) then return false end
        return {redis.call('HGET', KEYS[3], ARGV[1]) or '', redis.call('LRANGE', KEYS[4], 0, -1)}
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    // Only while the lock is still this replica's (else another has the buffer and hands the same messages again, which Chat
    // keeps once): parks what could not be handed, drops what was handed or parked, then either forgets a buffer that got no
    // new message meanwhile (a complete hand-over) or keeps the rest for a retry at ARGV[6] with the first message's failures.
    private const string FinishScript = """
        if redis.call('GET', KEYS[4]) ~= ARGV[3] then return 0 end
        for i = 9, #ARGV, 4 do
          redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[8], '*', 'kind', 'message', 'reason', ARGV[i], 'error', ARGV[i + 1], 'at', ARGV[i + 2], 'item', ARGV[i + 3])
        end
        redis.call('LTRIM', KEYS[1], ARGV[1], -1)
        if ARGV[5] == '1' then
          redis.call('HDEL', KEYS[5], ARGV[2])
          if redis.call('LLEN', KEYS[1]) == 0 then
            redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('ZREM', KEYS[3], ARGV[2])
          else
            redis.call('SET', KEYS[2], ARGV[4])
          end
        else
          redis.call('HSET', KEYS[5], ARGV[2], ARGV[7])
          redis.call('ZADD', KEYS[3], ARGV[6], ARGV[2])
        end
        redis.call('DEL', KEYS[4])
        return 1
        """;

    private RedisKey Due => queue.KeyPrefix + "buffer-due";

    private RedisKey Attempts => queue.KeyPrefix + "buffer-attempts";

    /// <summary>Adds a queued message to its contact's buffer and acknowledges its queue entry.</summary>
    public async Task AddAsync(QueuedItem item, string entryId, TimeSpan window, DateTimeOffset now)
    {
        var member = Member(item.Account, item.Inbox, item.Message!.From);
        await redis.GetDatabase().ScriptEvaluateAsync(AddScript,
            [List(member), First(member), Due, queue.Stream, Attempts],
            [InboundQueue.Serialize(item), now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds,
                (long)options.Value.MaxBufferWindow.TotalMilliseconds, member, InboundQueue.Group, entryId]);
    }

    /// <summary>
    /// Up to <paramref name="take"/> buffers whose window has closed (or whose retry is due), earliest first, for
    /// <see cref="TryTakeAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int take) =>
        [.. (await redis.GetDatabase().SortedSetRangeByScoreAsync(Due, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: take))
            .Select(m => m.ToString())];

    /// <summary>
    /// Takes a due buffer for this replica; null when another has it or it is no longer due. The result lists its messages in
    /// order, each as it was queued (<see cref="BufferedMessage.Raw"/>) and read (null when it cannot be read).
    /// </summary>
    public async Task<TakenBuffer?> TryTakeAsync(string member, DateTimeOffset now)
    {
        var token = Guid.NewGuid().ToString("N");
        var taken = await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [Due, Lock(member), Attempts, List(member)],
            [member, now.ToUnixTimeMilliseconds(), (long)options.Value.ClaimTimeout.TotalMilliseconds, token]);
        if (taken.IsNull || taken.Resp2Type != ResultType.Array)
        {
            return null;
        }
        var parts = (RedisResult[])taken!;
        var (strikes, tries) = ReadAttempts(parts[0].ToString());
        var items = ((RedisResult[])parts[1]!).Select(raw => BufferedMessage.Of(raw.ToString())).ToList();
        return new TakenBuffer(member, token, items, strikes, tries);
    }

    /// <summary>Keeps this replica's hold on a buffer it is still handing over (false when the hold was lost).</summary>
    public async Task<bool> RenewAsync(TakenBuffer buffer) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [Lock(buffer.Member)],
            [buffer.Token, (long)options.Value.ClaimTimeout.TotalMilliseconds]) == 1;

    /// <summary>
    /// Ends a hand-over: the first <paramref name="handed"/> messages are in Chat or <paramref name="parked"/>; the rest, if
    /// any, stay for a retry at <paramref name="retryAt"/> with their first message's failures. False when the hold on the
    /// buffer was lost meanwhile (nothing changed: whoever has it now hands the same messages again).
    /// </summary>
    public async Task<bool> FinishAsync(
        TakenBuffer buffer, int handed, IReadOnlyList<ParkedMessage> parked, DateTimeOffset now, DateTimeOffset retryAt, int strikes, int tries)
    {
        var values = new List<RedisValue>
        {
            handed, buffer.Member, buffer.Token, now.ToUnixTimeMilliseconds(), handed == buffer.Items.Count ? "1" : "0",
            retryAt.ToUnixTimeMilliseconds(), string.Create(CultureInfo.InvariantCulture, $"{strikes}:{tries}"), ParkedInbound.MaxLength,
        };
        foreach (var message in parked)
        {
            values.AddRange([message.Reason, ParkedInbound.Clip(message.Error), now.ToString("O", CultureInfo.InvariantCulture), message.Raw]);
        }
        return (long)await redis.GetDatabase().ScriptEvaluateAsync(FinishScript,
            [List(buffer.Member), First(buffer.Member), Due, Lock(buffer.Member), Attempts, parkedStream.Stream],
            [.. values]) == 1;
    }

    private static (int Strikes, int Tries) ReadAttempts(string value)
    {
        var parts = value.Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var strikes)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tries)
            ? (strikes, tries)
            : (0, 0);
    }

    private static string Member(int account, int inbox, string contact) =>
        string.Create(CultureInfo.InvariantCulture, $"{account}:{inbox}:{contact}");

    private RedisKey List(string member) => queue.KeyPrefix + "buffer:" + member;

    private RedisKey First(string member) => queue.KeyPrefix + "buffer-first:" + member;

    private RedisKey Lock(string member) => queue.KeyPrefix + "buffer-lock:" + member;
}

/// <summary>A buffer this replica holds; <see cref="Strikes"/> and <see cref="Tries"/> are its first message's failures so far.</summary>
internal sealed record TakenBuffer(string Member, string Token, IReadOnlyList<BufferedMessage> Items, int Strikes, int Tries);

/// <summary>A buffered message as queued (<see cref="Raw"/>) and as read; <see cref="Item"/> is null when it cannot be read.</summary>
internal sealed record BufferedMessage(string Raw, QueuedItem? Item)
{
    public static BufferedMessage Of(string raw)
    {
        try
        {
            return new(raw, InboundQueue.Deserialize(raw) is { Message: not null } item ? item : null);
        }
        catch (System.Text.Json.JsonException)
        {
            return new(raw, null);
        }
    }
}

/// <summary>A buffered message set aside instead of reaching Chat, with why.</summary>
internal sealed record ParkedMessage(string Raw, string Reason, string Error);
