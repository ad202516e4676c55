using System.Text.Json.Nodes;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Execution;

/// <summary>Queues a run of a workflow's current version from one of its trigger nodes; a worker takes it from the queue.</summary>
public sealed class RunStarter(FlowDbContext db, TimeProvider clock)
{
    public async Task<Run> QueueAsync(Workflow workflow, string triggerNode, string triggeredBy, JsonArray items, CancellationToken cancellationToken)
    {
        var run = Run.Queue(workflow.TenantId, workflow.Id, workflow.Version, triggerNode, triggeredBy, items, clock.GetUtcNow());
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }
}
