using System.Text.Json;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>Media of an incoming message: YCloud gives a <see cref="Link"/>, Meta an <see cref="Id"/> to look up.</summary>
internal sealed record InboundMedia(string? Id, string? Link, string? MimeType, string? Caption, string? FileName, bool Voice);

/// <summary>What a customer wrote, as the gateway queues it: one provider message, whichever provider it came from.</summary>
internal sealed record InboundMessage(
    string ProviderId, string From, string? Name, string Type, string? Text, InboundMedia? Media, DateTimeOffset? SentAt);

/// <summary>How far one of the business's messages got, as a provider reports it.</summary>
internal sealed record StatusUpdate(string ProviderId, string Status, string? Error);

/// <summary>What one webhook carries.</summary>
internal sealed record WebhookContents(IReadOnlyList<InboundMessage> Messages, IReadOnlyList<StatusUpdate> Statuses)
{
    public static readonly WebhookContents Nothing = new([], []);
}

/// <summary>
/// Reads the providers' webhook payloads; anything that is neither a message nor a status is ignored, as is any element
/// of the wrong JSON kind (a <c>changes[]</c> item that is not an object, a number where a text is expected): only a body
/// that is not a JSON object is refused.
/// </summary>
internal static class ProviderPayloads
{
    /// <summary>
    /// YCloud: <c>{ type: "whatsapp.inbound_message.received", whatsappInboundMessage: {...} }</c> and
    /// <c>{ type: "whatsapp.message.updated", whatsappMessage: {...} }</c>.
    /// </summary>
    public static WebhookContents ReadYCloud(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The webhook is not a JSON object.");
        }
        switch (Text(root, "type"))
        {
            case "whatsapp.inbound_message.received" when Object(root, "whatsappInboundMessage") is { } m:
                var id = Text(m, "wamid") ?? Text(m, "id");
                var from = Phone(Text(m, "from"));
                if (id is null || from is null)
                {
                    return WebhookContents.Nothing;
                }
                var name = Object(m, "customerProfile") is { } profile ? Text(profile, "name") : null;
                var type = Text(m, "type") ?? "unknown";
                DateTimeOffset? sent = DateTimeOffset.TryParse(Text(m, "sendTime"), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
                return new([Message(id, from, name, type, m, sent)], []);
            case "whatsapp.message.updated" when Object(root, "whatsappMessage") is { } s:
                var messageId = Text(s, "id");
                var status = Text(s, "status");
                if (messageId is null || status is null)
                {
                    return WebhookContents.Nothing;
                }
                var error = Text(s, "errorMessage") is { } message ? $"{Text(s, "errorCode")} {message}".Trim() : Text(s, "errorCode");
                return new([], [new StatusUpdate(messageId, status, error)]);
            default:
                return WebhookContents.Nothing;
        }
    }

    /// <summary>Meta: <c>entry[].changes[].value</c> with <c>messages[]</c> (and <c>contacts[].profile.name</c>) or <c>statuses[]</c>.</summary>
    public static WebhookContents ReadMeta(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The webhook is not a JSON object.");
        }
        var messages = new List<InboundMessage>();
        var statuses = new List<StatusUpdate>();
        foreach (var entry in Array(root, "entry"))
        {
            foreach (var change in Array(entry, "changes"))
            {
                if (Object(change, "value") is not { } value)
                {
                    continue;
                }
                var names = Array(value, "contacts")
                    .Where(c => Text(c, "wa_id") is not null)
                    .GroupBy(c => Text(c, "wa_id")!)
                    .ToDictionary(g => g.Key, g => Object(g.First(), "profile") is { } p ? Text(p, "name") : null);
                foreach (var m in Array(value, "messages"))
                {
                    var id = Text(m, "id");
                    var waId = Text(m, "from");
                    if (id is null || Phone(waId) is not { } from)
                    {
                        continue;
                    }
                    DateTimeOffset? sent = long.TryParse(Text(m, "timestamp"), System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out var unix) && unix <= MaxUnixSeconds
                        ? DateTimeOffset.FromUnixTimeSeconds(unix)
                        : null;
                    messages.Add(Message(id, from, names.GetValueOrDefault(waId!), Text(m, "type") ?? "unknown", m, sent));
                }
                foreach (var s in Array(value, "statuses"))
                {
                    if (Text(s, "id") is { } id && Text(s, "status") is { } status)
                    {
                        var error = Array(s, "errors").Select(e => $"{Number(e, "code")} {Text(e, "message") ?? Text(e, "title")}".Trim()).FirstOrDefault();
                        statuses.Add(new StatusUpdate(id, status, error));
                    }
                }
            }
        }
        return new(messages, statuses);
    }

    private static InboundMessage Message(string id, string from, string? name, string type, JsonElement m, DateTimeOffset? sent)
    {
        var text = type == "text" && Object(m, "text") is { } t ? Text(t, "body") : null;
        InboundMedia? media = null;
        if (type is "image" or "audio" or "document" or "video" or "sticker" && Object(m, type) is { } o)
        {
            media = new InboundMedia(Text(o, "id"), Text(o, "link"), Text(o, "mime_type"), Text(o, "caption"), Text(o, "filename"),
                type == "audio" && (o.TryGetProperty("voice", out var voice) && voice.ValueKind == JsonValueKind.True
                    || (Text(o, "mime_type") ?? "").StartsWith("audio/ogg", StringComparison.OrdinalIgnoreCase)));
        }
        return new InboundMessage(id, from, name, type, text, media, sent);
    }

    /// <summary>E.164 with its plus (Meta sends the digits alone).</summary>
    private static string? Phone(string? number)
    {
        var digits = number?.TrimStart('+');
        return string.IsNullOrEmpty(digits) || digits.Length > 15 || !digits.All(char.IsAsciiDigit) ? null : "+" + digits;
    }

    /// <summary>9999-12-31, the last second <see cref="DateTimeOffset"/> holds.</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    internal static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    internal static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.ValueKind == JsonValueKind.String ? value.GetString() : null
            : null;
}
