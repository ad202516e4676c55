using System.Security.Cryptography;
using System.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>Reading an action's parameters for one item, failing the node with the field's name when a value is unusable.</summary>
internal static class ActionParameters
{
    /// <summary>
    /// The idempotency key of item <paramref name="item"/>: the node execution's key, and the item's index when the node
    /// acts once per item, so each item's effect happens once however often the node runs.
    /// </summary>
    public static string ItemKey(this NodeExecution execution, int item)
    {
        var key = execution.Items.Count <= 1 ? execution.IdempotencyKey : $"{execution.IdempotencyKey}-{item.ToString(CultureInfo.InvariantCulture)}";
        // Receivers bound their keys (the Hub at 200 characters, Chat's echo_id at 255): a long one travels as its hash.
        return key.Length <= MaxKeyLength ? key : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    public const int MaxKeyLength = 120;

    public static int? Int(this NodeExecution execution, string path, int item) =>
        execution.Parameter(path, item) switch
        {
            null => null,
            // An expression's whole number comes as a long, parsed JSON as an element: any number of either kind.
            JsonValue value when JsonNumbers.TryGet(value, out var real) && real == Math.Floor(real) && real is >= int.MinValue and <= int.MaxValue => (int)real,
            JsonValue value when value.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text) => null,
            JsonValue value when value.TryGetValue<string>(out var text)
                && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            var other => throw new NodeFailedException($"parameters.{path} must be a whole number; it is {other.ToJsonString()}."),
        };

    public static int RequiredInt(this NodeExecution execution, string path, int item) =>
        execution.Int(path, item) ?? throw new NodeFailedException($"parameters.{path} is required.");

    public static bool Bool(this NodeExecution execution, string path, int item, bool fallback = false) =>
        execution.Parameter(path, item) switch
        {
            null => fallback,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
            JsonValue value when value.TryGetValue<string>(out var text) && bool.TryParse(text.Trim(), out var parsed) => parsed,
            var other => throw new NodeFailedException($"parameters.{path} must be true or false; it is {other.ToJsonString()}."),
        };

    /// <summary>An object parameter: an object as written, or text holding a JSON object (n8n's <c>jsonBody</c> style).</summary>
    public static JsonObject? Object(this NodeExecution execution, string path, int item) =>
        execution.Parameter(path, item) switch
        {
            null => null,
            JsonObject obj => (JsonObject)obj.DeepClone(),
            JsonValue value when value.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text) => null,
            JsonValue value when value.TryGetValue<string>(out var text) => ParseObject(text, path),
            var other => throw new NodeFailedException($"parameters.{path} must be a JSON object; it is {other.ToJsonString()}."),
        };

    /// <summary>n8n's name/value lists (<c>{"parameters": [{"name": "a", "value": "1"}]}</c>), evaluated for the item.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Pairs(this NodeExecution execution, string path, int item)
    {
        if (execution.Parameter($"{path}.parameters", item) is not JsonArray list)
        {
            return [];
        }
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject pair || pair["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || string.IsNullOrWhiteSpace(name))
            {
                throw new NodeFailedException($"parameters.{path}.parameters[{i}] needs a name.");
            }
            pairs.Add(new(name, pair["value"] switch
            {
                null => "",
                JsonValue value when value.TryGetValue<string>(out var text) => text,
                var other => other.ToJsonString(),
            }));
        }
        return pairs;
    }

    /// <summary>A validation error when a required parameter is absent or blank in the saved definition.</summary>
    public static IEnumerable<DefinitionError> Require(WorkflowNode node, params string[] paths)
    {
        foreach (var path in paths)
        {
            var raw = Raw(node, path);
            if (raw is null || (raw is JsonValue value && value.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text)))
            {
                yield return new DefinitionError(node.Name, $"parameters.{path}", $"{path} is required.");
            }
        }
    }

    /// <summary>An error when a parameter holds neither one of <paramref name="allowed"/> nor an expression.</summary>
    public static IEnumerable<DefinitionError> OneOf(WorkflowNode node, string path, IReadOnlyCollection<string> allowed)
    {
        if (Raw(node, path) is JsonValue value && value.TryGetValue<string>(out var text) && !text.Contains("{{", StringComparison.Ordinal)
            && !allowed.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            yield return new DefinitionError(node.Name, $"parameters.{path}", $"{path} is one of {string.Join(", ", allowed)}; it is '{text}'.");
        }
    }

    public static JsonNode? Raw(WorkflowNode node, string path)
    {
        JsonNode? current = node.Parameters;
        foreach (var part in path.Split('.'))
        {
            current = current is JsonObject obj && obj.TryGetPropertyValue(part, out var next) ? next : null;
        }
        return current;
    }

    private static JsonObject ParseObject(string text, string path)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new NodeFailedException($"parameters.{path} must be a JSON object.");
        }
        catch (JsonException invalid)
        {
            throw new NodeFailedException($"parameters.{path} is not valid JSON: {invalid.Message}", invalid);
        }
    }
}
