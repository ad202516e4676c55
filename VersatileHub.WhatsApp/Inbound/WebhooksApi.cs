using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.WhatsApp.Channels;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>
/// The providers' webhooks, one URL per inbox (<c>{inboxKey}</c> from Chat). Anonymous but signature-checked; answered as
/// soon as the contents are queued durably, the slow work (buffering, media, Chat) left to the worker.
/// </summary>
internal static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/webhooks").AllowAnonymous();
        webhooks.MapPost("/ycloud/{inboxKey}", ReceiveYCloud);
        webhooks.MapGet("/meta/{inboxKey}", VerifyMeta);
        webhooks.MapPost("/meta/{inboxKey}", ReceiveMeta);
        return app;
    }

    public static Task<IResult> ReceiveYCloud(
        string inboxKey, HttpRequest request, WebhookIntake intake, CancellationToken cancellationToken) =>
        intake.ReceiveAsync(inboxKey, WhatsAppProvider.YCloud, request, cancellationToken);

    public static Task<IResult> ReceiveMeta(
        string inboxKey, HttpRequest request, WebhookIntake intake, CancellationToken cancellationToken) =>
        intake.ReceiveAsync(inboxKey, WhatsAppProvider.Meta, request, cancellationToken);

    /// <summary>Meta's subscription handshake: echo <c>hub.challenge</c> when <c>hub.verify_token</c> is the inbox's.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> VerifyMeta(
        string inboxKey, [FromQuery(Name = "hub.mode")] string? mode, [FromQuery(Name = "hub.verify_token")] string? verifyToken,
        [FromQuery(Name = "hub.challenge")] string? challenge, ChannelDirectory channels, CancellationToken cancellationToken)
    {
        var inbox = await channels.FindAsync(inboxKey, cancellationToken);
        if (inbox is not { Provider: WhatsAppProvider.Meta })
        {
            return WebhookIntake.UnknownInbox();
        }
        if (mode != "subscribe" || string.IsNullOrEmpty(challenge) || string.IsNullOrEmpty(inbox.VerifyToken)
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(verifyToken ?? ""), System.Text.Encoding.UTF8.GetBytes(inbox.VerifyToken)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "hub.verify_token",
                detail: "El token de verificación no es el de la bandeja. / The verify token is not the inbox's.");
        }
        return TypedResults.Text(challenge, "text/plain");
    }
}

/// <summary>Takes a webhook in: inbox, size, signature, JSON, then the durable queue.</summary>
internal sealed class WebhookIntake(
    ChannelDirectory channels, InboundQueue queue, WhatsAppMetrics metrics, IOptions<WhatsAppOptions> options, TimeProvider time)
{
    public async Task<IResult> ReceiveAsync(string inboxKey, WhatsAppProvider provider, HttpRequest request, CancellationToken cancellationToken)
    {
        var name = provider == WhatsAppProvider.YCloud ? "ycloud" : "meta";
        try
        {
            return await ReceiveFromAsync(inboxKey, provider, name, request, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or HttpRequestException
            or Polly.ExecutionRejectedException   // the client's circuit to Chat is open, or its timeout struck
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Chat (the inbox's settings) or Redis (the queue) is out of reach: the provider will deliver the webhook again.
            metrics.WebhookRejected(name, "unavailable");
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "unavailable",
                detail: "El webhook no se pudo guardar; reintentá. / The webhook could not be stored; retry.");
        }
    }

    private async Task<IResult> ReceiveFromAsync(string inboxKey, WhatsAppProvider provider, string name, HttpRequest request, CancellationToken cancellationToken)
    {
        var inbox = await channels.FindAsync(inboxKey, cancellationToken);
        if (inbox is null || inbox.Provider != provider)
        {
            metrics.WebhookRejected(name, "unknown_inbox");
            return UnknownInbox();
        }
        var body = await ReadBodyAsync(request, options.Value.MaxWebhookBytes, cancellationToken);
        if (body is null)
        {
            metrics.WebhookRejected(name, "too_large");
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "body",
                detail: $"El webhook supera {options.Value.MaxWebhookBytes} bytes. / The webhook exceeds {options.Value.MaxWebhookBytes} bytes.");
        }
        var signed = provider == WhatsAppProvider.YCloud
            ? WebhookSignature.VerifyYCloud(request.Headers["YCloud-Signature"], body, inbox.WebhookSecret, time.GetUtcNow(), options.Value.SignatureTolerance)
            : WebhookSignature.VerifyMeta(request.Headers["X-Hub-Signature-256"], body, inbox.AppSecret);
        if (!signed)
        {
            metrics.WebhookRejected(name, "signature");
            var header = provider == WhatsAppProvider.YCloud ? "YCloud-Signature" : "X-Hub-Signature-256";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: header,
                detail: "Firma ausente, inválida o vencida. / Missing, invalid or expired signature.");
        }
        WebhookContents contents;
        try
        {
            using var document = JsonDocument.Parse(body);
            contents = provider == WhatsAppProvider.YCloud ? ProviderPayloads.ReadYCloud(document.RootElement) : ProviderPayloads.ReadMeta(document.RootElement);
        }
        catch (JsonException)
        {
            metrics.WebhookRejected(name, "malformed");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "body",
                detail: "El cuerpo no es JSON válido. / The body is not valid JSON.");
        }
        var duplicates = await queue.EnqueueAsync(inbox.Account, inbox.Inbox, contents);
        metrics.WebhookReceived(name);
        for (var i = 0; i < duplicates; i++)
        {
            metrics.Duplicate(name);
        }
        return TypedResults.Ok();
    }

    public static ProblemHttpResult UnknownInbox() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "inboxKey",
        detail: "Ninguna bandeja de WhatsApp tiene esa clave. / No WhatsApp inbox has that key.");

    /// <summary>The raw body (signatures cover its exact bytes), or null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        if (request.ContentLength is { } length)
        {
            // The usual case (providers send Content-Length): one array of the exact size, no copies.
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
