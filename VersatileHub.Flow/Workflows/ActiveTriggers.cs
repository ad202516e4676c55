using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Triggers.Events;
using VersatileHub.Flow.Triggers.Schedules;

namespace VersatileHub.Flow.Workflows;

/// <summary>
/// Keeps the trigger tables (webhook routes, schedules, event subscriptions) in step with a workflow: the enabled
/// triggers of its current version while it is active, nothing while it is not. The caller saves the changes.
/// </summary>
public sealed class ActiveTriggers(FlowDbContext db, IOptions<ScheduleOptions> options, TimeProvider time)
{
    public async Task SyncAsync(Workflow workflow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var definition = workflow.Definition;
        var ignored = new List<DefinitionError>();
        var wanted = workflow.Active;

        var routes = await db.Set<WebhookRoute>().Where(r => r.WorkflowId == workflow.Id).ToListAsync(cancellationToken);
        var wantedRoutes = wanted
            ? definition.Triggers(NodeTypes.Webhook)
                .Select(node => (node.Name, Route: WebhookRoute.Read(node, ignored)))
                .Where(r => r.Route is not null)
                .ToDictionary(r => r.Route!.Value, r => r.Name)
            : [];
        foreach (var route in routes)
        {
            if (!wantedRoutes.TryGetValue((route.Method, route.Path), out var node))
            {
                db.Remove(route);
            }
            else if (node != route.NodeName)
            {
                // A renamed node keeps its route (the key is the route, not the node).
                route.ServedBy(node);
            }
        }
        var kept = routes.Select(r => (r.Method, r.Path)).ToHashSet();
        var added = wantedRoutes.Where(r => !kept.Contains(r.Key)).ToList();
        if (added.Count > 0)
        {
            var keys = added.Select(a => a.Key.Method + " " + a.Key.Path).ToList();
            var taken = await db.Set<WebhookRoute>()
                .Where(r => r.WorkflowId != workflow.Id && keys.Contains(r.Method + " " + r.Path))
                .Join(db.Set<Workflow>(), r => r.WorkflowId, w => w.Id, (r, w) => new { r.Method, r.Path, Workflow = w.Name })
                .FirstOrDefaultAsync(cancellationToken);
            if (taken is not null)
            {
                var node = wantedRoutes[(taken.Method, taken.Path)];
                throw new WorkflowConflictException(node, "parameters.path",
                    $"El workflow activo «{taken.Workflow}» ya atiende {taken.Method} /{taken.Path}; cambiá la ruta o desactivalo. / The active workflow «{taken.Workflow}» already answers {taken.Method} /{taken.Path}; change the path or deactivate it.");
            }
            foreach (var ((method, path), node) in added)
            {
                db.Add(WebhookRoute.For(workflow.Id, node, method, path));
            }
        }

        var schedules = await db.Set<WorkflowSchedule>().Where(s => s.WorkflowId == workflow.Id).ToListAsync(cancellationToken);
        var wantedSchedules = wanted
            ? definition.Triggers(NodeTypes.Schedule)
                .Select(node => (node.Name, Rule: ScheduleRule.Read(node, definition.Settings.TimeZone, options.Value.DefaultTimeZone, ignored)))
                .Where(s => s.Rule is not null)
                .ToDictionary(s => s.Name, s => s.Rule!, StringComparer.Ordinal)
            : [];
        var now = time.GetUtcNow();
        foreach (var schedule in schedules)
        {
            if (!wantedSchedules.Remove(schedule.NodeName, out var rule))
            {
                db.Remove(schedule);
            }
            else if (rule != schedule.Rule)
            {
                schedule.Reschedule(rule, now);
            }
        }
        foreach (var (node, rule) in wantedSchedules)
        {
            db.Add(WorkflowSchedule.For(workflow.Id, node, rule, now));
        }

        var subscriptions = await db.Set<EventSubscription>().Where(s => s.WorkflowId == workflow.Id).ToListAsync(cancellationToken);
        var wantedSubscriptions = wanted
            ? definition.Triggers(NodeTypes.Event)
                .Select(node => (node.Name, Subscription: EventSubscription.Read(node, ignored)))
                .Where(s => s.Subscription is not null)
                .ToDictionary(s => s.Name, s => s.Subscription!.Value, StringComparer.Ordinal)
            : [];
        foreach (var subscription in subscriptions)
        {
            if (!wantedSubscriptions.Remove(subscription.NodeName, out var wantedOne))
            {
                db.Remove(subscription);
            }
            else if (wantedOne != (subscription.EventType, subscription.Filter))
            {
                subscription.Change(wantedOne.EventType, wantedOne.Filter);
            }
        }
        foreach (var (node, (eventType, filter)) in wantedSubscriptions)
        {
            db.Add(EventSubscription.For(workflow.Id, node, eventType, filter));
        }
    }
}
