using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace VersatileHub.Chat.Data;

/// <summary>
/// A database that did not answer in time (a command timeout, no free connection in the pool, too many connections) means
/// Chat is overloaded, not broken: the caller is told to come back shortly with a 503 and <c>Retry-After</c>, which the
/// gateways and Chatwoot clients retry, instead of a 500.
/// </summary>
internal sealed partial class DatabaseBusyHandler(IProblemDetailsService problemDetails, ILogger<DatabaseBusyHandler> logger) : IExceptionHandler
{
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsBusy(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }
        LogBusy(exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        // Handled even when the client accepts no problem details: the status and Retry-After say it all.
        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Chat está sobrecargado; volvé a intentar en unos segundos. / Chat is overloaded; try again in a few seconds.",
                Detail = "La base de datos no respondió a tiempo. / The database did not answer in time.",
            },
        });
        return true;
    }

    /// <summary>A timeout or an exhausted server anywhere in the chain (EF Core wraps the provider's exception in its own).</summary>
    internal static bool IsBusy(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case TimeoutException:
                case PostgresException { SqlState: PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.TooManyConnections
                    or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.LockNotAvailable }:
                    return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database did not answer {Method} {Path} in time; answered 503")]
    private partial void LogBusy(Exception exception, string method, string path);
}
