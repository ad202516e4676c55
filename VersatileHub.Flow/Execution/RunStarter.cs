using System.Text.Json.Nodes;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Execution;

/// <summary>Queues a run of a workflow's current version from one of its trigger nodes; a worker takes it from the queue.</summary>
public sealed class RunStarter(FlowDbContext db, TimeProvider clock, RunSignal signal)
{
    public async Task<Run> QueueAsync(Workflow workflow, string triggerNode, string triggeredBy, JsonArray items, CancellationToken cancellationToken)
    {
        var run = Run.Queue(workflow.TenantId, workflow.Id, workflow.Version, triggerNode, triggeredBy, items, clock.GetUtcNow(),
            workflow.Definition.Settings.MaxConcurrency);
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        // Inside a caller's transaction the run is only visible at its commit; the workers' poll finds it then if this wake-up is early.
        signal.Wake();
        return run;
    }
}
