using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Flow.Import;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Apis;

public sealed record WorkflowSummary(Guid Id, string Name, bool Active, int Version, IReadOnlyList<string> Triggers, int Nodes, DateTimeOffset UpdatedAt)
{
    public static WorkflowSummary Of(Workflow w, DefinitionValidator validator) =>
        new(w.Id, w.Name, w.Active, w.Version,
            w.Definition.Nodes.Where(n => !n.Disabled && validator.IsTrigger(n.Type)).Select(n => n.Type).Distinct().ToList(),
            w.Definition.Nodes.Count, w.UpdatedAt);
}

public sealed record WorkflowView(
    Guid Id,
    string Name,
    bool Active,
    int Version,
    IReadOnlyList<WorkflowNode> Nodes,
    IReadOnlyDictionary<string, NodeConnections> Connections,
    WorkflowSettings Settings,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WorkflowView Of(Workflow w) =>
        new(w.Id, w.Name, w.Active, w.Version, w.Definition.Nodes, w.Definition.Connections, w.Definition.Settings, w.CreatedAt, w.UpdatedAt);
}

public sealed record VersionSummary(int Version, DateTimeOffset SavedAt);

public sealed record VersionView(int Version, DateTimeOffset SavedAt, IReadOnlyList<WorkflowNode> Nodes, IReadOnlyDictionary<string, NodeConnections> Connections, WorkflowSettings Settings);

public sealed record ImportedWorkflow(WorkflowView Workflow, IReadOnlyList<ImportNote> Notes);

/// <summary>
/// <c>/api/flow/workflows</c>: the tenant's workflows as n8n-shaped JSON (<c>name</c>, <c>nodes</c>, <c>connections</c>,
/// <c>settings</c>); every save keeps a version and names the version it edits; activation makes the triggers live.
/// </summary>
internal static class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/flow/workflows").WithTags("Flow").RequireAuthorization(FlowPolicies.Read);
        read.MapGet("/", List);
        read.MapGet("/{id:guid}", Get);
        read.MapGet("/{id:guid}/versions", Versions);
        read.MapGet("/{id:guid}/versions/{version:int}", Version);

        var edit = app.MapGroup("/api/flow/workflows").WithTags("Flow").RequireAuthorization(FlowPolicies.Edit).WithWorkflowErrors();
        edit.MapPost("/", Create);
        edit.MapPost("/validate", Validate);
        edit.MapPut("/{id:guid}", Save);
        edit.MapDelete("/{id:guid}", Delete);
        edit.MapPost("/{id:guid}/activate", Activate);
        edit.MapPost("/{id:guid}/deactivate", Deactivate);
        edit.MapPost("/import/n8n", ImportN8n);
        return app;
    }

    public static async Task<Ok<List<WorkflowSummary>>> List(WorkflowStore store, DefinitionValidator validator, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).ConvertAll(w => WorkflowSummary.Of(w, validator)));

    public static async Task<Results<Ok<WorkflowView>, NotFound>> Get(Guid id, WorkflowStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } workflow ? TypedResults.Ok(WorkflowView.Of(workflow)) : TypedResults.NotFound();

    public static async Task<Results<Ok<List<VersionSummary>>, NotFound>> Versions(Guid id, WorkflowStore store, CancellationToken cancellationToken) =>
        await store.VersionsAsync(id, cancellationToken) is { } versions
            ? TypedResults.Ok(versions.ConvertAll(v => new VersionSummary(v.Version, v.SavedAt)))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<VersionView>, NotFound>> Version(Guid id, int version, WorkflowStore store, CancellationToken cancellationToken) =>
        await store.VersionAsync(id, version, cancellationToken) is { } saved
            ? TypedResults.Ok(new VersionView(saved.Version, saved.SavedAt, saved.Definition.Nodes, saved.Definition.Connections, saved.Definition.Settings))
            : TypedResults.NotFound();

    public static async Task<IResult> Create(JsonObject body, DefinitionValidator validator, WorkflowStore store, CancellationToken cancellationToken)
    {
        var definition = ReadDefinition(body, validator);
        var workflow = await store.CreateAsync(Name(body), definition, cancellationToken);
        return TypedResults.Created($"/api/flow/workflows/{workflow.Id}", WorkflowView.Of(workflow));
    }

    /// <summary>Checks a definition as a save would, without saving it (the editor's live check).</summary>
    public static IResult Validate(JsonObject body, DefinitionValidator validator)
    {
        ReadDefinition(body, validator, named: false);
        return TypedResults.Ok(new { valid = true });
    }

    public static async Task<IResult> Save(Guid id, JsonObject body, DefinitionValidator validator, WorkflowStore store, CancellationToken cancellationToken)
    {
        if (body["version"] is not JsonValue v || !v.TryGetValue<int>(out var basedOn))
        {
            throw InvalidDefinitionException.Of(null, "version",
                "Mandá «version», la versión que editaste, para no pisar cambios ajenos. / Send «version», the version you edited, so others' changes are not overwritten.");
        }
        var definition = ReadDefinition(body, validator);
        return await store.SaveAsync(id, basedOn, Name(body), definition, cancellationToken) is { } workflow
            ? TypedResults.Ok(WorkflowView.Of(workflow))
            : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound>> Delete(Guid id, WorkflowStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Results<Ok<WorkflowView>, NotFound>> Activate(Guid id, WorkflowStore store, CancellationToken cancellationToken) =>
        await store.ActivateAsync(id, cancellationToken) is { } workflow ? TypedResults.Ok(WorkflowView.Of(workflow)) : TypedResults.NotFound();

    public static async Task<Results<Ok<WorkflowView>, NotFound>> Deactivate(Guid id, WorkflowStore store, CancellationToken cancellationToken) =>
        await store.DeactivateAsync(id, cancellationToken) is { } workflow ? TypedResults.Ok(WorkflowView.Of(workflow)) : TypedResults.NotFound();

    /// <summary>
    /// Imports an n8n export (the JSON n8n's "Download" writes) as a new, inactive workflow named <paramref name="name"/> or
    /// as in the export. Unsupported nodes are a 400 naming each; what is left out on purpose comes back as notes.
    /// </summary>
    public static async Task<IResult> ImportN8n(JsonObject body, string? name, DefinitionValidator validator, WorkflowStore store, CancellationToken cancellationToken)
    {
        var import = N8nImporter.Read(body);
        if (import.Definition is null)
        {
            return WorkflowErrorResults.Invalid(
                import.Unsupported.Select(u => new DefinitionError(u.Name, "type", $"«{u.Type}»: {u.Reason}")).ToList(),
                new Dictionary<string, object?> { ["unsupportedNodes"] = import.Unsupported, ["notes"] = import.Notes });
        }
        var errors = validator.Validate(import.Definition);
        if (errors.Count > 0)
        {
            return WorkflowErrorResults.Invalid(errors, new Dictionary<string, object?> { ["notes"] = import.Notes });
        }
        var workflow = await store.CreateAsync(string.IsNullOrWhiteSpace(name) ? import.Name : name, import.Definition, cancellationToken);
        return TypedResults.Created($"/api/flow/workflows/{workflow.Id}", new ImportedWorkflow(WorkflowView.Of(workflow), import.Notes));
    }

    /// <summary>The body's definition, or every error in it and in the name at once.</summary>
    private static WorkflowDefinition ReadDefinition(JsonObject body, DefinitionValidator validator, bool named = true)
    {
        var (definition, errors) = validator.Read(body);
        if (definition is not null)
        {
            return definition;
        }
        throw new InvalidDefinitionException(named && WorkflowStore.NameError(Name(body)) is { } nameError ? [nameError, .. errors] : errors);
    }

    private static string? Name(JsonObject body) => body["name"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
}
