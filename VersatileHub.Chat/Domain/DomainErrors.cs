using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace VersatileHub.Chat.Domain;

/// <summary>Input that breaks a rule of the domain: answered with a 400 naming <see cref="Field"/>.</summary>
public sealed class InvalidFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A change that collides with the stored state (a lost race, a status it cannot take, a bot during an override): a 409.</summary>
public sealed class ConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A body names an entity the account does not have: a 404 naming <see cref="Field"/>.</summary>
public sealed class UnknownReferenceException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A file larger than the configured limit: a 413 naming the limit.</summary>
public sealed class TooLargeException(string field, long limitBytes)
    : Exception($"Cada adjunto puede pesar hasta {limitBytes} bytes. / Each attachment may be up to {limitBytes} bytes.")
{
    public string Field { get; } = field;

    public long LimitBytes { get; } = limitBytes;
}

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
            catch (UnknownReferenceException unknown)
            {
                return TypedResults.Problem(unknown.Message, statusCode: StatusCodes.Status404NotFound,
                    extensions: new Dictionary<string, object?> { ["field"] = unknown.Field });
            }
            catch (TooLargeException tooLarge)
            {
                return TypedResults.Problem(tooLarge.Message, statusCode: StatusCodes.Status413PayloadTooLarge,
                    extensions: new Dictionary<string, object?> { ["field"] = tooLarge.Field, ["limit_bytes"] = tooLarge.LimitBytes });
            }
        });
        return builder;
    }
}
