using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Triggers.Events;

/// <summary>
/// An enabled <c>eventTrigger</c> node of an active workflow, listening for one event type (<c>message.created</c>), a
/// family (<c>appointment.*</c>) or every event (<c>*</c>) of its tenant, optionally only when its filter holds.
/// </summary>
public sealed partial class EventSubscription : ITenantOwned
{
    private EventSubscription()
    {
    }

    public Guid WorkflowId { get; private set; }

    public string NodeName { get; private set; } = "";

    public int TenantId { get; private set; }

    public string EventType { get; private set; } = "";

    /// <summary>A JavaScript expression over <c>$event</c>, the envelope; null to take every event of the type.</summary>
    public string? Filter { get; private set; }

    public static EventSubscription For(Guid workflowId, string nodeName, string eventType, string? filter) =>
        new() { WorkflowId = workflowId, NodeName = nodeName, EventType = eventType, Filter = filter };

    public void Change(string eventType, string? filter) => (EventType, Filter) = (eventType, filter);

    /// <summary>The patterns a subscription may hold that take <paramref name="eventType"/>: itself, each dotted family, and <c>*</c>.</summary>
    public static string[] PatternsFor(string eventType)
    {
        var patterns = new List<string> { eventType, "*" };
        for (var dot = eventType.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = eventType.IndexOf('.', dot + 1))
        {
            patterns.Add(string.Concat(eventType.AsSpan(0, dot), ".*"));
        }
        return [.. patterns];
    }

    /// <summary>The event pattern and filter of an event trigger node, or the errors naming the field.</summary>
    public static (string EventType, string? Filter)? Read(WorkflowNode node, List<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(errors);
        var eventType = Text(node.Parameters["event"]);
        var valid = true;
        if (eventType is null || eventType.Length > 200 || !Pattern().IsMatch(eventType))
        {
            errors.Add(new(node.Name, "parameters.event",
                "Nombrá el tipo de evento (p. ej. «appointment.created»), una familia («appointment.*») o «*». / Name the event type (e.g. «appointment.created»), a family («appointment.*») or «*»."));
            valid = false;
        }
        var filter = Text(node.Parameters["filter"]);
        if (filter is not null && ExpressionEvaluator.Check(filter.Contains("{{", StringComparison.Ordinal) ? filter : $"{{{{ {filter} }}}}") is { } problem)
        {
            errors.Add(new(node.Name, "parameters.filter", $"El filtro no es una expresión válida: {problem} / The filter is not a valid expression: {problem}"));
            valid = false;
        }
        return valid ? (eventType!, filter) : null;
    }

    private static string? Text(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    [GeneratedRegex(@"^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$")]
    private static partial Regex Pattern();
}
