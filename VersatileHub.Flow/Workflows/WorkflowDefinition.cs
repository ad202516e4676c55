using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VersatileHub.Flow.Workflows;

/// <summary>
/// A workflow as its author writes it, in n8n's shape: <c>nodes</c>, and <c>connections</c> keyed by the source node's
/// name, each output index listing the nodes it feeds. Immutable; a saved definition is one version of a workflow.
/// </summary>
public sealed record WorkflowDefinition
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public IReadOnlyList<WorkflowNode> Nodes { get; init; } = [];

    public IReadOnlyDictionary<string, NodeConnections> Connections { get; init; } = new Dictionary<string, NodeConnections>();

    public WorkflowSettings Settings { get; init; } = new();

    public WorkflowNode? Node(string name) => Nodes.FirstOrDefault(node => node.Name == name);

    /// <summary>The enabled nodes of one trigger type (e.g. every <c>webhook</c> node), where runs of this workflow start.</summary>
    public IEnumerable<WorkflowNode> Triggers(string type) => Nodes.Where(node => node.Type == type && !node.Disabled);

    /// <summary>The nodes fed by <paramref name="nodeName"/>'s output <paramref name="output"/>, in the author's order.</summary>
    public IReadOnlyList<NodeConnection> Next(string nodeName, int output) =>
        Connections.TryGetValue(nodeName, out var connections) && output < connections.Main.Count ? connections.Main[output] : [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One step of a workflow. <see cref="Type"/> names a node type (<see cref="NodeTypes"/>); parameters may hold <c>{{ expressions }}</c>.</summary>
public sealed record WorkflowNode
{
    public string Id { get; init; } = "";

    /// <summary>Unique within the workflow; connections and <c>$node["Name"]</c> refer to it.</summary>
    public required string Name { get; init; }

    public required string Type { get; init; }

    public JsonObject Parameters { get; init; } = [];

    public bool RetryOnFail { get; init; }

    /// <summary>Attempts in all when <see cref="RetryOnFail"/> (n8n's default: 3).</summary>
    public int MaxTries { get; init; } = 3;

    /// <summary>Milliseconds before the first retry (n8n's default: 1000); later retries back off from it.</summary>
    public int WaitBetweenTries { get; init; } = 1000;

    /// <summary>A failure passes the input on with the error instead of failing the run.</summary>
    public bool ContinueOnFail { get; init; }

    /// <summary>A disabled node passes its input through untouched.</summary>
    public bool Disabled { get; init; }
}

/// <summary>A node's outgoing connections: <c>main[output]</c> lists the nodes that output feeds.</summary>
public sealed record NodeConnections
{
    public IReadOnlyList<IReadOnlyList<NodeConnection>> Main { get; init; } = [];
}

/// <summary>An edge to <see cref="Node"/>'s input <see cref="Index"/>; <see cref="Type"/> is always n8n's <c>main</c>.</summary>
public sealed record NodeConnection(string Node, string Type = "main", int Index = 0);

public sealed record WorkflowSettings
{
    /// <summary>The tenant's workflow (an <c>errorTrigger</c> one) that runs when this one fails.</summary>
    public Guid? ErrorWorkflow { get; init; }

    /// <summary>Runs of this workflow executing at once; more wait in the queue.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>IANA time zone for schedules and <c>$now</c>; the deployment's time zone when absent.</summary>
    public string? TimeZone { get; init; }
}
