using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Tests.Fakes.OpenAi;

/// <summary>
/// An OpenAI-compatible server as far as the agent uses one: <c>POST /v1/chat/completions</c> (JSON or streamed as
/// server-sent events with <c>stream: true</c>), answering with text, <c>tool_calls</c> and <c>usage</c>, or with OpenAI's
/// error body and a 500 or 429; <c>GET /v1/models</c>. Each test scripts the answers per model, in order. It also serves
/// a small PNG under <c>/images/</c>, standing for a product picture on the web.
/// </summary>
public sealed class FakeOpenAi : IAsyncDisposable
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> _scripts = new(StringComparer.Ordinal);
    private int _ids;

    private FakeOpenAi(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The endpoint a profile names: <c>http://127.0.0.1:port/v1</c>.</summary>
    public string Endpoint => new Uri(BaseUrl, "v1").ToString();

    /// <summary>Every chat completion request, in the order received.</summary>
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>The <c>Authorization</c> header of each model's latest request.</summary>
    public ConcurrentDictionary<string, string> Authorizations { get; } = new(StringComparer.Ordinal);

    /// <summary>Called with each chat completion request as it arrives, before it is answered.</summary>
    public Action<JsonObject>? Arrived { get; set; }

    public IReadOnlyList<JsonObject> RequestsFor(string model) =>
        Requests.Where(r => r["model"]?.GetValue<string>() == model).ToList();

    public string ImageUrl(string name) => new Uri(BaseUrl, $"images/{name}").ToString();

    public static async Task<FakeOpenAi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOpenAi(app);
        fake.Map(app);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    /// <summary>The next answers of <paramref name="model"/>, in order; a request beyond the script gets a 500.</summary>
    public FakeOpenAi Script(string model, params Answer[] answers)
    {
        var queue = _scripts.GetOrAdd(model, _ => new ConcurrentQueue<Answer>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
        return this;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = _scripts.Keys.Select(id => new { id, @object = "model", owned_by = "fake" }) }));
        app.MapGet("/images/{name}", (string name) => Results.File(Png, "image/png", name));
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var request = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            Requests.Enqueue(request);
            Arrived?.Invoke(request);
            var model = request["model"]?.GetValue<string>() ?? "";
            Authorizations[model] = http.Request.Headers.Authorization.ToString();
            if (!_scripts.TryGetValue(model, out var queue) || !queue.TryDequeue(out var answer))
            {
                answer = Answer.Fail(500, $"The fake has no more answers scripted for {model}.");
            }
            if (answer.Hold is { } hold)
            {
                await hold.Task.WaitAsync(http.RequestAborted);
            }
            if (answer.Status is { } status)
            {
                http.Response.StatusCode = status;
                await http.Response.WriteAsJsonAsync(new
                {
                    error = new { message = answer.Text, type = status == 429 ? "rate_limit_exceeded" : "server_error", param = (string?)null, code = status == 429 ? "rate_limit_exceeded" : null },
                });
                return;
            }
            var toolCalls = answer.ToolCalls.Select(c => new JsonObject
            {
                ["id"] = $"call_{Interlocked.Increment(ref _ids)}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = OfferedName(request, c.Name), ["arguments"] = JsonSerializer.Serialize(c.Arguments) },
            }).ToList();
            var id = $"chatcmpl-{Interlocked.Increment(ref _ids)}";
            var finish = toolCalls.Count > 0 ? "tool_calls" : "stop";
            var usage = new JsonObject { ["prompt_tokens"] = answer.PromptTokens, ["completion_tokens"] = answer.CompletionTokens, ["total_tokens"] = answer.PromptTokens + answer.CompletionTokens };
            if (request["stream"]?.GetValue<bool>() == true)
            {
                await StreamAsync(http, id, model, answer.Text, toolCalls, finish, usage, request["stream_options"]?["include_usage"]?.GetValue<bool>() == true);
                return;
            }
            var message = new JsonObject { ["role"] = "assistant", ["content"] = toolCalls.Count > 0 ? null : answer.Text };
            if (toolCalls.Count > 0)
            {
                message["tool_calls"] = new JsonArray([.. toolCalls]);
            }
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = 1_900_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = usage,
            });
        });
    }

    private static async Task StreamAsync(HttpContext http, string id, string model, string? text, List<JsonObject> toolCalls, string finish, JsonObject usage, bool includeUsage)
    {
        http.Response.ContentType = "text/event-stream";
        async Task SendAsync(JsonObject? delta, string? finishReason, JsonObject? chunkUsage = null)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_900_000_000,
                ["model"] = model,
                ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
            };
            if (chunkUsage is not null)
            {
                chunk["usage"] = chunkUsage;
            }
            await http.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", Encoding.UTF8);
            await http.Response.Body.FlushAsync();
        }

        await SendAsync(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        for (var i = 0; i < toolCalls.Count; i++)
        {
            var call = toolCalls[i];
            await SendAsync(new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = i,
                    ["id"] = call["id"]!.GetValue<string>(),
                    ["type"] = "function",
                    ["function"] = call["function"]!.DeepClone(),
                }),
            }, null);
        }
        // Text goes word by word, as models stream it.
        foreach (var word in toolCalls.Count > 0 ? [] : (text ?? "").Split(' '))
        {
            await SendAsync(new JsonObject { ["content"] = word + " " }, null);
        }
        await SendAsync(new JsonObject(), finish);
        if (includeUsage)
        {
            await SendAsync(null, null, usage);
        }
        await http.Response.WriteAsync("data: [DONE]\n\n", Encoding.UTF8);
    }

    /// <summary>The name under which the request offered the tool (Semantic Kernel prefixes its plugin: <c>catalog-search_products</c>).</summary>
    private static string OfferedName(JsonObject request, string tool)
    {
        var offered = request["tools"]?.AsArray().Select(t => t?["function"]?["name"]?.GetValue<string>()).OfType<string>().ToList() ?? [];
        return offered.FirstOrDefault(n => n == tool || n.EndsWith("-" + tool, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The request did not offer the tool {tool}; it offered {string.Join(", ", offered)}.");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>One scripted answer: text, tool calls, or an error status; held until <see cref="Hold"/> is released when given.</summary>
    public sealed record Answer(string? Text, IReadOnlyList<ToolCall> ToolCalls, int? Status = null, TaskCompletionSource? Hold = null, int PromptTokens = 50, int CompletionTokens = 12)
    {
        public static Answer Say(string text) => new(text, []);

        public static Answer Call(string tool, object arguments) => new(null, [new ToolCall(tool, arguments)]);

        public static Answer Fail(int status, string message = "The model is unavailable.") => new(message, [], status);

        public Answer HeldBy(TaskCompletionSource hold) => this with { Hold = hold };
    }

    public sealed record ToolCall(string Name, object Arguments);

}
