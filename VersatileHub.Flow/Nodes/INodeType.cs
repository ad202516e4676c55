using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes;

/// <summary>What a node of one type does. One singleton per type; scoped services come from <see cref="NodeExecution.Services"/>.</summary>
public interface INodeType
{
    /// <summary>The name definitions use (<see cref="NodeTypes"/>).</summary>
    string Type { get; }

    NodeKind Kind { get; }

    /// <summary>Checks a node's parameters when its workflow is saved; each error names the field (e.g. <c>parameters.url</c>).</summary>
    IEnumerable<DefinitionError> Validate(WorkflowNode node);

    /// <summary>
    /// Runs the node over its input items. Throw <see cref="NodeFailedException"/> for a failure the author should read in
    /// the run's history; any other exception fails the node with its message too.
    /// </summary>
    ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken);
}

public enum NodeKind
{
    /// <summary>Starts runs; executed as the first step, passing the trigger's items on.</summary>
    Trigger,

    /// <summary>Pure: reads and writes items only, so re-running it after a crash repeats nothing outside the run.</summary>
    Logic,

    /// <summary>Acts outside the run (HTTP, Chat, Hub, events); carries <see cref="NodeExecution.IdempotencyKey"/> so a repeat is harmless.</summary>
    Action,
}

/// <summary>A node's failure as the author should read it in the run's history.</summary>
public sealed class NodeFailedException(string message, Exception? inner = null) : Exception(message, inner);
