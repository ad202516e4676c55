using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes;

/// <summary>Evaluates a raw parameter value (which may hold <c>{{ expressions }}</c>) for the input item at an index.</summary>
public delegate JsonNode? ParameterEvaluator(JsonNode? raw, int item);

/// <summary>One execution of one node in one run: its input items and parameters, and who it runs for.</summary>
public sealed class NodeExecution(
    WorkflowNode node,
    IReadOnlyList<JsonObject> items,
    int tenantId,
    Guid workflowId,
    Guid runId,
    string idempotencyKey,
    IServiceProvider services,
    ParameterEvaluator evaluate)
{
    public WorkflowNode Node { get; } = node;

    public IReadOnlyList<JsonObject> Items { get; } = items;

    public int TenantId { get; } = tenantId;

    public Guid WorkflowId { get; } = workflowId;

    public Guid RunId { get; } = runId;

    /// <summary>Stable across retries and across a resume after a crash: the same node in the same run gets the same key.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;

    /// <summary>The run's scope: the tenant is already set on its <c>CurrentTenant</c>.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>The parameter at <paramref name="path"/> (dot-separated inside <c>parameters</c>, numbers index arrays), evaluated for item <paramref name="item"/>.</summary>
    public JsonNode? Parameter(string path, int item = 0) => evaluate(Raw(path), item);

    /// <summary>The parameter as text, or null when absent or empty.</summary>
    public string? Text(string path, int item = 0) =>
        Parameter(path, item) switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrEmpty(text) ? null : text,
            var other => other.ToJsonString(),
        };

    /// <summary>The parameter as text, failing the node with the field's name when it is missing.</summary>
    public string RequiredText(string path, int item = 0) =>
        Text(path, item) ?? throw new NodeFailedException($"parameters.{path} is required.");

    private JsonNode? Raw(string path)
    {
        JsonNode? current = Node.Parameters;
        foreach (var part in path.Split('.'))
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(part, out var next) => next,
                JsonArray array when int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                    && index < array.Count => array[index],
                _ => null,
            };
        }
        return current;
    }
}
