using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Tests.Flow.Engine;

/// <summary>Node types only the engine's specs register: a gate, a counter, a flaky step.</summary>
internal static class SpecNodes
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<INodeType, GateNode>();
        services.AddSingleton<INodeType, CountNode>();
        services.AddSingleton<INodeType, FlakyNode>();
    }
}

/// <summary><c>spec.gate</c>: holds the run while the gate named <c>gate</c> is closed (until the host stops), then passes its items on.</summary>
internal sealed class GateNode : INodeType
{
    public static readonly ConcurrentDictionary<string, Gate> Gates = new();

    public string Type => "spec.gate";

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => [];

    public async ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(execution.RequiredText("gate"), _ => new Gate());
        gate.Reached.TrySetResult();
        await gate.Open.Task.WaitAsync(cancellationToken);
        return NodeOutcome.Single(execution.Items);
    }

    public sealed class Gate
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary><c>spec.count</c>: counts its executions per run.</summary>
internal sealed class CountNode : INodeType
{
    public static readonly ConcurrentDictionary<Guid, int> Executions = new();

    public string Type => "spec.count";

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => [];

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        Executions.AddOrUpdate(execution.RunId, 1, (_, n) => n + 1);
        return ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(execution.Items));
    }
}

/// <summary><c>spec.flaky</c>: fails its first <c>failures</c> tries in each run.</summary>
internal sealed class FlakyNode : INodeType
{
    private static readonly ConcurrentDictionary<Guid, int> Tries = new();

    public string Type => "spec.flaky";

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => [];

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var tries = Tries.AddOrUpdate(execution.RunId, 1, (_, n) => n + 1);
        var failures = int.Parse(execution.RequiredText("failures"), System.Globalization.CultureInfo.InvariantCulture);
        return tries <= failures
            ? throw new NodeFailedException($"Try {tries} failed.")
            : ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(execution.Items));
    }
}
