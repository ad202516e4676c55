using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Agent.Loop;

/// <summary>A conversation the bot may answer: Chat's ids, and the tenant it belongs to.</summary>
public sealed record ConversationKey(int Tenant, int ConversationId, int DisplayId, int ContactId)
{
    internal string Name => string.Create(CultureInfo.InvariantCulture, $"agent:turn:{Tenant}:{ConversationId}");

    /// <summary>The key as one string (in the set of conversations waiting for a reply), read back by <see cref="FromMember"/>.</summary>
    internal string Member => string.Create(CultureInfo.InvariantCulture, $"{Tenant}:{ConversationId}:{DisplayId}:{ContactId}");

    internal static ConversationKey FromMember(string member)
    {
        var parts = member.Split(':');
        return new ConversationKey(Int(parts[0]), Int(parts[1]), Int(parts[2]), Int(parts[3]));

        static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Per-conversation coordination in Redis, across every replica: a lock (<see cref="AgentOptions.LockDuration"/>,
/// renewed while a reply is made) so one reply is made at a time, and a count of messages waiting for a reply, so
/// messages that arrive meanwhile are folded into the reply or the next turn instead of starting their own.
/// </summary>
public sealed class ConversationLocks(IConnectionMultiplexer redis, IOptions<EventBusOptions> bus, IOptions<AgentOptions> options)
{
    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

    // Releases the lock only when no message came since the turn read its count; else the holder goes on.
    private const string SettleScript = """
        local pending = tonumber(redis.call('GET', KEYS[2]) or '0')
        if pending ~= tonumber(ARGV[2]) then return 0 end
        redis.call('DEL', KEYS[2])
        redis.call('HDEL', KEYS[3], ARGV[3])
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 1
        """;

    public TimeSpan Duration => options.Value.LockDuration;

    /// <summary>A message is waiting for a reply; returns how many are.</summary>
    public async Task<long> MarkPendingAsync(ConversationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var db = redis.GetDatabase();
        // Pipelined, in order. The conversation waits until a turn settles it, whatever happens to the turn (UnfinishedTurns).
        var count = db.StringIncrementAsync(PendingKey(key));
        var expiry = db.KeyExpireAsync(PendingKey(key), TimeSpan.FromDays(1));
        var waiting = db.HashSetAsync(WaitingKey, key.Member, 0);
        await Task.WhenAll(count, expiry, waiting);
        return await count;
    }

    /// <summary>Conversations with messages that no settled turn has answered yet, and how often a turn was resumed for each.</summary>
    public async Task<IReadOnlyList<(ConversationKey Key, long Resumes)>> WaitingAsync()
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(WaitingKey);
        return [.. entries.Select(e => (ConversationKey.FromMember(e.Name.ToString()), (long)e.Value))];
    }

    /// <summary>Counts one more resumed turn of the conversation.</summary>
    public Task CountResumeAsync(ConversationKey key) => redis.GetDatabase().HashIncrementAsync(WaitingKey, key.Member);

    /// <summary>Stops waiting for the conversation's reply (its messages stay counted for the next message's turn).</summary>
    public Task AbandonAsync(ConversationKey key) => redis.GetDatabase().HashDeleteAsync(WaitingKey, key.Member);

    public async Task<long> PendingAsync(ConversationKey key) => (long?)await redis.GetDatabase().StringGetAsync(PendingKey(key)) ?? 0;

    /// <returns>The lock's token when this caller now holds it, else null.</returns>
    public async Task<string?> TryAcquireAsync(ConversationKey key)
    {
        var token = Guid.NewGuid().ToString("N");
        return await redis.GetDatabase().StringSetAsync(LockKey(key), token, Duration, When.NotExists) ? token : null;
    }

    public async Task<bool> RenewAsync(ConversationKey key, string token) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [LockKey(key)], [token, (long)Duration.TotalMilliseconds]) == 1;

    /// <returns>True when the lock is released (nothing came since <paramref name="seen"/>); false when there is more to answer.</returns>
    public async Task<bool> SettleAsync(ConversationKey key, string token, long seen) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(SettleScript, [LockKey(key), PendingKey(key), WaitingKey], [token, seen, key.Member]) == 1;

    /// <summary>Gives the lock up after a failed turn; waiting messages stay counted for the next one.</summary>
    public Task ReleaseAsync(ConversationKey key, string token) =>
        redis.GetDatabase().ScriptEvaluateAsync("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end", [LockKey(key)], [token]);

    internal string LockKey(ConversationKey key) => $"{bus.Value.KeyPrefix}{key.Name}:lock";

    internal string PendingKey(ConversationKey key) => $"{bus.Value.KeyPrefix}{key.Name}:pending";

    private string WaitingKey => $"{bus.Value.KeyPrefix}agent:turns:waiting";
}
