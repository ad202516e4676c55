using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Logic;

/// <summary>
/// <c>set</c>: writes fields on each item. n8n's shapes: <c>assignments.assignments</c> (<c>name</c>, <c>value</c>,
/// <c>type</c>: string, number, boolean, array, object) with <c>includeOtherFields</c> (false: the item holds only the set
/// fields); <c>mode: raw</c> with <c>jsonOutput</c>; and the older <c>values.string|number|boolean</c> with
/// <c>keepOnlySet</c>. Names with dots set nested fields unless <c>options.dotNotation</c> is false.
/// </summary>
internal sealed class SetNode : INodeType
{
    public string Type => NodeTypes.Set;

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        if (Parameters.Text(node, "mode") == "raw")
        {
            if (Parameters.Text(node, "jsonOutput") is not { } json)
            {
                yield return new DefinitionError(node.Name, "parameters.jsonOutput", "Give the JSON object each item becomes.");
            }
            else if (!Parameters.IsExpression(json) && !IsJsonObject(json))
            {
                yield return new DefinitionError(node.Name, "parameters.jsonOutput", "This is not a JSON object.");
            }
            yield break;
        }
        if (Parameters.Raw(node, "assignments.assignments") is JsonArray assignments)
        {
            for (var i = 0; i < assignments.Count; i++)
            {
                if (Conditions.Text(assignments[i]?["name"]) is not { Length: > 0 })
                {
                    yield return new DefinitionError(node.Name, $"parameters.assignments.assignments[{i}].name", "Name the field to set.");
                }
            }
        }
        else if (Parameters.Raw(node, "values") is not JsonObject)
        {
            yield return new DefinitionError(node.Name, "parameters.assignments", "Give the fields to set (assignments.assignments).");
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var node = execution.Node;
        var dots = Parameters.Raw(node, "options.dotNotation") is not JsonValue dotValue || !dotValue.TryGetValue<bool>(out var d) || d;
        var results = new List<JsonObject>(execution.Items.Count);
        for (var i = 0; i < execution.Items.Count; i++)
        {
            var item = execution.Items[i];
            if (Parameters.Text(node, "mode") == "raw")
            {
                var raw = execution.Parameter("jsonOutput", i);
                var parsed = raw is JsonValue text && text.TryGetValue<string>(out var json) ? Parse(json) : raw;
                var fields = parsed as JsonObject ?? throw new NodeFailedException("parameters.jsonOutput must give a JSON object.");
                var merged = Conditions.Truthy(execution.Parameter("includeOtherFields", i)) ? (JsonObject)item.DeepClone() : [];
                foreach (var (name, value) in fields.ToList())
                {
                    fields.Remove(name);
                    merged[name] = value;
                }
                results.Add(merged);
                continue;
            }
            if (execution.Parameter("assignments.assignments", i) is JsonArray assignments)
            {
                var result = Conditions.Truthy(execution.Parameter("includeOtherFields", i)) ? (JsonObject)item.DeepClone() : [];
                foreach (var assignment in assignments.OfType<JsonObject>())
                {
                    var name = Conditions.Text(assignment["name"]) ?? throw new NodeFailedException("An assignment has no name.");
                    Write(result, name, Convert(name, assignment["value"], Conditions.Text(assignment["type"]) ?? "string"), dots);
                }
                results.Add(result);
                continue;
            }
            var values = execution.Parameter("values", i) as JsonObject ?? [];
            var kept = Conditions.Truthy(execution.Parameter("keepOnlySet", i)) ? [] : (JsonObject)item.DeepClone();
            foreach (var (type, list) in values)
            {
                foreach (var entry in (list as JsonArray ?? []).OfType<JsonObject>())
                {
                    var name = Conditions.Text(entry["name"]) ?? throw new NodeFailedException("A value has no name.");
                    Write(kept, name, Convert(name, entry["value"], type), dots);
                }
            }
            results.Add(kept);
        }
        return ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(results));
    }

    private static JsonNode? Convert(string name, JsonNode? value, string type)
    {
        var detached = value?.Parent is null ? value : value.DeepClone();
        switch (type)
        {
            case "number":
                var number = Conditions.Number(detached);
                if (detached is null)
                {
                    return null;
                }
                return double.IsNaN(number)
                    ? throw new NodeFailedException($"{name}: {Conditions.Text(detached)} is not a number.")
                    : number == Math.Floor(number) && Math.Abs(number) < 9e15 ? JsonValue.Create((long)number) : JsonValue.Create(number);
            case "boolean":
                return detached is null ? null : JsonValue.Create(Conditions.Truthy(detached));
            case "array" or "object":
                if (detached is JsonValue text && text.TryGetValue<string>(out var json))
                {
                    var parsed = Parse(json);
                    return (type == "array" ? parsed is JsonArray : parsed is JsonObject)
                        ? parsed
                        : throw new NodeFailedException($"{name}: this is not a JSON {type}.");
                }
                return detached;
            default:
                return detached switch
                {
                    null => null,
                    JsonValue v when v.TryGetValue<string>(out _) => v,
                    JsonValue v => JsonValue.Create(Conditions.Text(v)),
                    _ => JsonValue.Create(detached.ToJsonString()),
                };
        }
    }

    /// <summary>Sets <paramref name="name"/> on <paramref name="target"/>; <c>a.b</c> sets field b of object a, made when missing.</summary>
    private static void Write(JsonObject target, string name, JsonNode? value, bool dots)
    {
        if (!dots || !name.Contains('.', StringComparison.Ordinal))
        {
            target[name] = value;
            return;
        }
        var parts = name.Split('.');
        var current = target;
        foreach (var part in parts[..^1])
        {
            if (current[part] is not JsonObject next)
            {
                next = [];
                current[part] = next;
            }
            current = next;
        }
        current[parts[^1]] = value;
    }

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException invalid)
        {
            throw new NodeFailedException($"This is not valid JSON: {invalid.Message}");
        }
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
