using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>
/// A contact's messages held together until their window closes, in Redis so that every replica sees the same buffers:
/// a list per contact, its first arrival, and one sorted set of the moments each buffer is due. A replica takes a due
/// buffer with a lock that lapses after <see cref="WhatsAppOptions.ClaimTimeout"/>, so a crashed one's buffer is flushed by another.
/// </summary>
internal sealed class ContactBuffers(IConnectionMultiplexer redis, InboundQueue queue, IOptions<WhatsAppOptions> options)
{
    // Adds the message, moves the buffer's deadline (window after this message, never past max after the first) and
    // acknowledges the queue entry, all at once: a message is in a buffer or still pending in the queue, never lost.
    private const string AddScript = """
        redis.call('RPUSH', KEYS[1], ARGV[1])
        local first = tonumber(redis.call('GET', KEYS[2]))
        if not first then
          first = tonumber(ARGV[2])
          redis.call('SET', KEYS[2], ARGV[2])
        end
        local due = math.min(tonumber(ARGV[2]) + tonumber(ARGV[3]), first + tonumber(ARGV[4]))
        redis.call('ZADD', KEYS[3], due, ARGV[5])
        redis.call('XACK', KEYS[4], ARGV[6], ARGV[7])
        return redis.call('LLEN', KEYS[1])
        """;

    private const string ClaimScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or tonumber(score) > tonumber(ARGV[2]) then return 0 end
        if redis.call('SET', KEYS[2], ARGV[4], 'NX', 'PX', ARGV[3]) then return 1 end
        return 0
        """;

    // Drops what was handed to Chat; a buffer that got no new message meanwhile is gone, one that did waits for its deadline.
    private const string FinishScript = """
        redis.call('LTRIM', KEYS[1], ARGV[1], -1)
        if ARGV[5] == '1' then
          if redis.call('LLEN', KEYS[1]) == 0 then
            redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('ZREM', KEYS[3], ARGV[2])
          else
            redis.call('SET', KEYS[2], ARGV[4])
          end
          if redis.call('GET', KEYS[4]) == ARGV[3] then redis.call('DEL', KEYS[4]) end
        end
        return 1
        """;

    private RedisKey Due => queue.KeyPrefix + "buffer-due";

    /// <summary>Adds a queued message to its contact's buffer and acknowledges its queue entry.</summary>
    public async Task AddAsync(QueuedItem item, string entryId, TimeSpan window, DateTimeOffset now)
    {
        var member = Member(item.Account, item.Inbox, item.Message!.From);
        await redis.GetDatabase().ScriptEvaluateAsync(AddScript,
            [List(member), First(member), Due, queue.Stream],
            [InboundQueue.Serialize(item), now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds,
                (long)options.Value.MaxBufferWindow.TotalMilliseconds, member, InboundQueue.Group, entryId]);
    }

    /// <summary>Buffers whose window has closed, for <see cref="TryTakeAsync"/>.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now) =>
        [.. (await redis.GetDatabase().SortedSetRangeByScoreAsync(Due, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: 100))
            .Select(m => m.ToString())];

    /// <summary>Takes a due buffer for this replica; null when another has it. The result lists its messages in order.</summary>
    public async Task<TakenBuffer?> TryTakeAsync(string member, DateTimeOffset now)
    {
        var token = Guid.NewGuid().ToString("N");
        var database = redis.GetDatabase();
        var taken = (long)await database.ScriptEvaluateAsync(ClaimScript, [Due, Lock(member)],
            [member, now.ToUnixTimeMilliseconds(), (long)options.Value.ClaimTimeout.TotalMilliseconds, token]);
        if (taken == 0)
        {
            return null;
        }
        var items = (await database.ListRangeAsync(List(member))).Select(v => InboundQueue.Deserialize(v.ToString())).ToList();
        return new TakenBuffer(member, token, items);
    }

    /// <summary>
    /// Forgets the first <paramref name="handed"/> messages, now in Chat. When all were handed the buffer is released; when
    /// Chat failed midway it stays locked until the lock lapses, then the rest is tried again, still in order.
    /// </summary>
    public async Task FinishAsync(TakenBuffer buffer, int handed, DateTimeOffset now) =>
        await redis.GetDatabase().ScriptEvaluateAsync(FinishScript,
            [List(buffer.Member), First(buffer.Member), Due, Lock(buffer.Member)],
            [handed, buffer.Member, buffer.Token, now.ToUnixTimeMilliseconds(), handed == buffer.Items.Count ? "1" : "0"]);

    private static string Member(int account, int inbox, string contact) =>
        string.Create(CultureInfo.InvariantCulture, $"{account}:{inbox}:{contact}");

    private RedisKey List(string member) => queue.KeyPrefix + "buffer:" + member;

    private RedisKey First(string member) => queue.KeyPrefix + "buffer-first:" + member;

    private RedisKey Lock(string member) => queue.KeyPrefix + "buffer-lock:" + member;
}

internal sealed record TakenBuffer(string Member, string Token, IReadOnlyList<QueuedItem> Items);
