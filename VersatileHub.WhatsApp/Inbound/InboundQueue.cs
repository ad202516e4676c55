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

    private const string EnqueueOnceScript = """
        if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
          redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'item', ARGV[3])
          return 1
        end
        return 0
        """;

    public RedisKey Stream => bus.Value.KeyPrefix + "whatsapp:inbound";

    public string KeyPrefix => bus.Value.KeyPrefix + "whatsapp:";

    /// <summary>Queues what a webhook carries; returns how many of its messages were seen before.</summary>
    public async Task<int> EnqueueAsync(int account, int inbox, WebhookContents contents)
    {
        var database = redis.GetDatabase();
        var duplicates = 0;
        var window = ((long)options.Value.DeduplicationWindow.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        foreach (var message in contents.Messages)
        {
            var seen = $"{KeyPrefix}seen:{account}:{inbox}:{message.ProviderId}";
            var queued = (long)await database.ScriptEvaluateAsync(EnqueueOnceScript, [Stream, seen],
                [window, MaxLength, Serialize(new QueuedItem(account, inbox, message, null))]);
            duplicates += queued == 0 ? 1 : 0;
        }
        foreach (var status in contents.Statuses)
        {
            await database.StreamAddAsync(Stream, "item", Serialize(new QueuedItem(account, inbox, null, status)), maxLength: MaxLength, useApproximateMaxLength: true);
        }
        return duplicates;
    }

    public static string Serialize(QueuedItem item) => JsonSerializer.Serialize(item, QueueJson.Options);

    public static QueuedItem Deserialize(string json) =>
        JsonSerializer.Deserialize<QueuedItem>(json, QueueJson.Options) ?? throw new JsonException("An empty queue entry.");
}

internal static class QueueJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
