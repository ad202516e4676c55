using System.Diagnostics;
using System.Text.Json;
using Microsoft.SemanticKernel;
using VersatileHub.Agent.Models;

namespace VersatileHub.Agent.Tools;

/// <summary>
/// Every function the model calls goes through here, whoever wrote it: the call is timed, counted by tool and status,
/// and recorded in the turn (saved to <c>tool_calls</c> when the turn ends). A tool that throws or times out hands the
/// model a short error instead, so the model can tell the customer rather than the turn failing.
/// </summary>
internal sealed partial class ToolCallLog(AgentTurn turn, AgentTelemetry telemetry, TimeProvider time, ILogger logger) : IFunctionInvocationFilter
{
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        var tool = context.Function.Name;
        var arguments = JsonSerializer.Serialize(context.Arguments.ToDictionary(a => a.Key, a => a.Value?.ToString()));
        var started = Stopwatch.GetTimestamp();
        string status;
        try
        {
            await next(context);
            status = "ok";
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            status = "timeout";
            context.Result = new FunctionResult(context.Function, "Error: the tool took too long; tell the customer you could not check now.");
        }
        catch (Exception exception) when (exception is HttpRequestException or ToolFailedException or JsonException)
        {
            status = "failed";
            LogFailed(tool, exception.Message);
            context.Result = new FunctionResult(context.Function, "Error: the tool failed; tell the customer you could not check now.");
        }
        var duration = Stopwatch.GetElapsedTime(started);
        var size = context.Result.GetValue<object>()?.ToString()?.Length ?? 0;
        turn.Called(ToolCallRecord.Of(turn.TenantId, turn.Scope?.ConversationId, tool, arguments, size, duration, status, time.GetUtcNow()));
        telemetry.ToolCalled(tool, status);
        LogCalled(tool, status, (long)duration.TotalMilliseconds, size);
    }

    [LoggerMessage(LogLevel.Information, "Tool {Tool} ended {Status} in {DurationMs} ms with {ResultSize} characters.")]
    private partial void LogCalled(string tool, string status, long durationMs, int resultSize);

    [LoggerMessage(LogLevel.Warning, "Tool {Tool} failed: {Reason}")]
    private partial void LogFailed(string tool, string reason);
}

/// <summary>A tool's backend answered in a way the tool cannot turn into an answer (a 5xx, an unexpected status).</summary>
public sealed class ToolFailedException(string message) : Exception(message);
