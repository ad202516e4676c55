using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Orchestration;
using VersatileHub.AppHost.Telemetry;

namespace VersatileHub.AppHost.Dashboard;

/// <summary>
/// The dashboard page's API under <c>/api/resources</c>: the resources now, their changes and logs as server-sent events,
/// a resource's telemetry, and restart.
/// </summary>
internal static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this IEndpointRouteBuilder app, ResourceMonitor monitor, TelemetryStore telemetry, IResourceCommands commands)
    {
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", () => TypedResults.Ok(monitor.Snapshots().Select(s => ResourceView.Of(s, telemetry, commands))));
        api.MapGet("/events", (IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(ChangesAsync(monitor, telemetry, commands, lifetime, cancellationToken), "resource"));
        api.MapGet("/{name}/logs", Results<ServerSentEventsResult<LogLineView>, ProblemHttpResult> (string name, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
            monitor.Find(name) is { } resource
                ? TypedResults.ServerSentEvents(LogsAsync(monitor, resource, lifetime, cancellationToken), "log")
                : NotFound(name));
        api.MapGet("/{name}/telemetry", Results<Ok<TelemetryView>, ProblemHttpResult> (string name) =>
            monitor.Find(name) is { } resource ? TypedResults.Ok(TelemetryView.Of(telemetry.SummaryOf(resource.Name))) : NotFound(name));
        api.MapPost("/{name}/restart", Results<Accepted, ProblemHttpResult> (string name) =>
            monitor.Find(name) is not { } resource ? NotFound(name)
            : commands.RequestRestart(resource) switch
            {
                RestartRequest.Accepted => TypedResults.Accepted((string?)null),
                RestartRequest.NotRestartable => TypedResults.Problem(
                    $"'{resource.Name}' has no process of its own to restart here; restart what runs it.", statusCode: StatusCodes.Status409Conflict),
                _ => TypedResults.Problem(
                    $"'{resource.Name}' is {monitor.GetState(resource)}; wait until it has started or stopped.", statusCode: StatusCodes.Status409Conflict),
            });
        return api;
    }

    private static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem($"The run has no resource named '{name}'.", statusCode: StatusCodes.Status404NotFound);

    // Every resource once, then each change as it happens (a health check's time included).
    private static async IAsyncEnumerable<ResourceView> ChangesAsync(
        ResourceMonitor monitor, TelemetryStore telemetry, IResourceCommands commands, IHostApplicationLifetime lifetime, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var watch = monitor.WatchStates();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        foreach (var snapshot in monitor.Snapshots())
        {
            yield return ResourceView.Of(snapshot, telemetry, commands);
        }

        await foreach (var snapshot in ReadUntilStoppedAsync(watch, stopping.Token))
        {
            yield return ResourceView.Of(snapshot, telemetry, commands);
        }
    }

    // The lines kept so far, then each new line; a line's number lets the page tell it has missed none.
    private static async IAsyncEnumerable<LogLineView> LogsAsync(
        ResourceMonitor monitor, IResource resource, IHostApplicationLifetime lifetime, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var watch = monitor.WatchLogs(resource);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        foreach (var line in watch.Backlog)
        {
            yield return LogLineView.Of(line);
        }

        await foreach (var line in ReadUntilStoppedAsync(watch, stopping.Token))
        {
            yield return LogLineView.Of(line);
        }
    }

    private static async IAsyncEnumerable<T> ReadUntilStoppedAsync<T>(Watch<T> watch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            T item;
            try
            {
                item = await watch.Updates.ReadAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The browser went away, or the run is stopping: the stream ends.
                yield break;
            }

            yield return item;
        }
    }
}

/// <summary>A resource as the page shows it.</summary>
internal sealed record ResourceView(
    string Name, string Type, string State, string? Detail, string? Health, DateTimeOffset? HealthCheckedAt, string? HealthProblem,
    int? ProcessId, DateTimeOffset? StartedAt, int Starts, bool CanRestart, IReadOnlyList<string> Urls, long Spans, long LogRecords)
{
    public static ResourceView Of(ResourceSnapshot snapshot, TelemetryStore telemetry, IResourceCommands commands)
    {
        var summary = telemetry.SummaryOf(snapshot.Resource.Name);
        return new ResourceView(
            snapshot.Resource.Name, ResourceDescription.TypeOf(snapshot.Resource), $"{snapshot.State}", snapshot.Detail,
            snapshot.Health is null ? null : snapshot.Health.Healthy ? "Healthy" : "Unhealthy", snapshot.Health?.CheckedAt, snapshot.Health?.Problem,
            snapshot.ProcessId, snapshot.StartedAt, snapshot.Starts, commands.CanRestart(snapshot.Resource), ResourceDescription.UrlsOf(snapshot.Resource),
            summary.Spans, summary.LogRecords);
    }
}

internal sealed record LogLineView(long Number, DateTimeOffset Time, string Text, bool IsError)
{
    public static LogLineView Of(LogLine line) => new(line.Number, line.Time, line.Text, line.IsError);
}

internal sealed record TelemetryView(long Spans, long ErrorSpans, long LogRecords, int Metrics, IReadOnlyList<SpanView> LatestSpans, IReadOnlyList<ReceivedLogRecord> LatestLogRecords)
{
    public static TelemetryView Of(TelemetrySummary summary) =>
        new(summary.Spans, summary.ErrorSpans, summary.LogRecords, summary.Metrics, [.. summary.LatestSpans.Select(SpanView.Of)], summary.LatestLogRecords);
}

internal sealed record SpanView(string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, DateTimeOffset Start, double DurationMs, bool IsError, string? StatusMessage)
{
    public static SpanView Of(ReceivedSpan span) =>
        new(span.TraceId, span.SpanId, span.ParentSpanId, span.Name, span.Kind, span.Start, span.Duration.TotalMilliseconds, span.IsError, span.StatusMessage);
}
