using System.Globalization;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>
/// Moves a Hub order to <c>status</c> (<c>paid</c>, <c>shipped</c> with <c>trackingCode</c>, <c>delivered</c>,
/// <c>cancelled</c> with <c>reason</c>; optional <c>note</c>) for each item, the order named by <c>orderId</c>, or by
/// <c>orderNumber</c> with its <c>customerId</c> (as the Hub finds orders by number). An order already in that status is left as it is, so a repeated execution changes nothing.
/// Each item comes out as the order.
/// </summary>
internal sealed class UpdateOrderStatusNode(SuiteServices suite) : INodeType
{
    private static readonly Dictionary<string, string> Moves = new(StringComparer.OrdinalIgnoreCase)
    {
        ["paid"] = "pay",
        ["shipped"] = "ship",
        ["delivered"] = "deliver",
        ["cancelled"] = "cancel",
    };

    public string Type => NodeTypes.UpdateOrderStatus;

    public NodeKind Kind => NodeKind.Action;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var errors = ActionParameters.Require(node, "status").Concat(ActionParameters.OneOf(node, "status", Moves.Keys)).ToList();
        if (ActionParameters.Raw(node, "orderId") is null && ActionParameters.Raw(node, "orderNumber") is null)
        {
            errors.Add(new DefinitionError(node.Name, "parameters.orderId", "orderId or orderNumber is required."));
        }
        if (ActionParameters.Raw(node, "orderId") is null && ActionParameters.Raw(node, "orderNumber") is not null)
        {
            errors.AddRange(ActionParameters.Require(node, "customerId"));
        }
        if (ActionParameters.Raw(node, "status") is JsonValue status && status.TryGetValue<string>(out var text))
        {
            if (text.Equals("shipped", StringComparison.OrdinalIgnoreCase))
            {
                errors.AddRange(ActionParameters.Require(node, "trackingCode"));
            }
            if (text.Equals("cancelled", StringComparison.OrdinalIgnoreCase))
            {
                errors.AddRange(ActionParameters.Require(node, "reason"));
            }
        }
        return errors;
    }

    public async ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var orders = new List<JsonObject>();
        for (var item = 0; item < execution.Items.Count; item++)
        {
            var status = execution.RequiredText("status", item).ToLowerInvariant();
            if (!Moves.TryGetValue(status, out var move))
            {
                throw new NodeFailedException($"parameters.status is one of {string.Join(", ", Moves.Keys)}; it is '{status}'.");
            }
            var order = await OrderAsync(execution, item, cancellationToken);
            if (order["status"]?.GetValue<string>() == status)
            {
                orders.Add(order);
                continue;
            }
            var id = order["id"]!.GetValue<int>();
            var body = new JsonObject
            {
                ["note"] = execution.Text("note", item),
                ["trackingCode"] = status == "shipped" ? execution.RequiredText("trackingCode", item) : null,
                ["reason"] = status == "cancelled" ? execution.RequiredText("reason", item) : null,
            };
            var answer = await suite.CallAsync(SuiteServices.Hub, execution.TenantId, HttpMethod.Post, $"/api/orders/{id}/{move}", body, cancellationToken, execution.ItemKey(item));
            if (answer.Status == 409 && (await OrderAsync(execution, item, cancellationToken))["status"]?.GetValue<string>() == status)
            {
                // Moved there meanwhile (by this node's earlier attempt or someone else): the order is where it should be.
                orders.Add(await OrderAsync(execution, item, cancellationToken));
                continue;
            }
            orders.Add(answer.Object());
        }
        return NodeOutcome.Single(orders);
    }

    private async Task<JsonObject> OrderAsync(NodeExecution execution, int item, CancellationToken cancellationToken)
    {
        var path = execution.Int("orderId", item) is { } id
            ? $"/api/orders/{id}"
            : execution.Text("orderNumber", item) is { } number
                ? $"/api/orders/by-number/{Uri.EscapeDataString(number)}?customerId={execution.RequiredInt("customerId", item).ToString(CultureInfo.InvariantCulture)}"
                : throw new NodeFailedException("parameters.orderId or parameters.orderNumber is required.");
        var answer = await suite.CallAsync(SuiteServices.Hub, execution.TenantId, HttpMethod.Get, path, null, cancellationToken);
        if (answer.Status == 404)
        {
            throw new NodeFailedException($"The Hub has no order at {path}.");
        }
        return answer.Object();
    }
}
