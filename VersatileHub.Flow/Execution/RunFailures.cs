using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// A run that failed, written in one transaction with what its failure sets off: the event <c>flow.run.failed</c> (through
/// the outbox) and, when the workflow names one, a run of the tenant's error workflow from its <c>errorTrigger</c>, with
/// the failed run's id, node and error as n8n's error trigger gives them.
/// </summary>
internal sealed class RunFailures(IServiceScopeFactory scopes, WorkerIdentity worker, RunSignal signal, TimeProvider clock)
{
    public const string EventType = "flow.run.failed";

    public async Task RecordAsync(RunJob job, RunRecord failed, IReadOnlyList<StepRecord> steps, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(job.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<FlowDbContext>();
        var publisher = scope.ServiceProvider.GetRequiredService<EventPublisher>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RunStore.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(),
            worker.Id, [failed], steps, cancellationToken);

        publisher.Publish(db, EventType, job.TenantId, job.Id.ToString(), new
        {
            runId = job.Id,
            workflowId = job.Workflow.Id,
            workflowName = job.Workflow.Name,
            workflowVersion = job.Workflow.Version,
            node = failed.FailedNode,
            error = failed.Error,
            triggeredBy = job.TriggeredBy,
        });

        var queued = false;
        if (job.Workflow.Definition.Settings.ErrorWorkflow is { } errorWorkflowId && errorWorkflowId != job.Workflow.Id)
        {
            var errorWorkflow = await db.Set<Workflow>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == errorWorkflowId, cancellationToken);
            if (errorWorkflow?.Definition.Triggers(NodeTypes.Error).FirstOrDefault() is { } trigger)
            {
                var run = Run.Queue(job.TenantId, errorWorkflow.Id, errorWorkflow.Version, trigger.Name, "error", [ErrorItem(job, failed)], clock.GetUtcNow(),
                    errorWorkflow.Definition.Settings.MaxConcurrency);
                db.Add(run);
                queued = true;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (queued)
        {
            signal.Wake();
        }
    }

    private static JsonObject ErrorItem(RunJob job, RunRecord failed) => new()
    {
        ["execution"] = new JsonObject
        {
            ["id"] = job.Id.ToString(),
            ["retryOf"] = job.RetryOf?.ToString(),
            ["mode"] = job.TriggeredBy,
            ["lastNodeExecuted"] = failed.FailedNode,
            ["error"] = new JsonObject { ["message"] = failed.Error, ["node"] = new JsonObject { ["name"] = failed.FailedNode } },
        },
        ["workflow"] = new JsonObject { ["id"] = job.Workflow.Id.ToString(), ["name"] = job.Workflow.Name },
    };
}
