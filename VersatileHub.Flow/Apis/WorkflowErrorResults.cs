using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Apis;

internal static class WorkflowErrorResults
{
    /// <summary>
    /// Turns a refused definition into a 400 whose <c>errors</c> are keyed by node and field (<c>Send.parameters.url</c>)
    /// and whose <c>definitionErrors</c> list each as <c>{node, field, message}</c> for the editor; a lost race into a 409
    /// naming the field.
    /// </summary>
    public static TBuilder WithWorkflowErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (InvalidDefinitionException invalid)
            {
                return Invalid(invalid.Errors);
            }
            catch (WorkflowConflictException conflict)
            {
                return TypedResults.Problem(conflict.Message, statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["node"] = conflict.Node, ["field"] = conflict.Field });
            }
        });
        return builder;
    }

    public static IResult Invalid(IReadOnlyList<DefinitionError> errors, IDictionary<string, object?>? extensions = null)
    {
        var byField = errors
            .GroupBy(e => e.Node is null ? e.Field ?? "" : e.Field is null ? e.Node : $"{e.Node}.{e.Field}")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        var extra = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>())
        {
            ["definitionErrors"] = errors.Select(e => new { node = e.Node, field = e.Field, message = e.Message }).ToList(),
        };
        return TypedResults.ValidationProblem(byField,
            detail: "La definición no se puede guardar: cada error nombra el nodo y el campo. / The definition cannot be saved: each error names the node and the field.",
            extensions: extra);
    }
}
