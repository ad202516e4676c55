using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VersatileHub.Flow.Execution;

/// <summary>Items to and from the JSON text a step stores, without cloning them (an item may sit in several lists).</summary>
internal static class ItemsJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IReadOnlyList<JsonObject> items)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteArray(writer, items);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string WriteOutputs(IReadOnlyList<IReadOnlyList<JsonObject>> outputs)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            foreach (var output in outputs)
            {
                WriteArray(writer, output);
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteArray(Utf8JsonWriter writer, IReadOnlyList<JsonObject> items)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            item.WriteTo(writer);
        }
        writer.WriteEndArray();
    }

    public static List<JsonObject> ReadItems(string json) => Detach(JsonNode.Parse(json) as JsonArray);

    public static List<IReadOnlyList<JsonObject>> ReadOutputs(string json)
    {
        var outputs = new List<IReadOnlyList<JsonObject>>();
        if (JsonNode.Parse(json) is JsonArray array)
        {
            foreach (var output in array)
            {
                outputs.Add(Detach(output as JsonArray));
            }
        }
        return outputs;
    }

    /// <summary>The objects of <paramref name="array"/>, taken out of it so that other JSON may hold them.</summary>
    public static List<JsonObject> Detach(JsonArray? array)
    {
        if (array is null)
        {
            return [];
        }
        var items = array.Select(n => n as JsonObject ?? new JsonObject { ["value"] = n?.DeepClone() }).ToList();
        array.Clear();
        return items;
    }
}
