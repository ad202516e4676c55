using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.WhatsApp.Inbound;

namespace VersatileHub.WhatsApp.Channels;

/// <summary>
/// WhatsApp's 24-hour customer-service window: the gateway remembers when each contact last wrote to an inbox (it sees
/// every incoming message), and free-form messages go out only within the window after it.
/// </summary>
internal sealed class CustomerServiceWindow(IConnectionMultiplexer redis, InboundQueue queue, IOptions<WhatsAppOptions> options)
{
    // Keeps the later of two moments, so messages handed over out of order never shorten the window.
    private const string LaterScript = """
        local current = tonumber(redis.call('GET', KEYS[1]))
        if not current or current < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        end
        return 1
        """;

    public async Task ContactWroteAsync(int account, int inbox, string contact, DateTimeOffset at) =>
        await redis.GetDatabase().ScriptEvaluateAsync(LaterScript, [Key(account, inbox, contact)],
            [at.ToUnixTimeMilliseconds(), (long)(options.Value.CustomerServiceWindow + TimeSpan.FromHours(1)).TotalMilliseconds]);

    public async Task<bool> IsOpenAsync(int account, int inbox, string contact, DateTimeOffset now)
    {
        var last = await redis.GetDatabase().StringGetAsync(Key(account, inbox, contact));
        return last.TryParse(out long unixMs) && now - DateTimeOffset.FromUnixTimeMilliseconds(unixMs) < options.Value.CustomerServiceWindow;
    }

    private RedisKey Key(int account, int inbox, string contact) => $"{queue.KeyPrefix}last-in:{account}:{inbox}:{contact}";
}
