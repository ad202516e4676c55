using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;
using VersatileHub.WhatsApp.Channels;
using Microsoft.Extensions.Options;

namespace VersatileHub.WhatsApp.Outbound;

/// <summary>The part of Chat's <c>message.created</c> the gateway needs.</summary>
internal sealed record OutgoingMessageData(
    long Id, int InboxId, string ChannelType, string ContactSourceId, string? Content, string MessageType, bool Private,
    string? SourceId, IReadOnlyList<OutgoingAttachment>? Attachments);

/// <summary>A file of an outgoing message, as Chat's event describes it; its bytes come from Chat's attachments API.</summary>
internal sealed record OutgoingAttachment(long Id, string FileType, string? FileName, string? MimeType, long Size);

/// <summary>
/// Sends Chat's outgoing WhatsApp messages through the inbox's provider, once each: every part (the text, each file) is
/// claimed in the <see cref="SendLedger"/> first, then attempts with backoff and jitter on 429, 5xx and timeouts (honouring
/// <c>Retry-After</c>), paced per sending number; a file is fetched from Chat and uploaded to the provider's media API. The
/// outcome goes back to Chat as <c>sent</c> with the first part's provider id or <c>failed</c> with the reason.
/// </summary>
internal sealed partial class OutgoingMessages(
    ChannelDirectory channels, SendLedger ledger, SendingRate rate, ProviderSend provider, ChatChannel chat,
    CustomerServiceWindow window, WhatsAppMetrics metrics, IOptions<WhatsAppOptions> options, TimeProvider time,
    ILogger<OutgoingMessages> logger) : IIntegrationEventHandler
{
    public const string TemplateRequired =
        "Fuera de la ventana de 24 h: hace falta una plantilla. / Outside the 24-hour window: template required.";

    private const string Interrupted =
        "Envío interrumpido; no se reintenta para no duplicarlo. / Send interrupted; not retried to avoid a duplicate.";

    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var message = @event.DataAs<OutgoingMessageData>();
        if (message is not { MessageType: "outgoing", Private: false, ChannelType: "whatsapp" } || message.SourceId is not null)
        {
            return;
        }
        var account = @event.Tenant;
        if (await channels.GetAsync(account, message.InboxId, cancellationToken) is not { } inbox)
        {
            return;
        }
        var parts = OutboundParts.Of(message.Content, message.Attachments);
        if (parts.Count == 0)
        {
            return;
        }
        string? first = null;
        foreach (var part in parts)
        {
            string? providerId;
            switch (await ClaimAsync(account, message.Id, part.Index, cancellationToken))
            {
                case SendState.Sent sent:
                    providerId = sent.ProviderId;
                    break;
                case SendState.Failed failed:
                    await ReportAsync(inbox, message, null, failed.Reason, cancellationToken);
                    return;
                case SendState.Interrupted:
                    await FailAsync(inbox, message, part, "interrupted", Interrupted, cancellationToken);
                    return;
                default:
                    providerId = await SendClaimedAsync(inbox, message, part, parts.Count, cancellationToken);
                    if (providerId is null)
                    {
                        return;
                    }
                    break;
            }
            first ??= providerId;
            if (part.Index > 0)
            {
                await ledger.PartOfAsync(account, inbox.Inbox, providerId, first);
            }
        }
        await ReportAsync(inbox, message, first, null, cancellationToken);
    }

    /// <summary>
    /// Claims a part's send, or waits while another replica holds it: until it finishes (its outcome is reported again) or
    /// its lease lapses (it died, and the send is interrupted).
    /// </summary>
    private async Task<SendState> ClaimAsync(int account, long messageId, int part, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var patience = (settings.SendTimeout + settings.MaxRetryDelay) * settings.SendAttempts + settings.SendLease;
        var pause = settings.SendLease / 4;
        for (var waited = TimeSpan.Zero; ; waited += pause)
        {
            var state = await ledger.ClaimAsync(account, messageId, part);
            if (state is not SendState.Busy)
            {
                return state;
            }
            if (waited > patience)
            {
                throw new InvalidOperationException($"Message {messageId} has been sending elsewhere for over {patience}.");
            }
            await Task.Delay(pause, cancellationToken);
        }
    }

    /// <summary>Sends a claimed part: its provider id, or null when it failed (and the message was reported failed).</summary>
    private async Task<string?> SendClaimedAsync(
        WhatsAppInbox inbox, OutgoingMessageData message, OutboundPart part, int partCount, CancellationToken cancellationToken)
    {
        var attempted = false;
        try
        {
            if (!await window.IsOpenAsync(inbox.Account, inbox.Inbox, message.ContactSourceId, time.GetUtcNow()))
            {
                await FailAsync(inbox, message, part, "template_required", TemplateRequired, cancellationToken);
                return null;
            }
            byte[]? bytes = null;
            if (part.File is { } file)
            {
                bytes = file.Size <= part.MaxBytes ? await chat.AttachmentAsync(inbox.Account, file.Id, part.MaxBytes, cancellationToken) : null;
                if (bytes is null)
                {
                    await FailAsync(inbox, message, part, "file_unavailable",
                        $"El archivo '{file.FileName}' no existe o supera {part.MaxBytes / (1024 * 1024)} MB para WhatsApp. / "
                        + $"The file '{file.FileName}' is gone or exceeds WhatsApp's {part.MaxBytes / (1024 * 1024)} MB.", cancellationToken);
                    return null;
                }
            }

            var providerName = inbox.Provider == WhatsAppProvider.YCloud ? "ycloud" : "meta";
            var perSecond = inbox.Provider == WhatsAppProvider.YCloud ? options.Value.YCloudMessagesPerSecond : options.Value.MetaMessagesPerSecond;
            var started = Stopwatch.GetTimestamp();
            string? mediaId = null;
            SendAttempt? last = null;
            for (var attempt = 1; attempt <= options.Value.SendAttempts; attempt++)
            {
                await ledger.RenewAsync(inbox.Account, message.Id, part.Index, options.Value.SendTimeout);
                if (bytes is not null && mediaId is null)
                {
                    last = await provider.UploadAsync(inbox, bytes, MimeTypeOf(part.File!), part.File!.FileName ?? "file", cancellationToken);
                    mediaId = last.ProviderId;
                }
                if (bytes is null || mediaId is not null)
                {
                    await rate.WaitTurnAsync(inbox.Sender, perSecond, cancellationToken);
                    if (!attempted)
                    {
                        await ledger.BeginAttemptsAsync(inbox.Account, message.Id, part.Index);
                        attempted = true;
                    }
                    last = await provider.SendAsync(inbox, message.ContactSourceId, part, mediaId, part.ExternalId(message.Id), cancellationToken);
                    if (last.ProviderId is { } providerId)
                    {
                        await ledger.SentAsync(inbox.Account, message.Id, part.Index, providerId);
                        metrics.Sent(providerName, Stopwatch.GetElapsedTime(started));
                        return providerId;
                    }
                }
                if (!last!.Retryable || attempt == options.Value.SendAttempts)
                {
                    break;
                }
                var delay = Delay(attempt, last.RetryAfter);
                LogRetrying(message.Id, part.Index, attempt, last.Error, delay.TotalMilliseconds);
                await ledger.RenewAsync(inbox.Account, message.Id, part.Index, delay);
                await Task.Delay(delay, cancellationToken);
            }
            var reason = last!.Retryable ? "provider_unavailable" : "provider_refused";
            var which = partCount > 1 ? $" ({part.Index + 1}/{partCount})" : "";
            await FailAsync(inbox, message, part, reason,
                $"El proveedor no aceptó el mensaje{which}. / The provider did not accept the message{which}: {last.Error}", cancellationToken);
            return null;
        }
        catch (Exception exception) when (!attempted && (exception is OperationCanceledException or HttpRequestException or TimeoutException or RedisException))
        {
            // Nothing reached the provider (Chat or Redis failed before): a later delivery of the event may send. Should the
            // release fail too, the claim lapses and is taken again (it never began an attempt).
            await ledger.ReleaseAsync(inbox.Account, message.Id, part.Index);
            throw;
        }
    }

    private static string MimeTypeOf(OutgoingAttachment file) =>
        file.MimeType?.Split(';')[0].Trim() is { Length: > 0 } mime ? mime : "application/octet-stream";

    /// <summary>
    /// Exponential backoff with jitter, never shorter than the provider's own <c>Retry-After</c> and never above the configured
    /// maximum. The backoff still grows under a short <c>Retry-After</c>: a provider answering 429 "retry after 1 s" for longer
    /// than the attempts last would otherwise use them all up in seconds (the fault run lost a reply so).
    /// </summary>
    private TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var max = options.Value.MaxRetryDelay;
        var ceiling = options.Value.RetryBaseDelay * Math.Pow(2, attempt - 1);
        var delay = ceiling * (0.5 + Random.Shared.NextDouble() / 2);
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked;
        }
        return delay < max ? delay : max;
    }

    private async Task FailAsync(
        WhatsAppInbox inbox, OutgoingMessageData message, OutboundPart part, string reason, string error, CancellationToken cancellationToken)
    {
        await ledger.FailedAsync(inbox.Account, message.Id, part.Index, error);
        metrics.Failed(inbox.Provider == WhatsAppProvider.YCloud ? "ycloud" : "meta", reason);
        await ReportAsync(inbox, message, null, error, cancellationToken);
    }

    /// <summary>The outcome to Chat; a failed message has no provider id, so it is named by the gateway's own key for it.</summary>
    private async Task ReportAsync(WhatsAppInbox inbox, OutgoingMessageData message, string? providerId, string? error, CancellationToken cancellationToken)
    {
        var report = providerId is null ? new DeliveryReport("failed", error, message.Id) : new DeliveryReport("sent", null, message.Id);
        if (!await chat.ReportAsync(inbox.Account, inbox.Inbox, providerId ?? ExternalId(message), report, cancellationToken))
        {
            throw new InvalidOperationException($"Chat does not know message {message.Id} of inbox {inbox.Inbox}.");
        }
    }

    private static string ExternalId(OutgoingMessageData message) => string.Create(CultureInfo.InvariantCulture, $"vh-{message.Id}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} part {Part}: attempt {Attempt} failed ({Error}); next in {DelayMs} ms")]
    private partial void LogRetrying(long messageId, int part, int attempt, string? error, double delayMs);
}
