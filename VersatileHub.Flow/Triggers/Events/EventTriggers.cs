using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Triggers.Events;

/// <summary>
/// Queues a run of every active workflow of the event's tenant whose event trigger takes the event's type and whose
/// filter holds for the envelope. It runs in the event's inbox transaction, so a redelivered event queues nothing more.
/// </summary>
public sealed partial class EventTriggers(FlowDbContext db, CurrentTenant tenant, RunStarter runs, ILogger<EventTriggers> logger) : IIntegrationEventHandler
{
    /// <summary>The producing services whose streams Flow reads: every service of the suite, Flow itself included.</summary>
    public static readonly string[] Producers = ["hub", "chat", "agent", "whatsapp", "flow"];

    public const string TriggeredByPrefix = "event:";

    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var patterns = EventSubscription.PatternsFor(@event.Type);
        var subscriptions = await db.Set<EventSubscription>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.TenantId == @event.Tenant && patterns.Contains(s.EventType))
            .ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return;
        }

        tenant.Set(@event.Tenant);
        var envelope = JsonSerializer.SerializeToNode(@event, JsonSerializerOptions.Web)!.AsObject();
        var ids = subscriptions.Select(s => s.WorkflowId).Distinct().ToList();
        var workflows = await db.Set<Workflow>().AsNoTracking().Where(w => ids.Contains(w.Id) && w.Active).ToDictionaryAsync(w => w.Id, cancellationToken);
        foreach (var subscription in subscriptions.OrderBy(s => s.WorkflowId).ThenBy(s => s.NodeName, StringComparer.Ordinal))
        {
            if (!workflows.TryGetValue(subscription.WorkflowId, out var workflow) || !Passes(subscription, envelope))
            {
                continue;
            }
            await runs.QueueAsync(workflow, subscription.NodeName, TriggeredByPrefix + @event.Type, [envelope.DeepClone().AsObject()], cancellationToken);
        }
    }

    /// <summary>A filter that cannot be evaluated skips its workflow (logged) rather than holding back the event for the others.</summary>
    private bool Passes(EventSubscription subscription, JsonObject envelope)
    {
        if (subscription.Filter is not { } filter)
        {
            return true;
        }
        try
        {
            return ExpressionEvaluator.Matches(filter, envelope);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFilterFailed(ex, subscription.WorkflowId, subscription.NodeName, filter);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The filter «{Filter}» of event trigger {Node} in workflow {WorkflowId} failed; the event does not start it")]
    private partial void LogFilterFailed(Exception exception, Guid workflowId, string node, string filter);
}
