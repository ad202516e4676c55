using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Triggers.Events;
using VersatileHub.Flow.Triggers.Schedules;

namespace VersatileHub.Flow.Workflows;

/// <summary>
/// Decides whether a definition may be saved: its shape, unique node names, known node types and each type's own
/// parameter checks, the expressions in every string parameter, connections between existing nodes, and the trigger
/// rules. Every problem is a <see cref="DefinitionError"/> naming the node and the field, all of them at once.
/// </summary>
public sealed class DefinitionValidator(NodeRegistry registry, IOptions<ScheduleOptions> schedules)
{
    public const int MaxNodes = 500;
    public const int MaxNameLength = 200;
    public const int MaxTries = 10;
    public const int MaxWaitBetweenTries = 300_000;

    /// <summary>Triggers that start runs by themselves once the workflow is active (manual and error triggers need no activation).</summary>
    public static readonly IReadOnlySet<string> LiveTriggers = new HashSet<string>(StringComparer.Ordinal) { NodeTypes.Webhook, NodeTypes.Schedule, NodeTypes.Event };

    private static readonly IReadOnlySet<string> TriggerTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        NodeTypes.Manual, NodeTypes.Webhook, NodeTypes.Schedule, NodeTypes.Event, NodeTypes.Error,
    };

    /// <summary>Reads a definition written as JSON (<c>nodes</c>, <c>connections</c>, <c>settings</c>) and validates it.</summary>
    public (WorkflowDefinition? Definition, IReadOnlyList<DefinitionError> Errors) Read(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new List<DefinitionError>();
        var nodes = new List<WorkflowNode>();
        if (body["nodes"] is not JsonArray rawNodes)
        {
            errors.Add(new(null, "nodes", "Falta la lista de nodos. / The list of nodes is missing."));
            rawNodes = [];
        }
        for (var i = 0; i < rawNodes.Count; i++)
        {
            if (ReadNode(rawNodes[i], i, errors) is { } node)
            {
                nodes.Add(node);
            }
        }

        var connections = new Dictionary<string, NodeConnections>(StringComparer.Ordinal);
        switch (body["connections"])
        {
            case null:
                break;
            case JsonObject rawConnections:
                foreach (var (source, value) in rawConnections)
                {
                    if (Deserialize<NodeConnections>(value, source, "connections", errors) is not { } parsed)
                    {
                        continue;
                    }
                    if (parsed.Main is null)
                    {
                        errors.Add(new(source, "connections.main", "Las salidas van en «main», una lista por salida. / Outputs go in «main», one list per output."));
                        continue;
                    }
                    // An output written as null feeds nothing.
                    connections[source] = parsed with { Main = parsed.Main.Select(targets => targets ?? []).ToList() };
                }
                break;
            default:
                errors.Add(new(null, "connections", "Las conexiones van en un objeto por nombre de nodo. / Connections are an object keyed by node name."));
                break;
        }

        var settings = body["settings"] is null ? new WorkflowSettings() : Deserialize<WorkflowSettings>(body["settings"], null, "settings", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var definition = new WorkflowDefinition { Nodes = nodes, Connections = connections, Settings = settings ?? new() };
        var problems = Validate(definition);
        return (problems.Count == 0 ? definition : null, problems);
    }

    /// <summary>Every reason <paramref name="definition"/> cannot be saved; empty when it can.</summary>
    public IReadOnlyList<DefinitionError> Validate(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<DefinitionError>();
        if (definition.Nodes.Count == 0)
        {
            errors.Add(new(null, "nodes", "Un workflow necesita al menos un nodo disparador. / A workflow needs at least a trigger node."));
            return errors;
        }
        if (definition.Nodes.Count > MaxNodes)
        {
            errors.Add(new(null, "nodes", $"Un workflow tiene hasta {MaxNodes} nodos. / A workflow has at most {MaxNodes} nodes."));
            return errors;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in definition.Nodes)
        {
            CheckNode(node, names, errors);
        }
        CheckConnections(definition, errors);
        CheckTriggers(definition, errors);
        CheckSettings(definition.Settings, errors);

        // A node type's own checks may repeat one of the trigger rules: keep the first word on each spot.
        return errors.DistinctBy(e => (e.Node, e.Field ?? e.Message)).ToList();
    }

    /// <summary>Why <paramref name="definition"/> cannot be made active: it has no enabled webhook, schedule or event trigger.</summary>
    public static DefinitionError? CheckActivatable(WorkflowDefinition definition) =>
        definition.Nodes.Any(n => !n.Disabled && LiveTriggers.Contains(n.Type))
            ? null
            : new DefinitionError(null, "nodes",
                "Para activarlo hace falta un disparador webhook, de horario o de evento habilitado (los manuales y de error no se activan). / Activating needs an enabled webhook, schedule or event trigger (manual and error triggers need no activation).");

    /// <summary>Whether nodes of <paramref name="type"/> start runs rather than receive items.</summary>
    public bool IsTrigger(string type) => registry.Find(type)?.Kind == NodeKind.Trigger || TriggerTypes.Contains(type);

    private static WorkflowNode? ReadNode(JsonNode? raw, int index, List<DefinitionError> errors)
    {
        var at = $"nodes[{index}]";
        if (raw is not JsonObject obj)
        {
            errors.Add(new(null, at, "Cada nodo es un objeto con «name», «type» y «parameters». / Each node is an object with «name», «type» and «parameters»."));
            return null;
        }
        var name = obj["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new(null, $"{at}.name", "Cada nodo necesita un nombre. / Every node needs a name."));
            return null;
        }
        if (obj["type"] is not JsonValue t || !t.TryGetValue<string>(out var type) || string.IsNullOrWhiteSpace(type))
        {
            errors.Add(new(name, "type", "Falta el tipo del nodo. / The node's type is missing."));
            return null;
        }
        if (obj["parameters"] is not (null or JsonObject))
        {
            errors.Add(new(name, "parameters", "Los parámetros van en un objeto. / Parameters are an object."));
            return null;
        }
        // "parameters": null reads as no parameters.
        return Deserialize<WorkflowNode>(obj, name, null, errors) is { } node ? node with { Parameters = node.Parameters ?? [] } : null;
    }

    private static T? Deserialize<T>(JsonNode? raw, string? node, string? prefix, List<DefinitionError> errors) where T : class
    {
        try
        {
            return raw.Deserialize<T>(WorkflowDefinition.Json) ?? throw new JsonException("null", "$", null, null);
        }
        catch (JsonException ex)
        {
            var path = ex.Path is null or "$" ? null : ex.Path.TrimStart('$', '.');
            var field = (prefix, path) switch
            {
                (null, null) => null,
                (null, _) => path,
                (_, null) => prefix,
                _ => $"{prefix}.{path}",
            };
            errors.Add(new(node, field ?? prefix, $"Valor con forma inesperada. / A value of the wrong shape. ({ex.Message.Split(". Path:")[0]})"));
            return null;
        }
    }

    private void CheckNode(WorkflowNode node, HashSet<string> names, List<DefinitionError> errors)
    {
        if (string.IsNullOrWhiteSpace(node.Name) || node.Name.Length > MaxNameLength || node.Name != node.Name.Trim())
        {
            errors.Add(new(node.Name, "name", $"El nombre va sin espacios al borde y con hasta {MaxNameLength} caracteres. / A name has no surrounding spaces and up to {MaxNameLength} characters."));
        }
        if (!names.Add(node.Name))
        {
            errors.Add(new(node.Name, "name", $"Hay dos nodos llamados «{node.Name}»; los nombres son únicos. / Two nodes are named «{node.Name}»; names are unique."));
        }
        if (node.MaxTries is < 1 or > MaxTries)
        {
            errors.Add(new(node.Name, "maxTries", $"Entre 1 y {MaxTries} intentos. / From 1 to {MaxTries} tries."));
        }
        if (node.WaitBetweenTries is < 0 or > MaxWaitBetweenTries)
        {
            errors.Add(new(node.Name, "waitBetweenTries", $"Entre 0 y {MaxWaitBetweenTries} ms. / From 0 to {MaxWaitBetweenTries} ms."));
        }
        CheckExpressions(node.Name, "parameters", node.Parameters, errors);

        if (registry.Find(node.Type) is not { } type)
        {
            errors.Add(new(node.Name, "type",
                $"«{node.Type}» no es un tipo de nodo conocido. Tipos: {string.Join(", ", registry.Names.Order(StringComparer.Ordinal))}. / «{node.Type}» is not a known node type."));
            return;
        }
        try
        {
            errors.AddRange(type.Validate(node).Select(e => e with { Node = e.Node ?? node.Name }));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            errors.Add(new(node.Name, "parameters", $"Los parámetros no se pudieron revisar: {ex.Message} / The parameters could not be checked: {ex.Message}"));
        }
    }

    private static void CheckExpressions(string node, string path, JsonNode? value, List<DefinitionError> errors)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    CheckExpressions(node, $"{path}.{key}", child, errors);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckExpressions(node, $"{path}[{i}]", array[i], errors);
                }
                break;
            case JsonValue text when text.TryGetValue<string>(out var s) && s.Contains("{{", StringComparison.Ordinal):
                if (ExpressionEvaluator.Check(s) is { } problem)
                {
                    errors.Add(new(node, path, $"Expresión inválida: {problem} / Invalid expression: {problem}"));
                }
                break;
        }
    }

    private void CheckConnections(WorkflowDefinition definition, List<DefinitionError> errors)
    {
        foreach (var (source, connections) in definition.Connections)
        {
            if (definition.Node(source) is null)
            {
                errors.Add(new(null, $"connections.{source}", $"Las conexiones salen de «{source}», que no es un nodo. / Connections leave «{source}», which is no node."));
                continue;
            }
            for (var output = 0; output < connections.Main.Count; output++)
            {
                var targets = connections.Main[output];
                for (var j = 0; j < targets.Count; j++)
                {
                    var field = $"connections.main[{output}][{j}]";
                    var target = targets[j];
                    if (target is null || definition.Node(target.Node) is not { } targetNode)
                    {
                        errors.Add(new(source, $"{field}.node", $"«{target?.Node}» no es un nodo de este workflow. / «{target?.Node}» is not a node of this workflow."));
                    }
                    else if (IsTrigger(targetNode.Type))
                    {
                        errors.Add(new(source, $"{field}.node", $"«{target.Node}» es un disparador: no recibe ítems. / «{target.Node}» is a trigger: it takes no input."));
                    }
                    if (target is not null && target.Type != "main")
                    {
                        errors.Add(new(source, $"{field}.type", "Solo hay conexiones «main». / Only «main» connections exist."));
                    }
                    if (target is not null && target.Index != 0)
                    {
                        errors.Add(new(source, $"{field}.index", "Cada nodo tiene una sola entrada, la 0. / Every node has one input, 0."));
                    }
                }
            }
        }
    }

    private void CheckTriggers(WorkflowDefinition definition, List<DefinitionError> errors)
    {
        if (!definition.Nodes.Any(n => IsTrigger(n.Type)))
        {
            errors.Add(new(null, "nodes",
                "Falta un disparador (manualTrigger, webhook, scheduleTrigger, eventTrigger o errorTrigger). / A trigger is missing (manualTrigger, webhook, scheduleTrigger, eventTrigger or errorTrigger)."));
        }

        var routes = new Dictionary<(string Method, string Path), string>();
        foreach (var node in definition.Nodes)
        {
            switch (node.Type)
            {
                case NodeTypes.Webhook:
                    if (WebhookRoute.Read(node, errors) is { } route && !node.Disabled && !routes.TryAdd((route.Method, route.Path), node.Name))
                    {
                        errors.Add(new(node.Name, "parameters.path",
                            $"«{routes[(route.Method, route.Path)]}» ya atiende {route.Method} /{route.Path}. / «{routes[(route.Method, route.Path)]}» already answers {route.Method} /{route.Path}."));
                    }
                    break;
                case NodeTypes.Schedule:
                    ScheduleRule.Read(node, definition.Settings.TimeZone, schedules.Value.DefaultTimeZone, errors);
                    break;
                case NodeTypes.Event:
                    EventSubscription.Read(node, errors);
                    break;
            }
        }
    }

    private static void CheckSettings(WorkflowSettings settings, List<DefinitionError> errors)
    {
        if (settings.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add(new(null, "settings.timeZone", $"«{zone}» no es una zona horaria IANA. / «{zone}» is not an IANA time zone."));
        }
        if (settings.MaxConcurrency is < 1 or > 1_000)
        {
            errors.Add(new(null, "settings.maxConcurrency", "Entre 1 y 1000 ejecuciones a la vez. / From 1 to 1000 runs at once."));
        }
    }
}
