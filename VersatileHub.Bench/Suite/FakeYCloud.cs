using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// YCloud's send API on loopback (<c>POST /v2/whatsapp/messages</c>, <c>X-API-Key</c>, answering the message object with its
/// <c>id</c>), keeping every message the gateway sends: when it arrived (this process's clock, the load generator's too),
/// to whom, and under which <c>externalId</c> (the gateway's key for one part of one Chat message). It can be told to
/// answer bursts of 429 (with <c>Retry-After</c>) or 500, as a provider under strain does.
/// </summary>
internal sealed class FakeYCloud : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _byExternalId = new();
    private readonly ConcurrentDictionary<string, (long Timestamp, DateTimeOffset At)> _firstTo = new();
    private long _accepted;
    private long _refused;
    private volatile Refusal? _refusal;

    private sealed record Refusal(int Status, long Until);

    private FakeYCloud(WebApplication app) => _app = app;

    public const string ApiKey = "suite-bench-ycloud-key";

    /// <summary>The API root to give the gateway as <c>WhatsApp__YCloudBaseUrl</c>.</summary>
    public string BaseUrl => _app.Urls.First();

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Requests answered 429 or 500 on purpose.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>How many times each <c>externalId</c> was accepted.</summary>
    public IReadOnlyDictionary<string, int> ByExternalId => _byExternalId;

    public static async Task<FakeYCloud> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeYCloud(app);
        app.MapPost("/v2/whatsapp/messages", (Delegate)fake.SendAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>Answers every send with <paramref name="status"/> (429 or 500) for <paramref name="duration"/>.</summary>
    public void RefuseFor(int status, TimeSpan duration) =>
        _refusal = new Refusal(status, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));

    /// <summary>When the first message to <paramref name="to"/> (with or without its <c>+</c>) arrived, a <see cref="Stopwatch"/> timestamp.</summary>
    public bool TryFirstTo(string to, out long timestamp)
    {
        var found = _firstTo.TryGetValue(to.TrimStart('+'), out var first);
        timestamp = first.Timestamp;
        return found;
    }

    /// <summary>The wall-clock time the first message to <paramref name="to"/> arrived, to set beside Chat's own timestamps.</summary>
    public DateTimeOffset? FirstToAt(string to) => _firstTo.TryGetValue(to.TrimStart('+'), out var first) ? first.At : null;

    public void Forget()
    {
        _firstTo.Clear();
        _byExternalId.Clear();
    }

    private async Task<IResult> SendAsync(HttpContext http)
    {
        var arrived = Stopwatch.GetTimestamp();
        if (http.Request.Headers["X-API-Key"] != ApiKey)
        {
            return Results.Json(new { error = new { message = "Invalid API key" } }, statusCode: 401);
        }
        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        var root = body.RootElement;
        var to = root.TryGetProperty("to", out var t) ? t.GetString() : null;
        var externalId = root.TryGetProperty("externalId", out var e) ? e.GetString() : null;
        if (to is null || !root.TryGetProperty("type", out _))
        {
            return Results.Json(new { error = new { message = "to and type are required" } }, statusCode: 400);
        }
        if (_refusal is { } refusal && arrived < refusal.Until)
        {
            Interlocked.Increment(ref _refused);
            if (refusal.Status == 429)
            {
                http.Response.Headers.RetryAfter = "1";
                return Results.Json(new { error = new { message = "Too many requests" } }, statusCode: 429);
            }
            return Results.Json(new { error = new { message = "Internal error" } }, statusCode: refusal.Status);
        }
        var id = string.Create(CultureInfo.InvariantCulture, $"ycloud-out-{Interlocked.Increment(ref _accepted)}");
        _firstTo.TryAdd(to.TrimStart('+'), (arrived, DateTimeOffset.UtcNow));
        if (externalId is not null)
        {
            _byExternalId.AddOrUpdate(externalId, 1, (_, count) => count + 1);
        }
        return Results.Json(new { id, status = "accepted", to, externalId, wamid = $"wamid.{id}" });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
