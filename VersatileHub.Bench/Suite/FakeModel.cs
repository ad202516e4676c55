using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// Two OpenAI-compatible chat completions endpoints that answer at once (as <see cref="Agent.InstantModel"/> does), one for
/// a tenant's primary profile (<c>{root}/primary/v1</c>) and one for its fallback (<c>{root}/fallback/v1</c>). The primary
/// can be told to time out: it then holds every request without answering until the caller gives up.
/// </summary>
internal sealed class FakeModel : IAsyncDisposable
{
    public const string Name = "suite-model";
    public const string PrimaryReply = "¡Hola! Sí, tenemos turnos el martes a la tarde.";
    public const string FallbackReply = "¡Hola! Te respondo en un momento con los turnos del martes.";

    private readonly WebApplication _app;
    private long _hangUntil;
    private long _primaryAnswers;
    private long _fallbackAnswers;
    private long _heldRequests;

    private FakeModel(WebApplication app) => _app = app;

    public Uri Primary => new(_app.Urls.First() + "/primary/v1");

    public Uri Fallback => new(_app.Urls.First() + "/fallback/v1");

    public long PrimaryAnswers => Interlocked.Read(ref _primaryAnswers);

    public long FallbackAnswers => Interlocked.Read(ref _fallbackAnswers);

    /// <summary>Requests the primary held without answering (the caller timed out).</summary>
    public long HeldRequests => Interlocked.Read(ref _heldRequests);

    public static async Task<FakeModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var model = new FakeModel(app);
        var primary = Answer(PrimaryReply);
        var fallback = Answer(FallbackReply);
        app.MapPost("/primary/v1/chat/completions", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            if (Stopwatch.GetTimestamp() < Interlocked.Read(ref model._hangUntil))
            {
                Interlocked.Increment(ref model._heldRequests);
                try
                {
                    await Task.Delay(Timeout.Infinite, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            Interlocked.Increment(ref model._primaryAnswers);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(primary);
        });
        app.MapPost("/fallback/v1/chat/completions", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref model._fallbackAnswers);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(fallback);
        });
        await app.StartAsync();
        return model;
    }

    /// <summary>The primary answers nothing for <paramref name="duration"/>: every request made meanwhile is held until its caller gives up.</summary>
    public void TimeOutFor(TimeSpan duration) =>
        Interlocked.Exchange(ref _hangUntil, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));

    private static string Answer(string reply) => new JsonObject
    {
        ["id"] = "chatcmpl-suite",
        ["object"] = "chat.completion",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = Name,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 120, ["completion_tokens"] = 14, ["total_tokens"] = 134 },
    }.ToJsonString();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
