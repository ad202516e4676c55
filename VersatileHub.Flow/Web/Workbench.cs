using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Flow.Apis;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Web;

/// <summary>A workflow as the list shows it, with how its latest run went.</summary>
internal sealed record WorkflowRow(Guid Id, string Name, bool Active, int Version, DateTimeOffset UpdatedAt, RunStatus? LastRun, DateTimeOffset? LastRunAt);

/// <summary>What a change asked of the web app came to: done, or refused with every reason (each naming node and field).</summary>
internal sealed record Outcome<T>(T? Value, IReadOnlyList<DefinitionError> Errors, bool Missing = false)
{
    public bool Done => Errors.Count == 0 && !Missing;

    public static Outcome<T> Of(T value) => new(value, []);

    public static Outcome<T> Refused(IReadOnlyList<DefinitionError> errors) => new(default, errors);

    public static Outcome<T> Refused(string? node, string field, string message) => new(default, [new DefinitionError(node, field, message)]);

    public static Outcome<T> NotFound() => new(default, [], Missing: true);
}

/// <summary>
/// The web app's work on the current tenant's workflows and runs. It goes through the very handlers the APIs map
/// (<see cref="WorkflowsApi"/>, <see cref="RunsApi"/>, <see cref="TemplatesApi"/>), so a page and an API call obey the
/// same rules; this class only turns their typed results into what a page shows.
/// </summary>
internal sealed class Workbench(
    FlowDbContext db, WorkflowStore store, DefinitionValidator validator, RunStarter starter, NodeRegistry registry, RunSignal signal, TimeProvider clock)
{
    /// <summary>How the editor writes a definition: the API's JSON, indented.</summary>
    public static readonly JsonSerializerOptions EditorJson = new(WorkflowDefinition.Json) { WriteIndented = true };

    public async Task<List<WorkflowRow>> ListAsync(CancellationToken cancellationToken)
    {
        var workflows = await store.ListAsync(cancellationToken);
        var ids = workflows.ConvertAll(w => w.Id);
        // Run ids are version 7 UUIDs: the greatest is the latest queued.
        var latest = await db.Set<Run>().AsNoTracking()
            .Where(r => ids.Contains(r.WorkflowId))
            .GroupBy(r => r.WorkflowId)
            .Select(g => g.OrderByDescending(r => r.Id).Select(r => new { r.WorkflowId, r.Status, r.QueuedAt }).First())
            .ToDictionaryAsync(r => r.WorkflowId, cancellationToken);
        return workflows.ConvertAll(w => latest.TryGetValue(w.Id, out var run)
            ? new WorkflowRow(w.Id, w.Name, w.Active, w.Version, w.UpdatedAt, run.Status, run.QueuedAt)
            : new WorkflowRow(w.Id, w.Name, w.Active, w.Version, w.UpdatedAt, null, null));
    }

    public Task<Workflow?> FindAsync(Guid id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    /// <summary>The definition as the editor shows it: <c>name</c>, <c>nodes</c>, <c>connections</c>, <c>settings</c>.</summary>
    public static string EditorText(string name, WorkflowDefinition definition) =>
        JsonSerializer.Serialize(new { name, nodes = definition.Nodes, connections = definition.Connections, settings = definition.Settings }, EditorJson);

    /// <summary>A new workflow, blank (a manual trigger) or made from the template <paramref name="templateId"/> with its messages in <paramref name="language"/>.</summary>
    public async Task<Outcome<Guid>> CreateAsync(string? name, string? templateId, string language, CancellationToken cancellationToken)
    {
        JsonObject body;
        if (templateId is null)
        {
            body = new JsonObject
            {
                ["nodes"] = new JsonArray(new JsonObject { ["name"] = language == "en" ? "Manual trigger" : "Disparo manual", ["type"] = NodeTypes.Manual }),
                ["connections"] = new JsonObject(),
            };
        }
        else if (TemplatesApi.GetTemplate(templateId, language).Result is Ok<TemplateView> { Value: { } template })
        {
            body = (JsonObject)template.Definition.DeepClone();
        }
        else
        {
            return Outcome<Guid>.Refused(null, "template", "La plantilla no existe. / The template does not exist.");
        }
        body["name"] = name;
        return await Guarded(async () => await WorkflowsApi.Create(body, validator, store, cancellationToken) is Created<WorkflowView> { Value: { } created }
            ? Outcome<Guid>.Of(created.Id)
            : Outcome<Guid>.NotFound());
    }

    /// <summary>Saves the editor's text as a new version made from <paramref name="basedOn"/>.</summary>
    public async Task<Outcome<Workflow>> SaveAsync(Guid id, int basedOn, string text, CancellationToken cancellationToken)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw new JsonException("The definition is a JSON object.", null, 0, 0);
        }
        catch (JsonException invalid)
        {
            var line = invalid.LineNumber is { } l ? l + 1 : 1;
            return Outcome<Workflow>.Refused(null, "json",
                $"El texto no es un objeto JSON (línea {line}): {invalid.Message} / The text is not a JSON object (line {line}): {invalid.Message}");
        }
        body["version"] = basedOn;
        return await Guarded(async () => await WorkflowsApi.Save(id, body, validator, store, cancellationToken) is Ok<WorkflowView>
            ? Outcome<Workflow>.Of((await store.FindAsync(id, cancellationToken))!)
            : Outcome<Workflow>.NotFound());
    }

    public Task<Outcome<Workflow>> SetActiveAsync(Guid id, bool active, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var result = active
                ? (await WorkflowsApi.Activate(id, store, cancellationToken)).Result
                : (await WorkflowsApi.Deactivate(id, store, cancellationToken)).Result;
            return result is Ok<WorkflowView> ? Outcome<Workflow>.Of((await store.FindAsync(id, cancellationToken))!) : Outcome<Workflow>.NotFound();
        });

    public Task<List<WorkflowVersion>?> VersionsAsync(Guid id, CancellationToken cancellationToken) => store.VersionsAsync(id, cancellationToken);

    /// <summary>Queues a manual run of the workflow with the test input: one JSON object (one item) or an array of objects.</summary>
    public async Task<Outcome<Guid>> RunAsync(Guid id, string input, CancellationToken cancellationToken)
    {
        JsonArray items;
        try
        {
            items = JsonNode.Parse(string.IsNullOrWhiteSpace(input) ? "{}" : input) switch
            {
                JsonArray array => array,
                JsonObject item => [item],
                _ => throw new JsonException("An object or an array of objects."),
            };
        }
        catch (JsonException invalid)
        {
            return Outcome<Guid>.Refused(null, "items",
                $"La entrada de prueba es un objeto JSON o una lista de objetos: {invalid.Message} / The test input is a JSON object or an array of objects: {invalid.Message}");
        }
        var result = await RunsApi.StartManualRun(new ManualRunRequest(id, null, items), db, starter, registry, cancellationToken);
        return result.Result switch
        {
            Accepted<RunView> { Value: { } run } => Outcome<Guid>.Of(run.Id),
            ValidationProblem problem => Outcome<Guid>.Refused([.. problem.ProblemDetails.Errors.SelectMany(e => e.Value.Select(m => new DefinitionError(null, e.Key, m)))]),
            ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } => Outcome<Guid>.NotFound(),
            ProblemHttpResult problem => Outcome<Guid>.Refused(null, "run", problem.ProblemDetails.Detail ?? ""),
            _ => Outcome<Guid>.NotFound(),
        };
    }

    /// <summary>A page of the workflow's runs, newest first, before the run <paramref name="before"/> when given.</summary>
    public async Task<RunList> RunsAsync(Guid workflowId, Guid? before, CancellationToken cancellationToken) =>
        (await RunsApi.ListRuns(workflowId, null, before, 50, db, cancellationToken)).Result is Ok<RunList> { Value: { } runs } ? runs : new RunList([], null);

    public async Task<RunDetail?> RunDetailAsync(Guid runId, CancellationToken cancellationToken) =>
        (await RunsApi.GetRun(runId, db, cancellationToken)).Result is Ok<RunDetail> { Value: { } detail } ? detail : null;

    /// <summary>Runs a failed run again from its failed node, replaying the steps before it.</summary>
    public async Task<Outcome<Guid>> RerunAsync(Guid runId, CancellationToken cancellationToken) =>
        (await RunsApi.Rerun(runId, db, signal, clock, cancellationToken)).Result switch
        {
            Accepted<RunView> { Value: { } run } => Outcome<Guid>.Of(run.Id),
            ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } => Outcome<Guid>.NotFound(),
            ProblemHttpResult problem => Outcome<Guid>.Refused(null, "run", problem.ProblemDetails.Detail ?? ""),
            _ => Outcome<Guid>.NotFound(),
        };

    /// <summary>The store's refusals (an invalid definition, a lost race, a taken name or route) as the page shows them.</summary>
    private static async Task<Outcome<T>> Guarded<T>(Func<Task<Outcome<T>>> work)
    {
        try
        {
            return await work();
        }
        catch (InvalidDefinitionException invalid)
        {
            return Outcome<T>.Refused(invalid.Errors);
        }
        catch (WorkflowConflictException conflict)
        {
            return Outcome<T>.Refused(conflict.Node, conflict.Field, conflict.Message);
        }
    }
}
