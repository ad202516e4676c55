using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>
/// Opens a ticket in the Hub for each item (<c>subject</c>, <c>description</c>, <c>priority</c>, <c>customerId</c>,
/// <c>sourceConversationId</c>, <c>assigneeUserId</c>); the Hub keeps the item's idempotency key, so a repeated
/// execution answers the ticket it opened the first time. Each item comes out as the ticket.
/// </summary>
internal sealed class CreateTicketNode(SuiteServices suite) : INodeType
{
    private static readonly string[] Priorities = ["low", "normal", "high", "urgent"];

    public string Type => NodeTypes.CreateTicket;

    public NodeKind Kind => NodeKind.Action;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) =>
        ActionParameters.Require(node, "subject").Concat(ActionParameters.OneOf(node, "priority", Priorities));

    public async ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var tickets = new List<JsonObject>();
        for (var item = 0; item < execution.Items.Count; item++)
        {
            var body = new JsonObject
            {
                ["subject"] = execution.RequiredText("subject", item),
                ["description"] = execution.Text("description", item),
                ["priority"] = execution.Text("priority", item) ?? "normal",
                ["customerId"] = execution.Int("customerId", item),
                ["sourceConversationId"] = execution.Int("sourceConversationId", item),
                ["assigneeUserId"] = execution.Text("assigneeUserId", item),
            };
            var answer = await suite.CallAsync(SuiteServices.Hub, execution.TenantId, HttpMethod.Post, "/api/tickets", body, cancellationToken, execution.ItemKey(item));
            tickets.Add(answer.Object());
        }
        return NodeOutcome.Single(tickets);
    }
}
