using System.ComponentModel;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace VersatileHub.Agent.Tools;

/// <summary>
/// Orders of the conversation's own customer only: the Hub's look-up by number takes the customer id from the scope, never
/// from the model, so an order of anyone else reads as "not found".
/// </summary>
internal sealed class OrderTools(ConversationScope? scope, int tenant, SuiteClients hub)
{
    [KernelFunction("order_status"), Description("Tells the status of one of this customer's orders by its number.")]
    public async Task<string> OrderStatusAsync([Description("The order number, e.g. 1042")] string order_number, CancellationToken cancellationToken)
    {
        if (scope?.HubCustomerId is not { } customer)
        {
            return "This conversation is not linked to a customer, so no order can be looked up. Offer to pass the customer to a person.";
        }
        var number = (order_number ?? "").Trim().TrimStart('#');
        if (number.Length is 0 or > 40)
        {
            return "Ask the customer for the order number.";
        }
        var order = await hub.GetAsync<JsonElement?>(SuiteClients.Hub, tenant,
            $"/api/orders/by-number/{Uri.EscapeDataString(number)}?customerId={customer}", cancellationToken);
        return order is { } found
            ? found.GetRawText()
            : $"This customer has no order {number}. Orders of other people are never shown.";
    }
}
