using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Apis;

/// <summary>A manual run: the workflow, the trigger node to start at (its manual trigger by default) and the test items.</summary>
public sealed record ManualRunRequest(Guid? WorkflowId, string? Node, JsonArray? Items);

public sealed record RunView(
    Guid Id, Guid WorkflowId, int WorkflowVersion, string Status, string TriggerNode, string TriggeredBy, DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long? DurationMs, string? Error, string? FailedNode, Guid? RetryOf);

public sealed record StepView(
    int Sequence, string Node, string Status, JsonArray Input, JsonArray? Output, string? Error, int Attempts,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, long? DurationMs);

public sealed record RunDetail(RunView Run, JsonArray TriggerItems, IReadOnlyList<StepView> Steps);

public sealed record RunList(IReadOnlyList<RunView> Runs, Guid? Next);

/// <summary>
/// <c>/api/flow/runs</c>: run a workflow by hand with test input, list runs by workflow and status (newest first, by
/// pages), read one run with each step's input, output, error and timings, and re-run a failed run from its failed node.
/// Every route acts for the caller's tenant only.
/// </summary>
internal static class RunsApi
{
    public const int MaxItems = 1_000;
    public const int MaxPage = 200;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/flow/runs").WithTags("Flow runs").RequireAuthorization();
        runs.MapPost("/", StartManualRun);
        runs.MapGet("/", ListRuns);
        runs.MapGet("/{id:guid}", GetRun);
        runs.MapPost("/{id:guid}/rerun", Rerun);
        return app;
    }

    public static async Task<Results<Accepted<RunView>, ValidationProblem, ProblemHttpResult>> StartManualRun(
        ManualRunRequest request, FlowDbContext db, RunStarter starter, NodeRegistry registry, CancellationToken cancellationToken)
    {
        if (request.WorkflowId is not { } workflowId)
        {
            return Invalid("workflowId", "Decí qué workflow correr. / Say which workflow to run.");
        }
        var workflow = await db.Set<Workflow>().FirstOrDefaultAsync(w => w.Id == workflowId, cancellationToken);
        if (workflow is null)
        {
            return NotFoundProblem("El workflow no existe. / The workflow does not exist.");
        }
        var triggers = workflow.Definition.Nodes.Where(n => !n.Disabled && registry.Find(n.Type)?.Kind == NodeKind.Trigger).ToList();
        var trigger = request.Node is { } name
            ? triggers.FirstOrDefault(n => n.Name == name)
            : triggers.FirstOrDefault(n => n.Type == NodeTypes.Manual) ?? triggers.FirstOrDefault();
        if (trigger is null)
        {
            return Invalid("node", request.Node is null
                ? "El workflow no tiene un nodo disparador habilitado. / The workflow has no enabled trigger node."
                : $"{request.Node} no es un nodo disparador habilitado del workflow. / {request.Node} is not an enabled trigger node of the workflow.");
        }
        var items = request.Items ?? [new JsonObject()];
        if (items.Count > MaxItems)
        {
            return Invalid("items", $"Hasta {MaxItems} ítems. / Up to {MaxItems} items.");
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject)
            {
                return Invalid($"items[{i}]", "Cada ítem es un objeto JSON. / Each item is a JSON object.");
            }
        }
        var run = await starter.QueueAsync(workflow, trigger.Name, "manual", items, cancellationToken);
        return TypedResults.Accepted($"/api/flow/runs/{run.Id}", View(run));
    }

    public static async Task<Results<Ok<RunList>, ValidationProblem>> ListRuns(
        Guid? workflowId, string? status, Guid? before, int? limit, FlowDbContext db, CancellationToken cancellationToken)
    {
        var page = limit ?? 50;
        if (page is < 1 or > MaxPage)
        {
            return Invalid("limit", $"Entre 1 y {MaxPage}. / Between 1 and {MaxPage}.");
        }
        var query = db.Set<Run>().AsNoTracking();
        if (workflowId is { } workflow)
        {
            query = query.Where(r => r.WorkflowId == workflow);
        }
        if (status is not null)
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var wanted) || int.TryParse(status, out _))
            {
                return Invalid("status", $"Uno de {string.Join(", ", Enum.GetNames<RunStatus>())}. / One of {string.Join(", ", Enum.GetNames<RunStatus>())}.");
            }
            query = query.Where(r => r.Status == wanted);
        }
        if (before is { } cursor)
        {
            // Run ids are version 7 UUIDs: their order is the order they were queued in.
            query = query.Where(r => r.Id.CompareTo(cursor) < 0);
        }
        var runs = await query.OrderByDescending(r => r.Id).Take(page + 1).ToListAsync(cancellationToken);
        var next = runs.Count > page ? runs[page - 1].Id : (Guid?)null;
        return TypedResults.Ok(new RunList([.. runs.Take(page).Select(View)], next));
    }

    public static async Task<Results<Ok<RunDetail>, ProblemHttpResult>> GetRun(Guid id, FlowDbContext db, CancellationToken cancellationToken)
    {
        var run = await db.Set<Run>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return NotFoundProblem("La ejecución no existe. / The run does not exist.");
        }
        var steps = await db.Set<Step>().AsNoTracking().Where(s => s.RunId == id).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        return TypedResults.Ok(new RunDetail(View(run), run.TriggerItems, [.. steps.Select(View)]));
    }

    public static async Task<Results<Accepted<RunView>, ProblemHttpResult>> Rerun(
        Guid id, FlowDbContext db, RunSignal signal, TimeProvider clock, CancellationToken cancellationToken)
    {
        var failed = await db.Set<Run>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (failed is null)
        {
            return NotFoundProblem("La ejecución no existe. / The run does not exist.");
        }
        if (failed.Status != RunStatus.Failed)
        {
            return TypedResults.Problem(
                $"Solo una ejecución fallida se vuelve a correr; esta está {failed.Status}. / Only a failed run is re-run; this one is {failed.Status}.",
                statusCode: StatusCodes.Status409Conflict);
        }
        var workflow = await db.Set<Workflow>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == failed.WorkflowId, cancellationToken);
        var steps = await db.Set<Step>().AsNoTracking().Where(s => s.RunId == id).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        var rerun = Run.Queue(failed.TenantId, failed.WorkflowId, failed.WorkflowVersion, failed.TriggerNode, "rerun",
            (JsonArray)failed.TriggerItems.DeepClone(), clock.GetUtcNow(), workflow?.Definition.Settings.MaxConcurrency, retryOf: failed.Id);
        db.Add(rerun);
        // The steps before the failed node are replayed from their recorded output; the failed node runs again.
        var expected = 1;
        foreach (var step in steps)
        {
            if (step.Sequence != expected || step.Status != StepStatus.Succeeded)
            {
                break;
            }
            db.Add(step.CopyTo(rerun.Id));
            expected++;
        }
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return TypedResults.Accepted($"/api/flow/runs/{rerun.Id}", View(rerun));
    }

    private static RunView View(Run run) =>
        new(run.Id, run.WorkflowId, run.WorkflowVersion, run.Status.ToString(), run.TriggerNode, run.TriggeredBy, run.QueuedAt, run.StartedAt,
            run.FinishedAt, run is { StartedAt: { } started, FinishedAt: { } finished } ? (long)(finished - started).TotalMilliseconds : null,
            run.Error, run.FailedNode, run.RetryOf);

    private static StepView View(Step step) =>
        new(step.Sequence, step.NodeName, step.Status.ToString(), step.Input, step.Output, step.Error, step.Attempts, step.StartedAt, step.FinishedAt,
            step.FinishedAt is { } finished ? (long)(finished - step.StartedAt).TotalMilliseconds : null);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult NotFoundProblem(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);
}
