using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Flow.Engine;

/// <summary>Workflows and runs in a Flow host's database, for a tenant, as the workflow store and the triggers would leave them.</summary>
internal static class FlowData
{
    /// <summary>Equal JSON, whatever the order of object keys (PostgreSQL's jsonb keeps its own).</summary>
    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}, got {actual?.ToJsonString()}");

    public static WorkflowDefinition Definition(string json) => JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowDefinition.Json)!;

    public static async Task<Workflow> SaveAsync(FlowFactory flow, int tenant, string definition, bool active = false, string? name = null)
    {
        return await InFlowAsync(flow, tenant, async db =>
        {
            var (workflow, version) = Workflow.Create(name ?? $"Workflow {Guid.NewGuid():N}", Definition(definition), DateTimeOffset.UtcNow);
            if (active)
            {
                workflow.Activate(DateTimeOffset.UtcNow);
            }
            db.AddRange(workflow, version);
            await db.SaveChangesAsync();
            return workflow;
        });
    }

    public static async Task SetActiveAsync(FlowFactory flow, int tenant, Guid workflowId, bool active) =>
        await InFlowAsync(flow, tenant, async db =>
        {
            var workflow = await db.Set<Workflow>().SingleAsync(w => w.Id == workflowId);
            if (active)
            {
                workflow.Activate(DateTimeOffset.UtcNow);
            }
            else
            {
                workflow.Deactivate(DateTimeOffset.UtcNow);
            }
            return await db.SaveChangesAsync();
        });

    public static async Task<Guid> QueueAsync(FlowFactory flow, Workflow workflow, string trigger = "Start", JsonArray? items = null)
    {
        await using var scope = flow.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(workflow.TenantId);
        var run = await scope.ServiceProvider.GetRequiredService<RunStarter>().QueueAsync(workflow, trigger, "manual", items ?? [new JsonObject()], CancellationToken.None);
        return run.Id;
    }

    public static async Task<Run> RunAsync(FlowFactory flow, int tenant, Guid runId) =>
        await InFlowAsync(flow, tenant, db => db.Set<Run>().AsNoTracking().SingleAsync(r => r.Id == runId));

    /// <summary>Waits until the run is in one of <paramref name="statuses"/> (a background worker executes it).</summary>
    public static async Task<Run> RunReachesAsync(FlowFactory flow, int tenant, Guid runId, params RunStatus[] statuses) =>
        await Eventually.ThatAsync(
            () => InFlowAsync(flow, tenant, db => db.Set<Run>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId)),
            run => run is not null && statuses.Contains(run.Status)) ?? throw new InvalidOperationException("No such run.");

    public static async Task<IReadOnlyList<Step>> StepsAsync(FlowFactory flow, int tenant, Guid runId) =>
        await InFlowAsync(flow, tenant, async db => (IReadOnlyList<Step>)await db.Set<Step>().AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Sequence).ToListAsync());

    public static async Task<T> InFlowAsync<T>(FlowFactory flow, int tenant, Func<FlowDbContext, Task<T>> work)
    {
        await using var scope = flow.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        return await work(scope.ServiceProvider.GetRequiredService<FlowDbContext>());
    }
}
