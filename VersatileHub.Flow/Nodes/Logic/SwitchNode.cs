using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Logic;

/// <summary>
/// <c>switch</c>: routes each item to an output. n8n's shapes: rules mode (<c>rules.values[i].conditions</c>, output i for
/// the first rule that holds, or every one with <c>options.allMatchingOutputs</c>; <c>options.fallbackOutput</c>
/// <c>extra</c> adds an output for the rest, a number sends them there, <c>none</c> drops them), expression mode
/// (<c>output</c> evaluates to the index, <c>numberOutputs</c>), and the older <c>value1</c> + <c>rules.rules</c>
/// (<c>operation</c>, <c>value2</c>, <c>output</c>) with <c>dataType</c> and <c>fallbackOutput</c>.
/// </summary>
internal sealed class SwitchNode : INodeType
{
    public string Type => NodeTypes.Switch;

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        var mode = Parameters.Text(node, "mode") ?? "rules";
        if (mode == "expression")
        {
            if (Parameters.Raw(node, "output") is null)
            {
                yield return new DefinitionError(node.Name, "parameters.output", "Give the expression that computes the output index.");
            }
        }
        else if (mode != "rules")
        {
            yield return new DefinitionError(node.Name, "parameters.mode", "Use rules or expression.");
        }
        else if (Parameters.Raw(node, "rules.values") is not JsonArray && Parameters.Raw(node, "rules.rules") is not JsonArray)
        {
            yield return new DefinitionError(node.Name, "parameters.rules", "Give the rules, one per output (rules.values).");
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var node = execution.Node;
        var mode = Parameters.Text(node, "mode") ?? "rules";
        List<List<JsonObject>> outputs;
        if (mode == "expression")
        {
            var count = (int)Math.Max(1, Conditions.Number(execution.Parameter("numberOutputs")) is var n && double.IsNaN(n) ? 4 : n);
            outputs = Outputs(count);
            for (var i = 0; i < execution.Items.Count; i++)
            {
                var index = Conditions.Number(execution.Parameter("output", i));
                if (double.IsNaN(index) || index < 0 || index >= count || index != Math.Floor(index))
                {
                    throw new NodeFailedException($"parameters.output gave {index} for item {i}; it must be an output from 0 to {count - 1}.");
                }
                outputs[(int)index].Add(execution.Items[i]);
            }
        }
        else if (Parameters.Raw(node, "rules.values") is JsonArray rules)
        {
            var fallback = Parameters.Raw(node, "options.fallbackOutput");
            var extra = Conditions.Text(fallback) == "extra";
            var all = Conditions.Truthy(Parameters.Raw(node, "options.allMatchingOutputs"));
            outputs = Outputs(rules.Count + (extra ? 1 : 0));
            for (var i = 0; i < execution.Items.Count; i++)
            {
                var matched = false;
                for (var r = 0; r < rules.Count; r++)
                {
                    if (Conditions.Hold(execution.Parameter($"rules.values.{r}.conditions", i)))
                    {
                        outputs[r].Add(execution.Items[i]);
                        matched = true;
                        if (!all)
                        {
                            break;
                        }
                    }
                }
                if (!matched)
                {
                    Fallback(outputs, fallback, extra, execution.Items[i]);
                }
            }
        }
        else
        {
            var legacy = Parameters.Raw(node, "rules.rules") as JsonArray ?? [];
            var type = Parameters.Text(node, "dataType") ?? "number";
            var fallback = Parameters.Raw(node, "fallbackOutput");
            var highest = legacy.OfType<JsonObject>().Select(r => (int)Math.Max(0, Conditions.Number(r["output"]) is var o && double.IsNaN(o) ? 0 : o))
                .DefaultIfEmpty(0).Max();
            var fallbackIndex = Conditions.Number(fallback);
            outputs = Outputs(Math.Max(highest, double.IsNaN(fallbackIndex) ? 0 : (int)fallbackIndex) + 1);
            for (var i = 0; i < execution.Items.Count; i++)
            {
                var value1 = execution.Parameter("value1", i);
                var matched = false;
                for (var r = 0; r < legacy.Count; r++)
                {
                    var rule = execution.Parameter($"rules.rules.{r}", i) as JsonObject ?? [];
                    var operation = Conditions.Text(rule["operation"]) ?? "equal";
                    var mapped = operation switch
                    {
                        "equal" => "equals",
                        "notEqual" => "notEquals",
                        "smaller" => "lt",
                        "smallerEqual" => "lte",
                        "larger" => "gt",
                        "largerEqual" => "gte",
                        _ => operation,
                    };
                    if (Conditions.Compare(type, mapped, value1, rule["value2"], caseSensitive: true))
                    {
                        outputs[(int)Conditions.Number(rule["output"])].Add(execution.Items[i]);
                        matched = true;
                        break;
                    }
                }
                if (!matched && !double.IsNaN(fallbackIndex) && fallbackIndex >= 0)
                {
                    outputs[(int)fallbackIndex].Add(execution.Items[i]);
                }
            }
        }
        return ValueTask.FromResult<NodeOutcome>(new NodeOutcome.Completed([.. outputs]));
    }

    private static void Fallback(List<List<JsonObject>> outputs, JsonNode? fallback, bool extra, JsonObject item)
    {
        if (extra)
        {
            outputs[^1].Add(item);
        }
        else if (Conditions.Number(fallback) is var index && !double.IsNaN(index) && index >= 0 && index < outputs.Count)
        {
            outputs[(int)index].Add(item);
        }
    }

    private static List<List<JsonObject>> Outputs(int count) => [.. Enumerable.Range(0, count).Select(_ => new List<JsonObject>())];
}
