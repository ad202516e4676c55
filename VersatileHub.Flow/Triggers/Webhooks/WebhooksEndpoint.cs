using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Nodes.Logic;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Triggers.Webhooks;

/// <summary>
/// <c>/hooks/{tenant}/{path}</c>, anonymous: the tenant's active workflow whose enabled webhook node has this path and
/// method runs with the request as its item. Its node's secret header or HMAC signature is checked first. It answers at
/// once (<c>onReceived</c>: the run is queued) or with the workflow's output (<c>lastNode</c>, <c>responseNode</c>: the
/// run executes in this request, its history written as it goes). No such workflow, or an inactive one: 404.
/// </summary>
internal static class WebhooksEndpoint
{
    public const string Prefix = "/hooks";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.Map($"{Prefix}/{{tenant:int}}/{{**path}}", ReceiveAsync).AllowAnonymous().WithTags("Flow webhooks").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, int tenant, string? path, [AsParameters] WebhookEngine engine)
    {
        var cancellationToken = http.RequestAborted;
        var method = http.Request.Method.ToUpperInvariant();
        var (metrics, clock) = (engine.Metrics, engine.Clock);
        var active = await engine.Catalog.ActiveAsync(tenant, cancellationToken);
        var route = WebhookRoutes.Find(active, method, path ?? "", out var otherMethod);
        if (route is null)
        {
            metrics.Webhook("not_found");
            return TypedResults.Problem(
                otherMethod
                    ? $"Ningún workflow activo escucha {method} en esta ruta. / No active workflow listens for {method} at this path."
                    : "Ningún workflow activo escucha en esta ruta. / No active workflow listens at this path.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var body = await ReadBodyAsync(http.Request, cancellationToken);
        var node = route.Node;
        var authentication = Parameters.Text(node, "authentication") ?? "none";
        string? consumedHeader = null;
        if (authentication != "none")
        {
            var secret = await SecretAsync(http.RequestServices, route, tenant, engine.Limits.Value, clock, cancellationToken);
            consumedHeader = authentication == WebhookNode.HeaderAuth
                ? Parameters.Text(node, "headerName") ?? WebhookNode.DefaultSecretHeader
                : Parameters.Text(node, "signatureHeader") ?? WebhookNode.DefaultSignatureHeader;
            var presented = http.Request.Headers[consumedHeader].ToString();
            var valid = secret.Length > 0 && (authentication == WebhookNode.HeaderAuth
                ? FixedTimeEquals(presented, secret)
                : SignatureHolds(presented, secret, body));
            if (!valid)
            {
                metrics.Webhook("unauthorized");
                return TypedResults.Problem(
                    $"Falta o no es válido {consumedHeader}. / {consumedHeader} is missing or not valid.",
                    statusCode: StatusCodes.Status401Unauthorized);
            }
        }

        JsonArray triggerItems = [Item(http.Request, route, body, consumedHeader)];
        var itemsJson = triggerItems.ToJsonString();
        var items = ItemsJson.Detach(triggerItems);
        var now = clock.GetUtcNow();
        var runId = Guid.CreateVersion7(now);
        var workflow = route.Workflow;
        var mode = WebhookNode.ResponseModeOf(node);
        metrics.Webhook("accepted");
        if (mode == WebhookNode.OnReceived)
        {
            // Queued (a worker runs it, within the workflow's concurrency limit); the caller hears at once.
            await QueueAsync(engine, runId, tenant, workflow, node.Name, itemsJson, now);
            return Respond(ResponseCode(node), ResponseData(node) == "noData" ? null : new JsonObject { ["message"] = "Workflow was started", ["runId"] = runId.ToString() });
        }
        if (workflow.Definition.Settings.MaxConcurrency is not null)
        {
            // Within the limit a worker takes it at once; past it, it waits for a slot, and the caller does not wait for long.
            using var expected = engine.Completions.Expect(runId);
            await QueueAsync(engine, runId, tenant, workflow, node.Name, itemsJson, now);
            var wait = engine.Options.Value.QueuedResponseWait;
            try
            {
                // Wall-clock time, as an HTTP timeout: how long the caller's connection is held, not a time of the workflow's.
                return Answer(await expected.Result.WaitAsync(wait, cancellationToken), node, mode);
            }
            catch (TimeoutException)
            {
                return Queued(runId, wait);
            }
        }

        var result = await engine.Executor.ExecuteAsync(
            new RunJob(runId, tenant, workflow, node.Name, "webhook", items, itemsJson, now, now, null, null, []),
            engine.Lifetime.ApplicationStopping);
        return Answer(result, node, mode);
    }

    private static async Task QueueAsync(WebhookEngine engine, Guid runId, int tenant, CompiledWorkflow workflow, string node, string itemsJson, DateTimeOffset now)
    {
        await engine.Writer.WriteAsync(new RunRecord(runId, tenant, workflow.Id, workflow.Version, RunStatus.Queued, node, "webhook", itemsJson,
            now, now, null, null, null, null, null, null, null, workflow.Definition.Settings.MaxConcurrency), []);
        engine.Signal.Wake();
    }

    /// <summary>What the caller hears of a run that ended or paused: its output, Respond to Webhook's answer, or why not.</summary>
    private static IResult Answer(RunResult result, Workflows.WorkflowNode node, string mode)
    {
        if (result.Reply is { } reply)
        {
            return new WebhookReplyResult(reply);
        }
        var runId = result.RunId;
        return result.Status switch
        {
            RunStatus.Succeeded when mode == WebhookNode.LastNode => Respond(ResponseCode(node), ResponseData(node) switch
            {
                "noData" => null,
                "allEntries" => new JsonArray([.. result.LastItems.Select(i => i.DeepClone())]),
                _ => result.LastItems.Count > 0 ? result.LastItems[0].DeepClone() : new JsonObject(),
            }),
            RunStatus.Waiting => TypedResults.Accepted((string?)null, new { runId, status = "waiting" }),
            RunStatus.Failed => TypedResults.Problem(
                $"El workflow falló en el nodo {result.FailedNode}. / The workflow failed at node {result.FailedNode}.",
                statusCode: StatusCodes.Status502BadGateway,
                extensions: new Dictionary<string, object?> { ["runId"] = runId, ["node"] = result.FailedNode }),
            _ => TypedResults.Problem(
                "El workflow terminó sin que un nodo Respond to Webhook respondiera. / The workflow ended without a Respond to Webhook node answering.",
                statusCode: StatusCodes.Status502BadGateway,
                extensions: new Dictionary<string, object?> { ["runId"] = runId }),
        };
    }

    /// <summary>202 as problem details: the run is queued behind the workflow's concurrency limit; its history tells the outcome.</summary>
    private static IResult Queued(Guid runId, TimeSpan wait)
    {
        var seconds = wait.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var location = $"/api/flow/runs/{runId}";
        return new WithLocation(location, TypedResults.Problem(
            $"El workflow está en su límite de ejecuciones simultáneas y la ejecución {runId} no terminó en {seconds} s: quedó en cola y sigue; su resultado se ve en {location}. / "
            + $"The workflow is at its concurrency limit and run {runId} did not finish within {seconds} s: it is queued and goes on; its outcome is at {location}.",
            statusCode: StatusCodes.Status202Accepted,
            title: "Ejecución en cola / Run queued",
            extensions: new Dictionary<string, object?> { ["runId"] = runId, ["runStatus"] = "queued", ["run"] = location }));
    }

    private static int ResponseCode(Workflows.WorkflowNode node)
    {
        var code = Conditions.Number(Parameters.Raw(node, "responseCode") ?? Parameters.Raw(node, "options.responseCode"));
        return double.IsNaN(code) || code is < 100 or > 599 ? 200 : (int)code;
    }

    private static string ResponseData(Workflows.WorkflowNode node) => Parameters.Text(node, "responseData") ?? "firstEntryJson";

    private static IResult Respond(int status, JsonNode? body) =>
        new WebhookReplyResult(WebhookReply.Json(status, body));

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>The request as n8n's webhook node gives it: headers (lower case), path parameters, query and body.</summary>
    private static JsonObject Item(HttpRequest request, WebhookRoute route, byte[] body, string? consumedHeader)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in request.Headers)
        {
            // The secret the caller proved with stays out of the run's history.
            if (!string.Equals(name, consumedHeader, StringComparison.OrdinalIgnoreCase))
            {
                headers[name.ToLowerInvariant()] = value.ToString();
            }
        }
        var query = new JsonObject();
        foreach (var (name, value) in request.Query)
        {
            query[name] = value.Count > 1 ? new JsonArray([.. value.Select(v => JsonValue.Create(v))]) : value.ToString();
        }
        var parameters = new JsonObject();
        foreach (var (name, value) in route.PathParameters)
        {
            parameters[name] = value;
        }
        return new JsonObject
        {
            ["headers"] = headers,
            ["params"] = parameters,
            ["query"] = query,
            ["body"] = Body(request, body),
        };
    }

    private static JsonNode? Body(HttpRequest request, byte[] body)
    {
        if (body.Length == 0)
        {
            return new JsonObject();
        }
        var contentType = request.ContentType ?? "";
        if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return Encoding.UTF8.GetString(body);
            }
        }
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = new JsonObject();
            foreach (var (name, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
            {
                form[name] = value.ToString();
            }
            return form;
        }
        return Encoding.UTF8.GetString(body);
    }

    private static async Task<string> SecretAsync(IServiceProvider services, WebhookRoute route, int tenant, ScriptLimits limits, TimeProvider clock, CancellationToken cancellationToken)
    {
        var raw = Parameters.Raw(route.Node, "secret");
        var text = Conditions.Text(raw) ?? "";
        if (!Parameters.IsExpression(text))
        {
            return text;
        }
        services.GetRequiredService<CurrentTenant>().Set(tenant);
        var variables = await VariableSet.LoadAsync(services.GetRequiredService<FlowDbContext>(), services.GetRequiredService<IDataProtectionProvider>(), cancellationToken);
        var scope = new ExpressionScope(new RunFacts(Guid.Empty, route.Workflow.Id, route.Workflow.Name, [], variables, clock, route.Workflow.TimeZone), limits);
        try
        {
            return Conditions.Text(scope.Evaluate(raw, [], 0)) ?? "";
        }
        catch (ExpressionFailedException)
        {
            // A secret that cannot be computed admits nobody.
            return "";
        }
    }

    private static bool FixedTimeEquals(string presented, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(secret));

    private static bool SignatureHolds(string presented, string secret, byte[] body)
    {
        var hex = presented.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? presented[7..] : presented;
        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(claimed, HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }
}

/// <summary>What a webhook request needs of the engine.</summary>
internal sealed record WebhookEngine(
    WorkflowCatalog Catalog, RunExecutor Executor, HistoryWriter Writer, RunSignal Signal, RunCompletions Completions, FlowMetrics Metrics,
    IOptions<ScriptLimits> Limits, IOptions<WebhookOptions> Options, TimeProvider Clock, IHostApplicationLifetime Lifetime);

/// <summary>Another result with a <c>Location</c> header.</summary>
internal sealed class WithLocation(string location, IResult inner) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.Location = location;
        return inner.ExecuteAsync(httpContext);
    }
}

/// <summary>Writes a workflow's answer: status, headers, and a JSON body, a text body, or none.</summary>
internal sealed class WebhookReplyResult(WebhookReply reply) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = reply.StatusCode;
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }
        if (reply.Text is not null)
        {
            if (!reply.Headers.ContainsKey("Content-Type"))
            {
                response.ContentType = "text/plain; charset=utf-8";
            }
            await response.WriteAsync(reply.Text, httpContext.RequestAborted);
        }
        else if (reply.Body is not null)
        {
            if (!reply.Headers.ContainsKey("Content-Type"))
            {
                response.ContentType = "application/json; charset=utf-8";
            }
            await using var writer = new Utf8JsonWriter(response.Body);
            reply.Body.WriteTo(writer);
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }
}
