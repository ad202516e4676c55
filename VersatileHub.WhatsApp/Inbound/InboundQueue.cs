using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>One queued piece of a webhook: a message or a status, for an inbox of an account.</summary>
internal sealed record QueuedItem(int Account, int Inbox, InboundMessage? Message, StatusUpdate? Status);

/// <summary>
/// The durable queue between the webhooks and the worker: a Redis Stream read by the consumer group <c>whatsapp</c>.
/// A message is queued only if its provider id was not seen within <see cref="WhatsAppOptions.DeduplicationWindow"/>,
/// checked and queued in one script so a message is never remembered without being queued.
/// </summary>
internal sealed class InboundQueue(IConnectionMultiplexer redis, IOptions<EventBusOptions> bus, IOptions<WhatsAppOptions> options)
{
    public const string Group = "whatsapp";
    private const int MaxLength = 1_000_000;

    // A whole webhook in one round trip: each message queued only if its provider id was not seen (and remembered at once),
    // each status queued as it is. ARGV: window, max length, message count, then the items, messages first.
    private const string EnqueueScript = """
        local duplicates = 0
        local messages = tonumber(ARGV[3])
        for i = 4, #ARGV do
          local index = i - 3
          if index > messages or redis.call('SET', KEYS[index + 1], '1', 'NX', 'PX', ARGV[1]) then
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'item', ARGV[i])
          else
            duplicates = duplicates + 1
          end
        end
        return duplicates
        """;

    public RedisKey Stream => bus.Value.KeyPrefix + "whatsapp:inbound";

    public string KeyPrefix => bus.Value.KeyPrefix + "whatsapp:";

    /// <summary>Queues what a webhook carries, in one Redis round trip; returns how many of its messages were seen before.</summary>
    public async Task<int> EnqueueAsync(int account, int inbox, WebhookContents contents)
    {
        var items = contents.Messages.Count + contents.Statuses.Count;
        if (items == 0)
        {
            return 0;
        }
        var keys = new RedisKey[1 + contents.Messages.Count];
        var values = new RedisValue[3 + items];
        keys[0] = Stream;
        values[0] = (long)options.Value.DeduplicationWindow.TotalMilliseconds;
        values[1] = MaxLength;
        values[2] = contents.Messages.Count;
        var at = 3;
        for (var i = 0; i < contents.Messages.Count; i++)
        {
            var message = contents.Messages[i];
            keys[i + 1] = string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}seen:{account}:{inbox}:{message.ProviderId}");
            values[at++] = Serialize(new QueuedItem(account, inbox, message, null));
        }
        foreach (var status in contents.Statuses)
        {
            values[at++] = Serialize(new QueuedItem(account, inbox, null, status));
        }
        return (int)(long)await redis.GetDatabase().ScriptEvaluateAsync(EnqueueScript, keys, values);
    }

    public static string Serialize(QueuedItem item) => JsonSerializer.Serialize(item, QueueJson.Options);

    public static QueuedItem Deserialize(string json) =>
        JsonSerializer.Deserialize<QueuedItem>(json, QueueJson.Options) ?? throw new JsonException("An empty queue entry.");
}

internal static class QueueJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
