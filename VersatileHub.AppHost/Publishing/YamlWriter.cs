using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VersatileHub.AppHost.Publishing;

/// <summary>
/// Writes a JSON tree as block-style YAML, in the tree's order: every string double-quoted (JSON escapes are valid YAML),
/// so nothing is read back as a number, a boolean or a date, and the same tree always gives the same bytes.
/// </summary>
internal static partial class YamlWriter
{
    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node)
    {
        var yaml = new StringBuilder();
        WriteBlock(yaml, node, 0);
        return yaml.ToString();
    }

    /// <summary>Several documents in one file, separated by <c>---</c>.</summary>
    public static string WriteAll(IEnumerable<JsonNode> documents) => string.Join("---\n", documents.Select(Write));

    private static void WriteBlock(StringBuilder yaml, JsonNode node, int indent)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    yaml.Append(' ', indent).Append(Key(key)).Append(':');
                    WriteValue(yaml, value, indent);
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    yaml.Append(' ', indent).Append('-');
                    if (item is JsonObject { Count: > 0 } element)
                    {
                        // The first entry shares the dash's line; the rest align under it.
                        var first = true;
                        foreach (var (key, value) in element)
                        {
                            yaml.Append(first ? " " : new string(' ', indent + 2)).Append(Key(key)).Append(':');
                            WriteValue(yaml, value, indent + 2);
                            first = false;
                        }
                    }
                    else
                    {
                        WriteValue(yaml, item, indent);
                    }
                }

                break;
            default:
                yaml.Append(Scalar(node)).Append('\n');
                break;
        }
    }

    private static void WriteValue(StringBuilder yaml, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: 0 }:
                yaml.Append(" {}\n");
                break;
            case JsonArray { Count: 0 }:
                yaml.Append(" []\n");
                break;
            case JsonObject or JsonArray:
                yaml.Append('\n');
                WriteBlock(yaml, value, indent + 2);
                break;
            default:
                yaml.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonSerializer.Serialize(value.GetValue<string>(), StringOptions),
        _ => node.ToJsonString(),
    };

    private static string Key(string key) => PlainKey().IsMatch(key) ? key : JsonSerializer.Serialize(key, StringOptions);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainKey();
}
