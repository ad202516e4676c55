using System.ClientModel;
using System.Net;
using Microsoft.SemanticKernel;

namespace VersatileHub.Agent.Models;

/// <summary>Why a model request failed, and whether the fallback profile should be tried (a timeout, a 5xx, a 429).</summary>
public sealed record ModelFailure(string Reason, int? StatusCode, string Message)
{
    public bool WorthFallingBack => Reason is "timeout" or "unreachable" || StatusCode is >= 500 or 429;

    public string Describe() => StatusCode is { } status ? $"{Reason} ({status}): {Message}" : $"{Reason}: {Message}";

    /// <summary>The failure an exception stands for, or null when it is not a model failure (the caller cancelled).</summary>
    public static ModelFailure? Of(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        return exception switch
        {
            HttpOperationException { StatusCode: { } status } http => new ModelFailure(Name(status), (int)status, Short(http.Message)),
            HttpOperationException { InnerException: ClientResultException { Status: > 0 } inner } => new ModelFailure(Name((HttpStatusCode)inner.Status), inner.Status, Short(inner.Message)),
            HttpOperationException { InnerException: OperationCanceledException or TimeoutException } or OperationCanceledException or TimeoutException
                => new ModelFailure("timeout", null, "The model did not answer in time."),
            HttpOperationException or HttpRequestException or ClientResultException => new ModelFailure("unreachable", null, Short(exception.Message)),
            KernelException or InvalidOperationException or System.Text.Json.JsonException => new ModelFailure("invalid_answer", null, Short(exception.Message)),
            _ => null,
        };
    }

    private static string Name(HttpStatusCode status) => (int)status switch
    {
        429 => "rate_limited",
        >= 500 => "server_error",
        401 or 403 => "unauthorized",
        _ => "refused",
    };

    private static string Short(string message) => message.Length > 300 ? message[..300] : message;
}
