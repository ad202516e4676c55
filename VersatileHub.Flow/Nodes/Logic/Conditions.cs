using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VersatileHub.Flow.Expressions;

namespace VersatileHub.Flow.Nodes.Logic;

/// <summary>
/// n8n's conditions, already evaluated for one item: the filter shape of If v2 / Switch v3
/// (<c>{ conditions: [{ leftValue, rightValue, operator: { type, operation } }], combinator, options }</c>) and the older
/// If v1 shape (<c>{ string: [{ value1, operation, value2 }], number: [...], boolean: [...] }</c> with <c>combineOperation</c>).
/// </summary>
internal static class Conditions
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    public static bool Hold(JsonNode? conditions, string? combineOperation = null)
    {
        if (conditions is not JsonObject shape)
        {
            return Truthy(conditions);
        }
        if (shape["conditions"] is JsonArray filter)
        {
            var caseSensitive = shape["options"]?["caseSensitive"] is not JsonValue sensitive || !sensitive.TryGetValue<bool>(out var cs) || cs;
            var any = string.Equals(Text(shape["combinator"]), "or", StringComparison.OrdinalIgnoreCase);
            var results = filter.OfType<JsonObject>().Select(c => FilterCondition(c, caseSensitive));
            return any ? results.Any(r => r) : results.All(r => r);
        }
        var legacy = new List<bool>();
        foreach (var (type, list) in shape)
        {
            if (list is not JsonArray rules)
            {
                continue;
            }
            foreach (var rule in rules.OfType<JsonObject>())
            {
                legacy.Add(LegacyCondition(type, rule));
            }
        }
        return string.Equals(combineOperation, "any", StringComparison.OrdinalIgnoreCase) ? legacy.Any(r => r) : legacy.All(r => r);
    }

    private static bool FilterCondition(JsonObject condition, bool caseSensitive)
    {
        var left = condition["leftValue"];
        var right = condition["rightValue"];
        var type = Text(condition["operator"]?["type"]) ?? "string";
        var operation = Text(condition["operator"]?["operation"]) ?? "equals";
        return Compare(type, operation, left, right, caseSensitive);
    }

    private static bool LegacyCondition(string type, JsonObject rule)
    {
        var operation = Text(rule["operation"]) ?? (type == "boolean" ? "equal" : "equal");
        var mapped = operation switch
        {
            "equal" => "equals",
            "notEqual" => "notEquals",
            "smaller" => "lt",
            "smallerEqual" => "lte",
            "larger" => "gt",
            "largerEqual" => "gte",
            "isEmpty" => "empty",
            "isNotEmpty" => "notEmpty",
            _ => operation,
        };
        return Compare(type, mapped, rule["value1"], rule["value2"], caseSensitive: true);
    }

    public static bool Compare(string type, string operation, JsonNode? left, JsonNode? right, bool caseSensitive)
    {
        switch (operation)
        {
            case "exists":
                return left is not null;
            case "notExists":
                return left is null;
            case "empty":
                return IsEmpty(left);
            case "notEmpty":
                return !IsEmpty(left);
            case "true":
                return Truthy(left);
            case "false":
                return !Truthy(left);
        }
        switch (type)
        {
            case "number":
                {
                    var (a, b) = (Number(left), Number(right));
                    return operation switch
                    {
                        "equals" => a == b,
                        "notEquals" => a != b,
                        "gt" => a > b,
                        "lt" => a < b,
                        "gte" => a >= b,
                        "lte" => a <= b,
                        _ => throw Unknown(type, operation),
                    };
                }
            case "dateTime":
                {
                    var (a, b) = (Date(left), Date(right));
                    return operation switch
                    {
                        "equals" => a == b,
                        "notEquals" => a != b,
                        "after" => a > b,
                        "before" => a < b,
                        "afterOrEquals" => a >= b,
                        "beforeOrEquals" => a <= b,
                        _ => throw Unknown(type, operation),
                    };
                }
            case "boolean":
                return operation switch
                {
                    "equals" => Truthy(left) == Truthy(right),
                    "notEquals" => Truthy(left) != Truthy(right),
                    _ => throw Unknown(type, operation),
                };
            case "array":
                {
                    var list = left as JsonArray ?? [];
                    return operation switch
                    {
                        "contains" => list.Any(item => JsonNode.DeepEquals(item, right) || Text(item) == Text(right)),
                        "notContains" => !list.Any(item => JsonNode.DeepEquals(item, right) || Text(item) == Text(right)),
                        "lengthEquals" => list.Count == Number(right),
                        "lengthNotEquals" => list.Count != Number(right),
                        "lengthGt" => list.Count > Number(right),
                        "lengthLt" => list.Count < Number(right),
                        "lengthGte" => list.Count >= Number(right),
                        "lengthLte" => list.Count <= Number(right),
                        _ => throw Unknown(type, operation),
                    };
                }
            default:
                {
                    var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
                    var (a, b) = (Text(left) ?? "", Text(right) ?? "");
                    return operation switch
                    {
                        "equals" => string.Equals(a, b, comparison),
                        "notEquals" => !string.Equals(a, b, comparison),
                        "contains" => a.Contains(b, comparison),
                        "notContains" => !a.Contains(b, comparison),
                        "startsWith" => a.StartsWith(b, comparison),
                        "notStartsWith" => !a.StartsWith(b, comparison),
                        "endsWith" => a.EndsWith(b, comparison),
                        "notEndsWith" => !a.EndsWith(b, comparison),
                        "regex" => Matches(a, b, caseSensitive),
                        "notRegex" => !Matches(a, b, caseSensitive),
                        _ => throw Unknown(type, operation),
                    };
                }
        }
    }

    private static bool Matches(string text, string pattern, bool caseSensitive)
    {
        // n8n accepts /pattern/flags as well as a bare pattern.
        var options = caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase;
        if (pattern.Length > 1 && pattern[0] == '/' && pattern.LastIndexOf('/') is > 0 and var end)
        {
            if (pattern[(end + 1)..].Contains('i', StringComparison.Ordinal))
            {
                options |= RegexOptions.IgnoreCase;
            }
            pattern = pattern[1..end];
        }
        try
        {
            return Regex.IsMatch(text, pattern, options, RegexTimeout);
        }
        catch (ArgumentException invalid)
        {
            throw new NodeFailedException($"The regular expression {pattern} is not valid: {invalid.Message}");
        }
        catch (RegexMatchTimeoutException)
        {
            throw new NodeFailedException($"The regular expression {pattern} took too long.");
        }
    }

    private static NodeFailedException Unknown(string type, string operation) =>
        new($"The operation {operation} does not apply to {type} values.");

    public static string? Text(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonValue value when value.GetValueKind() == JsonValueKind.True => "true",
            JsonValue value when value.GetValueKind() == JsonValueKind.False => "false",
            _ => node.ToJsonString(),
        };

    public static double Number(JsonNode? node) =>
        node switch
        {
            JsonValue value when JsonNumbers.TryGet(value, out var number) => number,
            JsonValue value when value.TryGetValue<string>(out var text)
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? 1 : 0,
            _ => double.NaN,
        };

    private static DateTimeOffset Date(JsonNode? node) =>
        Text(node) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new NodeFailedException($"{Text(node) ?? "null"} is not a date and time.");

    public static bool Truthy(JsonNode? node) =>
        node switch
        {
            null => false,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
            JsonValue value when JsonNumbers.TryGet(value, out var number) => number != 0 && !double.IsNaN(number),
            JsonValue value when value.TryGetValue<string>(out var text) => text.Length > 0 && text != "false",
            _ => true,
        };

    private static bool IsEmpty(JsonNode? node) =>
        node switch
        {
            null => true,
            JsonArray array => array.Count == 0,
            JsonObject obj => obj.Count == 0,
            JsonValue value when value.TryGetValue<string>(out var text) => text.Length == 0,
            _ => false,
        };
}
