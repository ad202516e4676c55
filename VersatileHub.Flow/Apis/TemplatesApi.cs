using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Flow.Templates;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Apis;

/// <summary>A template as the list shows it: names and descriptions in both languages and the variables it reads.</summary>
public sealed record TemplateSummary(string Id, Bilingual Name, Bilingual Description, IReadOnlyList<TemplateVariable> Variables);

/// <summary>A template with its definition, its messages in the language asked for.</summary>
public sealed record TemplateView(string Id, Bilingual Name, Bilingual Description, IReadOnlyList<TemplateVariable> Variables, string Language, JsonNode Definition);

/// <summary>
/// A workflow made from a template, inactive, and the template's variables the tenant has not set yet (set them through
/// <c>/api/flow/variables</c> before activating it).
/// </summary>
public sealed record TemplateWorkflowView(WorkflowView Workflow, string Template, IReadOnlyList<TemplateVariable> MissingVariables);

internal static class TemplatesApi
{
    /// <summary><c>/api/flow/templates</c>: the ready-made workflows, for any member of a tenant.</summary>
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/flow/templates").WithTags("Flow templates").RequireAuthorization();
        templates.MapGet("/", ListTemplates);
        templates.MapGet("/{id}", GetTemplate);
        templates.MapPost("/{id}/workflows", CreateWorkflow).RequireAuthorization(FlowPolicies.Edit).WithWorkflowErrors();
        return app;
    }

    public static Ok<IReadOnlyList<TemplateSummary>> ListTemplates() =>
        TypedResults.Ok<IReadOnlyList<TemplateSummary>>([.. WorkflowTemplates.All.Select(t => new TemplateSummary(t.Id, t.Name, t.Description, t.Variables))]);

    /// <summary>One template; <paramref name="lang"/> (<c>es</c>, the default, or <c>en</c>) chooses the language of its messages.</summary>
    public static Results<Ok<TemplateView>, NotFound, ValidationProblem> GetTemplate(string id, string? lang)
    {
        if (lang is not (null or "es" or "en"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lang"] = ["lang es es o en. / lang is es or en."] });
        }
        if (WorkflowTemplates.Find(id) is not { } template)
        {
            return TypedResults.NotFound();
        }
        var language = lang ?? "es";
        var definition = System.Text.Json.JsonSerializer.SerializeToNode(template.Definition(language), WorkflowDefinition.Json)!;
        return TypedResults.Ok(new TemplateView(template.Id, template.Name, template.Description, template.Variables, language, definition));
    }

    /// <summary>
    /// Creates the tenant's workflow from a template, as its own workflow to edit and activate: named as the body's
    /// <c>name</c> says or as the template is called in <paramref name="lang"/>; its messages in that language.
    /// </summary>
    public static async Task<IResult> CreateWorkflow(
        string id, string? lang, JsonObject? body, WorkflowStore store, TenantVariables variables, CancellationToken cancellationToken)
    {
        var found = GetTemplate(id, lang).Result;
        if (found is not Ok<TemplateView> { Value: { } view })
        {
            return found;
        }
        var template = WorkflowTemplates.Find(id)!;
        string? name = view.Name.In(view.Language);
        if (body?["name"] is { } given)
        {
            name = given is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (name is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["name es un texto. / name is a string."] });
            }
        }
        var workflow = await store.CreateAsync(name, template.Definition(view.Language), cancellationToken);
        var missing = new List<TemplateVariable>();
        foreach (var variable in template.Variables)
        {
            if (await variables.FindAsync(variable.Name, cancellationToken) is null)
            {
                missing.Add(variable);
            }
        }
        return TypedResults.Created($"/api/flow/workflows/{workflow.Id}", new TemplateWorkflowView(WorkflowView.Of(workflow), template.Id, missing));
    }
}
