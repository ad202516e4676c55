using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Agent.Loop;

/// <summary>A conversation the bot may answer: Chat's ids, and the tenant it belongs to.</summary>
public sealed record ConversationKey(int Tenant, int ConversationId, int DisplayId, int ContactId)
{
    internal string Name => string.Create(CultureInfo.InvariantCulture, $"agent:turn:{Tenant}:{ConversationId}");
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
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 1
        """;

    public TimeSpan Duration => options.Value.LockDuration;

    /// <summary>A message is waiting for a reply; returns how many are.</summary>
    public async Task<long> MarkPendingAsync(ConversationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var db = redis.GetDatabase();
        var count = await db.StringIncrementAsync(PendingKey(key));
        await db.KeyExpireAsync(PendingKey(key), TimeSpan.FromDays(1));
        return count;
    }

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
        (long)await redis.GetDatabase().ScriptEvaluateAsync(SettleScript, [LockKey(key), PendingKey(key)], [token, seen]) == 1;

    /// <summary>Gives the lock up after a failed turn; waiting messages stay counted for the next one.</summary>
    public Task ReleaseAsync(ConversationKey key, string token) =>
        redis.GetDatabase().ScriptEvaluateAsync("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end", [LockKey(key)], [token]);

    internal string LockKey(ConversationKey key) => $"{bus.Value.KeyPrefix}{key.Name}:lock";

    internal string PendingKey(ConversationKey key) => $"{bus.Value.KeyPrefix}{key.Name}:pending";
}
