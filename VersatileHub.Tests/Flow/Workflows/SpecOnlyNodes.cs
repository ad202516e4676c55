using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Tests.Flow.Workflows;

/// <summary>Node types only the specs know: <see cref="CheckedAction"/> has parameter checks of its own.</summary>
public static class SpecOnlyNodes
{
    public static void Register(IServiceCollection services) => services.AddSingleton<INodeType, CheckedAction>();

    /// <summary>A type whose own check wants <c>parameters.url</c> to be an absolute URL.</summary>
    public sealed class CheckedAction : INodeType
    {
        public const string Name = "checkedAction";

        public string Type => Name;

        public NodeKind Kind => NodeKind.Action;

        public IEnumerable<DefinitionError> Validate(WorkflowNode node)
        {
            if (node.Parameters["url"] is not JsonValue value || !value.TryGetValue<string>(out var url) || !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                yield return new DefinitionError(node.Name, "parameters.url", "An absolute URL is required.");
            }
        }

        public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) =>
            ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(execution.Items));
    }
}
