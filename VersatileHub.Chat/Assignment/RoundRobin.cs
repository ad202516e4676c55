using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Assignment;

/// <summary>
/// Whose turn it is in an inbox: of the candidates, the one who was given a conversation longest ago (or never). The
/// turns live in Redis and one script picks and records a turn atomically, so several replicas assigning at once still
/// take turns fairly and never give two conversations the same turn.
/// </summary>
internal sealed class RoundRobin(IConnectionMultiplexer redis, IOptions<EventBusOptions> bus)
{
    // KEYS[1]: a hash of user id -> the turn they were last given, and the field 'turn', the inbox's last turn.
    private const string NextTurn = """
        local best, bestTurn = nil, nil
        for _, user in ipairs(ARGV) do
          local last = tonumber(redis.call('HGET', KEYS[1], user) or '0')
          if bestTurn == nil or last < bestTurn then best, bestTurn = user, last end
        end
        if best then redis.call('HSET', KEYS[1], best, redis.call('HINCRBY', KEYS[1], 'turn', 1)) end
        return best
        """;

    /// <summary>Gives the next turn of the inbox to one of <paramref name="candidates"/>; null when there is none.</summary>
    public async Task<int?> NextAsync(int accountId, int inboxId, IEnumerable<int> candidates)
    {
        var ordered = candidates.Distinct().Order().Select(id => (RedisValue)id.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (ordered.Length == 0)
        {
            return null;
        }
        var chosen = await redis.GetDatabase().ScriptEvaluateAsync(NextTurn, [(RedisKey)$"{bus.Value.KeyPrefix}chat:round-robin:{accountId}:{inboxId}"], ordered);
        return chosen.IsNull ? null : int.Parse((string)chosen!, CultureInfo.InvariantCulture);
    }
}
