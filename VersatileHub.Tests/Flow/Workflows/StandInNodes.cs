using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Tests.Flow.Workflows;

/// <summary>
/// Node types registered after the service's own: the registry keeps the first of each name, so these stand in only for
/// types not built yet (they pass their items on), and <see cref="CheckedAction"/> is a type with checks of its own.
/// </summary>
public static class StandInNodes
{
    public static void Register(IServiceCollection services)
    {
        foreach (var type in new[] { NodeTypes.Manual, NodeTypes.Webhook, NodeTypes.Schedule, NodeTypes.Event, NodeTypes.Error })
        {
            services.AddSingleton<INodeType>(new PassOn(type, NodeKind.Trigger));
        }
        foreach (var type in new[] { NodeTypes.If, NodeTypes.Switch, NodeTypes.Set, NodeTypes.Code, NodeTypes.Wait, NodeTypes.StopAndError, NodeTypes.NoOp, NodeTypes.RespondToWebhook })
        {
            services.AddSingleton<INodeType>(new PassOn(type, NodeKind.Logic));
        }
        foreach (var type in new[] { NodeTypes.HttpRequest, NodeTypes.SendChatMessage, NodeTypes.CreateTicket, NodeTypes.BookAppointment, NodeTypes.UpdateOrderStatus, NodeTypes.AskAgent, NodeTypes.EmitEvent })
        {
            services.AddSingleton<INodeType>(new PassOn(type, NodeKind.Action));
        }
        services.AddSingleton<INodeType, CheckedAction>();
    }

    private sealed class PassOn(string type, NodeKind kind) : INodeType
    {
        public string Type => type;

        public NodeKind Kind => kind;

        public IEnumerable<DefinitionError> Validate(WorkflowNode node) => [];

        public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) =>
            ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(execution.Items));
    }

    /// <summary>A type whose own check wants <c>parameters.url</c> to be an absolute URL.</summary>
    public sealed class CheckedAction : INodeType
    {
        public const string Name = "checkedAction";

        public string Type => Name;

        public NodeKind Kind => NodeKind.Action;

        public IEnumerable<DefinitionError> Validate(WorkflowNode node)
        {
            if (node.Parameters["url"]?.GetValue<string>() is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                yield return new DefinitionError(node.Name, "parameters.url", "An absolute URL is required.");
            }
        }

        public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) =>
            ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(execution.Items));
    }
}
