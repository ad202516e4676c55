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
public sealed record RecordedSend(string Path, string? Credential, JsonObject Body)
{
    /// <summary>When the provider received it.</summary>
    public DateTimeOffset ReceivedAt { get; } = DateTimeOffset.UtcNow;
}

/// <summary>A file uploaded to a fake provider's media API, with the id it answered and the form's other fields.</summary>
public sealed record RecordedUpload(string Path, string? Credential, string Id, string FileName, string? ContentType, byte[] Bytes,
    IReadOnlyDictionary<string, string> Fields);

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
    private readonly ConcurrentQueue<RecordedUpload> _uploads = new();
    private readonly ConcurrentQueue<(JsonObject Body, string Id)> _answered = new();
    private readonly ConcurrentDictionary<string, RecordedUpload> _uploaded = new();
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private int _sequence;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyCollection<RecordedSend> Sends => _sends;

    public IReadOnlyCollection<RecordedUpload> Uploads => _uploads;

    /// <summary>The sends that were accepted, with the message id answered for each.</summary>
    public IReadOnlyCollection<(JsonObject Body, string Id)> Answered => _answered;

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

    /// <summary>A new message id for an accepted send, remembered with it.</summary>
    protected string Accept(JsonObject body, string prefix)
    {
        var id = NextId(prefix);
        _answered.Enqueue((body, id));
        return id;
    }

    protected bool TryMedia(string id, out (byte[] Bytes, string MimeType) media) => _media.TryGetValue(id, out media);

    /// <summary>
    /// Reads a media upload (multipart form with one <c>file</c>) and keeps it under a new media id; null with the reason
    /// when the form has no file.
    /// </summary>
    protected async Task<(RecordedUpload? Upload, string? Refusal)> UploadAsync(HttpContext context, string? credential, params string[] requiredFields)
    {
        if (!context.Request.HasFormContentType)
        {
            return (null, "The request must be multipart/form-data.");
        }
        var form = await context.Request.ReadFormAsync();
        var missing = requiredFields.FirstOrDefault(f => string.IsNullOrEmpty(form[f]));
        if (missing is not null)
        {
            return (null, $"The parameter {missing} is required.");
        }
        if (form.Files["file"] is not { Length: > 0 } file)
        {
            return (null, "The parameter file is required.");
        }
        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes);
        var upload = new RecordedUpload(context.Request.Path, credential, NextId("media-"), file.FileName, file.ContentType, bytes.ToArray(),
            form.Where(f => f.Key != "file").ToDictionary(f => f.Key, f => f.Value.ToString()));
        _uploads.Enqueue(upload);
        _uploaded[upload.Id] = upload;
        return (upload, null);
    }

    /// <summary>
    /// Why the providers refuse a message body, or null: the <c>type</c> names an object of that name; a text has a
    /// <c>body</c> (4,096 characters at most); media has exactly one of an uploaded <c>id</c> or an http(s) <c>link</c>,
    /// and a caption (1,024 at most) only for images, videos and documents.
    /// </summary>
    protected string? Refusal(JsonObject body)
    {
        var type = body["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["type"]!.GetValue<string>() : null;
        if (type is null || body[type] is not JsonObject content)
        {
            return "The message type and its object are required.";
        }
        if (type == "text")
        {
            return content["body"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                && content["body"]!.GetValue<string>() is { Length: > 0 and <= 4096 } ? null : "text.body is required (4096 characters at most).";
        }
        if (type is not ("image" or "audio" or "video" or "document" or "sticker"))
        {
            return $"Unsupported message type {type}.";
        }
        var id = content["id"]?.ToString();
        var link = content["link"]?.ToString();
        if ((id is null) == (link is null))
        {
            return $"{type} needs exactly one of id or link.";
        }
        if (id is not null && !_uploaded.ContainsKey(id))
        {
            return $"Media id {id} is unknown.";
        }
        if (link is not null && !(Uri.TryCreate(link, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            return $"{type}.link must be an http(s) URL.";
        }
        if (content["caption"] is { } caption && (type is "audio" or "sticker" || caption.ToString().Length > 1024))
        {
            return $"{type}.caption is not allowed here.";
        }
        return null;
    }

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
