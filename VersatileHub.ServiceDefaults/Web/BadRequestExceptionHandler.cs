using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace VersatileHub.ServiceDefaults.Web;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a wrong type, a bad query value) into a 400 problem
/// details, naming the JSON field where one is known (<c>lines[0].quantity</c>), instead of a bare 400 or a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        ProblemDetails problem = badRequest.InnerException is JsonException { Path: { } path } json
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [FieldName(path)] = [FieldError(json)] })
            {
                Title = "The request body is not valid JSON for this endpoint.",
            }
            : new ProblemDetails { Title = "The request could not be read.", Detail = badRequest.Message };
        problem.Status = badRequest.StatusCode;

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary><c>$.lines[0].quantity</c> → <c>lines[0].quantity</c>; the whole body is <c>body</c>.</summary>
    private static string FieldName(string path)
    {
        var field = path.TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }

    // The serializer's own message names .NET types; say what the client can act on.
    private static string FieldError(JsonException json) =>
        json.Path is "$" or null ? "The body is not well-formed JSON." : "This value has the wrong type or format.";
}
