using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace VersatileHub.Hub.Api;

/// <summary>Input that breaks a rule of the domain: answered with a 400 naming <see cref="Field"/>.</summary>
public sealed class InvalidFieldException(string field, UserText text) : RefusalException(text)
{
    public string Field { get; } = field;
}

/// <summary>A change that collides with the stored state (a duplicate key, a concurrent edit): answered with a 409.</summary>
public sealed class ConflictException(UserText text, Exception? inner = null) : RefusalException(text, inner);

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
                return Problems.Invalid(invalid.Field, invalid.Text);
            }
            catch (ConflictException conflict)
            {
                return Problems.Refused(conflict.Text, StatusCodes.Status409Conflict);
            }
        });
        return builder;
    }
}
