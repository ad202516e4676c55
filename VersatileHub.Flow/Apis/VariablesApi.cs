using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Apis;

public sealed record VariableRequest(string? Value, bool Secret = false);

/// <summary>
/// <c>/api/flow/variables</c>: the tenant's variables, read by expressions as <c>$vars.Name</c>. A secret's value is
/// written, never read back: it is stored encrypted and shown as <c>null</c> with <c>secret: true</c>.
/// </summary>
internal static class VariablesApi
{
    public static IEndpointRouteBuilder MapVariablesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/flow/variables").WithTags("Flow").RequireAuthorization(FlowPolicies.Edit).WithWorkflowErrors();
        group.MapGet("/", List);
        group.MapGet("/{name}", Get);
        group.MapPut("/{name}", Set);
        group.MapDelete("/{name}", Delete);
        return app;
    }

    public static async Task<Ok<List<VariableView>>> List(TenantVariables variables, CancellationToken cancellationToken) =>
        TypedResults.Ok(await variables.ListAsync(cancellationToken));

    public static async Task<Results<Ok<VariableView>, NotFound>> Get(string name, TenantVariables variables, CancellationToken cancellationToken) =>
        await variables.FindAsync(name, cancellationToken) is { } variable ? TypedResults.Ok(variable) : TypedResults.NotFound();

    public static async Task<Results<Created<VariableView>, Ok<VariableView>>> Set(string name, VariableRequest request, TenantVariables variables, CancellationToken cancellationToken)
    {
        var (variable, created) = await variables.SetAsync(name, request.Value, request.Secret, cancellationToken);
        return created ? TypedResults.Created($"/api/flow/variables/{variable.Name}", variable) : TypedResults.Ok(variable);
    }

    public static async Task<Results<NoContent, NotFound>> Delete(string name, TenantVariables variables, CancellationToken cancellationToken) =>
        await variables.DeleteAsync(name, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
