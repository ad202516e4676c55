using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace VersatileHub.ServiceDefaults.Web;

/// <summary>
/// Text PostgreSQL cannot keep (a NUL character, U+0000, in any field) is the client's bad input, not a server error:
/// 400 with problem details. The request's transaction has rolled back, so nothing of it was stored.
/// </summary>
internal sealed class UnstorableTextHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnstorableText(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Un texto tiene un carácter que no se puede guardar (NUL, U+0000). / A text has a character that cannot be stored (NUL, U+0000).",
            },
        });
    }

    /// <summary>Anywhere in the chain: EF Core wraps the provider's exception in its own.</summary>
    internal static bool IsUnstorableText(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
            {
                return true;
            }
        }
        return false;
    }
}
