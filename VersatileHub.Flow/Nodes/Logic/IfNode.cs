using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Logic;

/// <summary>
/// <c>if</c>: each item goes to output 0 when its <c>conditions</c> hold (n8n's If v1 or v2 shape, see <see cref="Conditions"/>),
/// to output 1 otherwise. A <c>condition</c> parameter (one expression, truthy or not) is the short form.
/// </summary>
internal sealed class IfNode : INodeType
{
    public string Type => NodeTypes.If;

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        if (Parameters.Raw(node, "conditions") is null && Parameters.Raw(node, "condition") is null)
        {
            yield return new DefinitionError(node.Name, "parameters.conditions", "Give the conditions an item must meet to go to the true output.");
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var (yes, no) = (new List<JsonObject>(), new List<JsonObject>());
        var combine = execution.Text("combineOperation");
        for (var i = 0; i < execution.Items.Count; i++)
        {
            var holds = execution.Node.Parameters.ContainsKey("conditions")
                ? Conditions.Hold(execution.Parameter("conditions", i), combine)
                : Conditions.Truthy(execution.Parameter("condition", i));
            (holds ? yes : no).Add(execution.Items[i]);
        }
        return ValueTask.FromResult<NodeOutcome>(new NodeOutcome.Completed([yes, no]));
    }
}
