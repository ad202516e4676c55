using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Tests.Flow.Logic;

/// <summary>Runs one node type over items as the engine does (expressions evaluated per item, the run's context in its scope), without a database.</summary>
internal sealed class NodeHarness
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 2, 12, 0, 0, TimeSpan.Zero));

    public ScriptLimits Limits { get; init; } = new() { Timeout = TimeSpan.FromSeconds(1), MemoryBytes = 16 * 1_048_576 };

    public VariableSet Variables { get; init; } = VariableSet.Empty;

    public RunContext Context { get; } = new();

    public Dictionary<string, IReadOnlyList<JsonObject>> Earlier { get; } = [];

    public async Task<NodeOutcome> RunAsync(INodeType type, string parameters, params JsonObject[] items)
    {
        var node = new WorkflowNode { Name = "Node", Type = type.Type, Parameters = JsonNode.Parse(parameters)!.AsObject() };
        return await RunAsync(type, node, items);
    }

    public async Task<NodeOutcome> RunAsync(INodeType type, WorkflowNode node, IReadOnlyList<JsonObject> items)
    {
        var expressions = Scope(items);
        Context.Expressions = expressions;
        var services = new ServiceCollection().AddSingleton(Context).AddSingleton<TimeProvider>(Clock).BuildServiceProvider();
        var runId = Guid.NewGuid();
        var execution = new NodeExecution(node, items, 1, Guid.NewGuid(), runId, $"{runId:N}-1", services,
            (raw, item) => expressions.Evaluate(raw, items, item));
        return await type.ExecuteAsync(execution, CancellationToken.None);
    }

    public ExpressionScope Scope(IReadOnlyList<JsonObject>? trigger = null)
    {
        var scope = new ExpressionScope(new RunFacts(Guid.NewGuid(), Guid.NewGuid(), "Spec", trigger ?? [], Variables, Clock, TimeZoneInfo.Utc), Limits);
        foreach (var (name, output) in Earlier)
        {
            scope.SetNodeOutput(name, output);
        }
        return scope;
    }

    public static JsonObject Item(string json) => JsonNode.Parse(json)!.AsObject();

    public static IReadOnlyList<IReadOnlyList<JsonObject>> Outputs(NodeOutcome outcome) => Assert.IsType<NodeOutcome.Completed>(outcome).Outputs;

    public static string Json(IReadOnlyList<JsonObject> items) => new JsonArray([.. items.Select(i => i.DeepClone())]).ToJsonString();
}
