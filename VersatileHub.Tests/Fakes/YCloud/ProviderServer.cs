using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Tests.Fakes.YCloud;

/// <summary>A send request as it reached a fake provider: its path, its credential header and its JSON body.</summary>
public sealed record RecordedSend(string Path, string? Credential, JsonObject Body);

/// <summary>What a fake provider answers to the next send instead of accepting it.</summary>
public abstract record Trouble
{
    /// <summary>429 with <c>Retry-After</c> in seconds.</summary>
    public sealed record RateLimited(int RetryAfterSeconds) : Trouble;

    /// <summary>500 with the provider's error body.</summary>
    public sealed record ServerError : Trouble;

    /// <summary>The request is recorded and then held until <see cref="ProviderServer.ReleaseHeld"/> (or the caller gives up).</summary>
    public sealed record Hang : Trouble;
}

/// <summary>
/// What the fake WhatsApp providers share: a Kestrel server on 127.0.0.1, sends recorded in order, programmable trouble
/// for the next sends or for all of them (<see cref="Down"/>), and media files to download.
/// </summary>
public abstract class ProviderServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedSend> _sends = new();
    private readonly ConcurrentQueue<Trouble> _troubles = new();
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string MimeType)> _media = new();
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private int _sequence;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyCollection<RecordedSend> Sends => _sends;

    /// <summary>Every send answers 503, as a provider that is down.</summary>
    public bool Down { get; set; }

    /// <summary>Set when a held send has arrived.</summary>
    public TaskCompletionSource Held { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Next(params Trouble[] troubles)
    {
        foreach (var trouble in troubles)
        {
            _troubles.Enqueue(trouble);
        }
    }

    public void ReleaseHeld() => _release.TrySetResult();

    public void AddMedia(string id, byte[] bytes, string mimeType) => _media[id] = (bytes, mimeType);

    protected async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    protected abstract void Map(WebApplication app);

    protected string NextId(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}";

    protected bool TryMedia(string id, out (byte[] Bytes, string MimeType) media) => _media.TryGetValue(id, out media);

    /// <summary>Records the send, then answers with the next trouble if any: true when it did (the caller answers success otherwise).</summary>
    protected async Task<bool> RecordAndTroubleAsync(HttpContext context, string? credential, JsonObject body, string errorBody)
    {
        _sends.Enqueue(new RecordedSend(context.Request.Path, credential, body));
        if (Down)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable, errorBody);
            return true;
        }
        if (!_troubles.TryDequeue(out var trouble))
        {
            return false;
        }
        switch (trouble)
        {
            case Trouble.RateLimited limited:
                context.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Error(context, StatusCodes.Status429TooManyRequests, errorBody);
                return true;
            case Trouble.ServerError:
                await Error(context, StatusCodes.Status500InternalServerError, errorBody);
                return true;
            default:
                Held.TrySetResult();
                await _release.Task.WaitAsync(context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
                Held = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return context.RequestAborted.IsCancellationRequested;
        }
    }

    private static async Task Error(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.DisposeAsync();
    }
}
