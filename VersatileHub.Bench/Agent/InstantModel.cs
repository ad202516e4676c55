using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Bench.Agent;

/// <summary>
/// An OpenAI-compatible chat completions endpoint that answers at once with a fixed text, so that what is measured
/// around it is the suite's own time, not a model's.
/// </summary>
internal sealed class InstantModel : IAsyncDisposable
{
    public const string Name = "instant-model";
    public const string Reply = "¡Hola! Sí, tenemos turnos el martes a la tarde.";

    private readonly WebApplication _app;

    private InstantModel(WebApplication app) => _app = app;

    public Uri Endpoint => new(_app.Urls.First() + "/v1");

    public static async Task<InstantModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var answer = new JsonObject
        {
            ["id"] = "chatcmpl-bench",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = Name,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Reply },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 120, ["completion_tokens"] = 14, ["total_tokens"] = 134 },
        }.ToJsonString();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            // Read the request as a real endpoint would before answering.
            await http.Request.Body.CopyToAsync(Stream.Null);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        return new InstantModel(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
