using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace VersatileHub.Hub.Api;

/// <summary>Input that breaks a rule of the domain: answered with a 400 naming <see cref="Field"/>.</summary>
public sealed class InvalidFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A change that collides with the stored state (a duplicate key, a concurrent edit): answered with a 409.</summary>
public sealed class ConflictException(string message, Exception? inner = null) : Exception(message, inner);

internal static class DomainErrors
{
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Turns the domain's exceptions into problem details, so that handlers stay a parse-call-return.</summary>
    public static TBuilder WithDomainErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (InvalidFieldException invalid)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] });
            }
            catch (ConflictException conflict)
            {
                return TypedResults.Problem(conflict.Message, statusCode: StatusCodes.Status409Conflict);
            }
        });
        return builder;
    }
}
