using System.Text.Json;
using System.Text.Json.Serialization;

namespace VersatileHub.ServiceDefaults.Events;

/// <summary>
/// The envelope every event travels in: CloudEvents-shaped JSON with the suite's tenant extension.
/// Type names are <c>&lt;entity&gt;.&lt;past-tense verb&gt;</c>, e.g. <c>message.created</c>.
/// </summary>
public sealed record IntegrationEvent
{
    [JsonPropertyName("specversion")]
    public string SpecVersion { get; init; } = "1.0";

    public required Guid Id { get; init; }

    public required string Type { get; init; }

    /// <summary>The producing service, e.g. <c>chat</c>.</summary>
    public required string Source { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required int Tenant { get; init; }

    /// <summary>The entity the event is about, e.g. a conversation id.</summary>
    public string? Subject { get; init; }

    public JsonElement Data { get; init; }

    /// <summary>W3C trace context of the change that raised the event (CloudEvents distributed tracing extension).</summary>
    [JsonPropertyName("traceparent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    public T? DataAs<T>() => Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
        ? default
        : Data.Deserialize<T>(EventJson.Options);

    public string ToJson() => JsonSerializer.Serialize(this, EventJson.Options);

    /// <exception cref="JsonException">The text is not a well-formed envelope.</exception>
    public static IntegrationEvent FromJson(string json)
    {
        var envelope = JsonSerializer.Deserialize<IntegrationEvent>(json, EventJson.Options)
            ?? throw new JsonException("The event envelope is null.");
        if (string.IsNullOrWhiteSpace(envelope.Type) || string.IsNullOrWhiteSpace(envelope.Source) || envelope.Id == Guid.Empty)
        {
            throw new JsonException("The event envelope lacks its id, type or source.");
        }
        return envelope;
    }
}

internal static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
