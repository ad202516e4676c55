using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Tests.Chat.Webhooks;

/// <summary>One POST as the receiver saw it, with the signature checked the way Chatwoot documents it.</summary>
public sealed record ReceivedWebhook(string? Delivery, string? Timestamp, string? Signature, string Body, int AnsweredWith, bool SignatureValid)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Event => Json.GetProperty("event").GetString()!;
}

/// <summary>
/// A webhook receiver on a local Kestrel port, written from Chatwoot's documentation alone: <c>X-Chatwoot-Signature</c> is
/// <c>sha256=</c> and the hex HMAC-SHA256, keyed by the webhook's secret, of <c>"{X-Chatwoot-Timestamp}.{raw body}"</c>.
/// It answers with the queued status codes first, then 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The secret the webhook was created with (known only after creation).</summary>
    public string Secret { get; set; } = "";

    /// <summary>Every answer is this status (a receiver that is down) while set.</summary>
    public int? AlwaysAnswer { get; set; }

    /// <summary>How long each answer takes.</summary>
    public TimeSpan Latency { get; set; }

    public string Url { get; private set; } = "";

    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/chatwoot", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/chatwoot";
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var timestamp = request.Headers["X-Chatwoot-Timestamp"].ToString();
        var signature = request.Headers["X-Chatwoot-Signature"].ToString();
        var status = AlwaysAnswer ?? (_answers.TryDequeue(out var queued) ? queued : 200);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }
        Received.Enqueue(new ReceivedWebhook(request.Headers["X-Chatwoot-Delivery"].ToString(), timestamp, signature, body, status,
            IsSignedBy(Secret, timestamp, body, signature)));
        return Results.StatusCode(status);
    }

    /// <summary>The receiver's side of Chatwoot's scheme.</summary>
    public static bool IsSignedBy(string secret, string timestamp, string body, string signature)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _) || !signature.StartsWith("sha256=", StringComparison.Ordinal))
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signature["sha256=".Length..]));
    }

    public IReadOnlyList<ReceivedWebhook> Of(string webhookEvent) => Received.Where(r => r.Event == webhookEvent).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
