using System.Globalization;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>
/// Books a service in the Hub's agenda for each item (<c>serviceId</c>, <c>start</c> as an ISO 8601 instant,
/// <c>customerId</c>, optional <c>resourceId</c>, <c>customerName</c>, <c>customerPhone</c>). A repeated execution finds the
/// booking it made (same customer, service and start) instead of booking a second resource. Each item comes out as the
/// appointment.
/// </summary>
internal sealed class BookAppointmentNode(SuiteServices suite) : INodeType
{
    public string Type => NodeTypes.BookAppointment;

    public NodeKind Kind => NodeKind.Action;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node) => ActionParameters.Require(node, "serviceId", "start", "customerId");

    public async ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var appointments = new List<JsonObject>();
        for (var item = 0; item < execution.Items.Count; item++)
        {
            var serviceId = execution.RequiredInt("serviceId", item);
            var customerId = execution.RequiredInt("customerId", item);
            var startText = execution.RequiredText("start", item);
            if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
            {
                throw new NodeFailedException($"parameters.start is a date and time such as 2031-06-02T10:00:00-03:00; it is '{startText}'.");
            }

            if (await BookedAsync(execution.TenantId, serviceId, customerId, start, cancellationToken) is { } booked)
            {
                appointments.Add(booked);
                continue;
            }
            var body = new JsonObject
            {
                ["serviceId"] = serviceId,
                ["resourceId"] = execution.Int("resourceId", item),
                ["start"] = start.ToString("O", CultureInfo.InvariantCulture),
                ["customerId"] = customerId,
                ["customerName"] = execution.Text("customerName", item),
                ["customerPhone"] = execution.Text("customerPhone", item),
            };
            var answer = await suite.CallAsync(SuiteServices.Hub, execution.TenantId, HttpMethod.Post, "/api/appointments", body, cancellationToken, execution.ItemKey(item));
            appointments.Add(answer.Object());
        }
        return NodeOutcome.Single(appointments);
    }

    /// <summary>The customer's booked appointment for that service at that start, if a previous execution made it.</summary>
    private async Task<JsonObject?> BookedAsync(int tenant, int serviceId, int customerId, DateTimeOffset start, CancellationToken cancellationToken)
    {
        // The agenda's days are the tenant's; a day either side of the UTC date covers every zone.
        var from = DateOnly.FromDateTime(start.UtcDateTime.AddDays(-1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var answer = await suite.CallAsync(SuiteServices.Hub, tenant, HttpMethod.Get, $"/api/appointments?from={from}&days=3", null, cancellationToken);
        answer.EnsureSucceeded();
        return (answer.Body as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(a =>
            a["customerId"]?.GetValue<int>() == customerId
            && a["serviceId"]?.GetValue<int>() == serviceId
            && a["status"]?.GetValue<string>() == "booked"
            && a["startUtc"] is JsonValue at && at.TryGetValue<DateTimeOffset>(out var booked) && booked == start)?.DeepClone().AsObject();
    }
}
