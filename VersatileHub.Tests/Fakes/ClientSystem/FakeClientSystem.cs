using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Tests.Fakes.ClientSystem;

/// <summary>
/// A client's own system that a workflow calls over HTTP, on a real socket. <c>/orders</c> honours <c>Idempotency-Key</c>
/// as payment APIs do (the same key again replays the first answer and changes nothing); <c>/echo</c> answers what it
/// received; <c>/slow</c> answers after <c>ms</c>; <c>/status/{code}</c> answers that status; <c>/list</c> a JSON array;
/// <c>/text</c> plain text. Every request is recorded.
/// </summary>
public sealed class FakeClientSystem : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _orders = new(StringComparer.Ordinal);
    private int _orderNumber;

    private FakeClientSystem(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<ClientSystemRequest> Requests { get; } = new();

    /// <summary>Orders created: one per distinct idempotency key, however often it came.</summary>
    public int OrdersCreated => _orders.Count;

    public string Url(string path) => new Uri(BaseUrl, path).ToString();

    /// <summary>Where a workflow reports to the client's system: every <c>POST /calls</c> is counted and answered with a receipt.</summary>
    public Uri CallsUrl => new(BaseUrl, "/calls");

    /// <summary>The <c>Idempotency-Key</c> of every call to <see cref="CallsUrl"/>, in order.</summary>
    public IReadOnlyList<string?> Calls => [.. Requests.Where(r => r.Path == "/calls").Select(r => r.Headers.GetValueOrDefault("Idempotency-Key"))];

    public static async Task<FakeClientSystem> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new FakeClientSystem(app);
        receiver.Map(app);
        await app.StartAsync();
        receiver.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            Requests.Enqueue(new ClientSystemRequest(
                context.Request.Method,
                context.Request.Path,
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                context.Request.ContentType,
                body));
            await next(context);
        });
        app.MapPost("/orders", (HttpContext context) =>
        {
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            if (key.Length == 0)
            {
                return Results.Json(new { error = "Idempotency-Key is required" }, statusCode: 400);
            }
            var order = _orders.GetOrAdd(key, _ => new JsonObject
            {
                ["id"] = Interlocked.Increment(ref _orderNumber),
                ["key"] = key,
            });
            return Results.Json(order, statusCode: 201);
        });
        app.MapPost("/calls", () => Results.Ok(new { received = Calls.Count }));
        app.Map("/echo/{**rest}", (HttpContext context) =>
        {
            var received = Requests.Last(r => r.Path.StartsWith("/echo", StringComparison.Ordinal));
            return Results.Json(new
            {
                method = received.Method,
                path = received.Path,
                query = received.Query,
                contentType = received.ContentType,
                body = received.Body,
                idempotencyKey = received.Headers.GetValueOrDefault("Idempotency-Key"),
            });
        });
        app.MapGet("/slow", async (int ms, CancellationToken cancellationToken) =>
        {
            await Task.Delay(ms, cancellationToken);
            return Results.Json(new { slow = true });
        });
        app.MapGet("/status/{code:int}", (int code) => Results.Json(new { error = $"answered {code.ToString(CultureInfo.InvariantCulture)}" }, statusCode: code));
        app.MapGet("/list", () => Results.Json(new[] { new { n = 1 }, new { n = 2 }, new { n = 3 } }));
        app.MapGet("/text", () => Results.Text("plain words", "text/plain"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ClientSystemRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body);
