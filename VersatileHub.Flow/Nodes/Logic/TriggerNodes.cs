using System.Text.Json.Nodes;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Logic;

/// <summary>Where a run starts: the trigger's items (the request, the event, the schedule's tick, the test input) pass on unchanged.</summary>
internal static class Triggers
{
    public static ValueTask<NodeOutcome> PassOn(NodeExecution execution) =>
        ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(execution.Items.Count > 0 ? execution.Items : [new JsonObject()]));

    /// <summary>Syntax errors in a text parameter's expressions, naming the field.</summary>
    public static IEnumerable<DefinitionError> CheckExpression(WorkflowNode node, string field)
    {
        if (Parameters.Text(node, field) is { } text && ExpressionEvaluator.Check(text) is { } error)
        {
            yield return new DefinitionError(node.Name, $"parameters.{field}", error);
        }
    }
}

/// <summary><c>manualTrigger</c>: a run started by hand (the API or the web app) with test input.</summary>
internal sealed class ManualTriggerNode : INodeType
{
    public string Type => NodeTypes.Manual;

    public NodeKind Kind => NodeKind.Trigger;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => [];

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) => Triggers.PassOn(execution);
}

/// <summary><c>scheduleTrigger</c>: a run per occurrence of its schedule, with the occurrence's time.</summary>
internal sealed class ScheduleTriggerNode : INodeType
{
    public string Type => NodeTypes.Schedule;

    public NodeKind Kind => NodeKind.Trigger;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => [];

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) => Triggers.PassOn(execution);
}

/// <summary><c>eventTrigger</c>: a run per matching event of the suite, whose item is the event's envelope.</summary>
internal sealed class EventTriggerNode : INodeType
{
    public string Type => NodeTypes.Event;

    public NodeKind Kind => NodeKind.Trigger;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        if (Parameters.Text(node, "event") is null)
        {
            yield return new DefinitionError(node.Name, "parameters.event", "Name the event type (e.g. appointment.created, or * for every event).");
        }
        foreach (var error in Triggers.CheckExpression(node, "filter"))
        {
            yield return error;
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) => Triggers.PassOn(execution);
}

/// <summary><c>errorTrigger</c>: starts a tenant's error workflow with the failed run's execution and workflow, as n8n's does.</summary>
internal sealed class ErrorTriggerNode : INodeType
{
    public string Type => NodeTypes.Error;

    public NodeKind Kind => NodeKind.Trigger;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => [];

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) => Triggers.PassOn(execution);
}

/// <summary>Reading a node's raw parameters at save time (before any expression is evaluated).</summary>
internal static class Parameters
{
    public static JsonNode? Raw(WorkflowNode node, string path)
    {
        JsonNode? current = node.Parameters;
        foreach (var part in path.Split('.'))
        {
            current = current is JsonObject obj && obj.TryGetPropertyValue(part, out var next) ? next : null;
        }
        return current;
    }

    public static string? Text(WorkflowNode node, string path) =>
        Raw(node, path) is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    public static bool IsExpression(string? text) => text is not null && text.Contains("{{", StringComparison.Ordinal);
}
