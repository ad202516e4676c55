using StackExchange.Redis;
using VersatileHub.WhatsApp.Inbound;

namespace VersatileHub.WhatsApp.Outbound;

/// <summary>
/// A token bucket per sending number, shared by every replica through Redis (and Redis's own clock): a number sends at
/// most its rate per second, with bursts up to one second's worth.
/// </summary>
internal sealed class SendingRate(IConnectionMultiplexer redis, InboundQueue queue)
{
    // Returns 0 when a token was taken, otherwise the milliseconds until one is available.
    private const string TakeScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local rate = tonumber(ARGV[1])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or rate
        local at = tonumber(state[2]) or now
        tokens = math.min(rate, tokens + (now - at) * rate / 1000)
        local wait = 0
        if tokens >= 1 then
          tokens = tokens - 1
        else
          wait = math.ceil((1 - tokens) * 1000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
        redis.call('PEXPIRE', KEYS[1], 60000)
        return wait
        """;

    public async Task WaitTurnAsync(string sender, int perSecond, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [queue.KeyPrefix + "rate:" + sender], [perSecond]);
            if (wait <= 0)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
        }
    }
}
