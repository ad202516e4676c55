using System.Text.Json.Nodes;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Import;

/// <summary>A node of the export Flow cannot run, by its name and n8n type, and why.</summary>
public sealed record UnsupportedNode(string Name, string Type, string Reason);

/// <summary>What an import changed or left out, per node (null for the workflow), so nothing is dropped silently.</summary>
public sealed record ImportNote(string? Node, string Message);

/// <summary>An n8n export read as a definition, or the nodes that keep it from importing.</summary>
public sealed record N8nImport(string? Name, WorkflowDefinition? Definition, IReadOnlyList<UnsupportedNode> Unsupported, IReadOnlyList<ImportNote> Notes);

/// <summary>
/// Reads a workflow exported from n8n (its JSON: <c>name</c>, <c>nodes</c>, <c>connections</c>, <c>settings</c>) as a
/// definition: <c>n8n-nodes-base.X</c> types become Flow's <c>X</c> where Flow has it, parameters are kept with n8n's
/// <c>=</c> expression marker removed, node settings carry over. A node Flow cannot run is reported by name and the
/// import refused; what is left out on purpose (credentials, sticky notes, pinned data, ...) is listed in the notes.
/// </summary>
public static class N8nImporter
{
    public const string BasePrefix = "n8n-nodes-base.";

    /// <summary>n8n's types Flow runs, by the n8n name after the prefix.</summary>
    private static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["manualTrigger"] = NodeTypes.Manual,
        ["webhook"] = NodeTypes.Webhook,
        ["scheduleTrigger"] = NodeTypes.Schedule,
        ["errorTrigger"] = NodeTypes.Error,
        ["if"] = NodeTypes.If,
        ["switch"] = NodeTypes.Switch,
        ["set"] = NodeTypes.Set,
        ["code"] = NodeTypes.Code,
        ["wait"] = NodeTypes.Wait,
        ["stopAndError"] = NodeTypes.StopAndError,
        ["noOp"] = NodeTypes.NoOp,
        ["respondToWebhook"] = NodeTypes.RespondToWebhook,
        ["httpRequest"] = NodeTypes.HttpRequest,
    };

    /// <summary>Node fields that only place or describe the node in n8n's editor.</summary>
    private static readonly HashSet<string> Cosmetic = new(StringComparer.Ordinal) { "id", "name", "type", "typeVersion", "position", "parameters", "notes", "notesInFlow", "webhookId", "color" };

    public static N8nImport Read(JsonObject export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var unsupported = new List<UnsupportedNode>();
        var notes = new List<ImportNote>();
        var nodes = new List<WorkflowNode>();
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        var name = export["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : null;

        foreach (var raw in export["nodes"] as JsonArray ?? [])
        {
            if (raw is not JsonObject node || Text(node["name"]) is not { } nodeName)
            {
                unsupported.Add(new UnsupportedNode("", "", "Un nodo sin nombre. / A node without a name."));
                continue;
            }
            var type = Text(node["type"]) ?? "";
            if (type == BasePrefix + "stickyNote")
            {
                skipped.Add(nodeName);
                notes.Add(new(nodeName, "Nota adhesiva del lienzo de n8n: no es un paso y no se importa. / A sticky note of n8n's canvas: not a step, not imported."));
                continue;
            }
            if (!type.StartsWith(BasePrefix, StringComparison.Ordinal) || !Types.TryGetValue(type[BasePrefix.Length..], out var flowType))
            {
                unsupported.Add(new UnsupportedNode(nodeName, type,
                    "Flow no tiene este tipo de nodo; reemplazalo por un httpRequest o un code. / Flow has no such node type; replace it with an httpRequest or a code node."));
                continue;
            }
            var parameters = Unmark(node["parameters"] as JsonObject ?? []) as JsonObject ?? [];
            if (ModeProblem(flowType, parameters) is { } problem)
            {
                unsupported.Add(new UnsupportedNode(nodeName, type, problem));
                continue;
            }
            nodes.Add(ReadNode(node, nodeName, flowType, parameters, notes));
        }

        var connections = ReadConnections(export["connections"] as JsonObject ?? [], skipped, notes);
        var settings = ReadSettings(export["settings"] as JsonObject ?? [], notes);
        if (export["pinData"] is JsonObject { Count: > 0 })
        {
            notes.Add(new(null, "Los datos fijados (pinData) de n8n no se importan: son de prueba del editor. / n8n's pinned data is not imported: it is editor test data."));
        }
        if (export["active"] is JsonValue active && active.TryGetValue<bool>(out var wasActive) && wasActive)
        {
            notes.Add(new(null, "Estaba activo en n8n; se importa inactivo: revisalo y activalo. / It was active in n8n; it is imported inactive: review it, then activate it."));
        }

        return unsupported.Count > 0
            ? new N8nImport(name, null, unsupported, notes)
            : new N8nImport(name, new WorkflowDefinition { Nodes = nodes, Connections = connections, Settings = settings }, [], notes);
    }

    private static WorkflowNode ReadNode(JsonObject node, string name, string type, JsonObject parameters, List<ImportNote> notes)
    {
        var onError = Text(node["onError"]);
        var continueOnFail = Bool(node["continueOnFail"]) || onError is "continueRegularOutput" or "continueErrorOutput";
        if (onError == "continueErrorOutput")
        {
            notes.Add(new(name, "«On error: continue (using error output)» pasa a continuar por la salida normal: Flow no tiene salida de error. / «continue using error output» becomes continuing on the regular output: Flow has no error output."));
        }
        foreach (var (key, _) in node)
        {
            if (!Cosmetic.Contains(key) && key is not ("disabled" or "retryOnFail" or "maxTries" or "waitBetweenTries" or "continueOnFail" or "onError"))
            {
                notes.Add(new(name, key == "credentials"
                    ? "Las credenciales de n8n no viajan en la exportación: guardá el secreto como variable secreta y usalo con {{ $vars.Nombre }}. / n8n's credentials are not in the export: keep the secret as a secret variable and use it as {{ $vars.Name }}."
                    : $"«{key}» no tiene equivalente en Flow y no se importa. / «{key}» has no equivalent in Flow and is not imported."));
            }
        }
        if (type == NodeTypes.Webhook && Text(parameters["authentication"]) is { } authentication and not "none")
        {
            notes.Add(new(name, $"La autenticación «{authentication}» de n8n no se importa: configurá el secreto del webhook en Flow. / n8n's «{authentication}» authentication is not imported: set the webhook's secret in Flow."));
        }
        return new WorkflowNode
        {
            Id = Text(node["id"]) ?? "",
            Name = name,
            Type = type,
            Parameters = parameters,
            Disabled = Bool(node["disabled"]),
            RetryOnFail = Bool(node["retryOnFail"]),
            MaxTries = Int(node["maxTries"]) ?? 3,
            WaitBetweenTries = Int(node["waitBetweenTries"]) ?? 1000,
            ContinueOnFail = continueOnFail,
        };
    }

    /// <summary>Modes of supported nodes Flow does not run: the node is reported rather than imported half-working.</summary>
    private static string? ModeProblem(string type, JsonObject parameters) =>
        type switch
        {
            NodeTypes.Code when Text(parameters["language"]) is { } language and not "javaScript" =>
                $"Flow ejecuta código JavaScript, no «{language}». / Flow runs JavaScript code, not «{language}».",
            NodeTypes.Wait when Text(parameters["resume"]) is "webhook" or "form" =>
                "Una espera que se reanuda por webhook o formulario no existe en Flow; esperá un tiempo o hasta una fecha. / A wait resumed by a webhook or form does not exist in Flow; wait for a time or until a date.",
            NodeTypes.Switch when Text(parameters["mode"]) is "expression" && parameters["output"] is null =>
                "Un switch en modo expresión necesita «output». / A switch in expression mode needs «output».",
            _ => null,
        };

    private static Dictionary<string, NodeConnections> ReadConnections(JsonObject raw, HashSet<string> skipped, List<ImportNote> notes)
    {
        var connections = new Dictionary<string, NodeConnections>(StringComparer.Ordinal);
        foreach (var (source, value) in raw)
        {
            if (skipped.Contains(source) || value is not JsonObject byType)
            {
                continue;
            }
            var main = new List<IReadOnlyList<NodeConnection>>();
            foreach (var output in byType["main"] as JsonArray ?? [])
            {
                main.Add((output as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .Select(target => new NodeConnection(Text(target["node"]) ?? "", Text(target["type"]) ?? "main", Int(target["index"]) ?? 0))
                    .ToList());
            }
            foreach (var (kind, _) in byType.Where(k => k.Key != "main"))
            {
                notes.Add(new(source, $"Las conexiones «{kind}» (nodos de IA de n8n) no existen en Flow. / «{kind}» connections (n8n's AI nodes) do not exist in Flow."));
            }
            connections[source] = new NodeConnections { Main = main };
        }
        return connections;
    }

    private static WorkflowSettings ReadSettings(JsonObject settings, List<ImportNote> notes)
    {
        if (Text(settings["errorWorkflow"]) is not null)
        {
            notes.Add(new(null, "El workflow de error de n8n no se importa (otro id): elegilo en settings.errorWorkflow. / n8n's error workflow is not imported (another id): choose it in settings.errorWorkflow."));
        }
        return new WorkflowSettings { TimeZone = Text(settings["timezone"]) is { } zone and not "DEFAULT" ? zone : null };
    }

    /// <summary>n8n marks an expression parameter with a leading <c>=</c> (<c>"={{ $json.id }}"</c>); Flow reads <c>{{ }}</c> anywhere.</summary>
    private static JsonNode? Unmark(JsonNode? value) =>
        value switch
        {
            JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Unmark(p.Value)))),
            JsonArray array => new JsonArray(array.Select(Unmark).ToArray()),
            JsonValue text when text.TryGetValue<string>(out var s) && s.StartsWith('=') => JsonValue.Create(s[1..]),
            null => null,
            _ => value.DeepClone(),
        };

    private static string? Text(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static bool Bool(JsonNode? value) => value is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static int? Int(JsonNode? value) =>
        value is JsonValue v && (v.TryGetValue<int>(out var i) ? i : v.TryGetValue<double>(out var d) ? (int)d : (int?)null) is { } n ? n : null;
}
