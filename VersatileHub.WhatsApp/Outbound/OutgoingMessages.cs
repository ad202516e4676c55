using System.Diagnostics;
using System.Globalization;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;
using VersatileHub.WhatsApp.Channels;
using Microsoft.Extensions.Options;

namespace VersatileHub.WhatsApp.Outbound;

/// <summary>The part of Chat's <c>message.created</c> the gateway needs.</summary>
internal sealed record OutgoingMessageData(
    long Id, int InboxId, string ChannelType, string ContactSourceId, string? Content, string MessageType, bool Private,
    string? SourceId, IReadOnlyList<OutgoingAttachment>? Attachments);

internal sealed record OutgoingAttachment(long Id, string FileType);

/// <summary>
/// Sends Chat's outgoing WhatsApp messages through the inbox's provider, once each: claimed in the <see cref="SendLedger"/>
/// first, then attempts with backoff and jitter on 429, 5xx and timeouts (honouring <c>Retry-After</c>), paced per sending
/// number; the outcome goes back to Chat as <c>sent</c> with the provider's id or <c>failed</c> with the reason.
/// </summary>
internal sealed partial class OutgoingMessages(
    ChannelDirectory channels, SendLedger ledger, SendingRate rate, ProviderSend provider, ChatChannel chat,
    CustomerServiceWindow window, WhatsAppMetrics metrics, IOptions<WhatsAppOptions> options, TimeProvider time,
    ILogger<OutgoingMessages> logger) : IIntegrationEventHandler
{
    public const string TemplateRequired =
        "Fuera de la ventana de 24 h: hace falta una plantilla. / Outside the 24-hour window: template required.";

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
        switch (await ClaimAsync(account, message.Id, cancellationToken))
        {
            case SendState.Sent sent:
                await ReportAsync(inbox, message, sent.ProviderId, null, cancellationToken);
                return;
            case SendState.Failed failed:
                await ReportAsync(inbox, message, null, failed.Reason, cancellationToken);
                return;
            case SendState.Interrupted:
                var interrupted = "Envío interrumpido; no se reintenta para no duplicarlo. / Send interrupted; not retried to avoid a duplicate.";
                await FailAsync(inbox, message, "interrupted", interrupted, cancellationToken);
                return;
        }
        await SendClaimedAsync(inbox, message, cancellationToken);
    }

    /// <summary>
    /// Claims the send, or waits while another replica holds it: until it finishes (its outcome is reported again) or its
    /// lease lapses (it died, and the send is interrupted).
    /// </summary>
    private async Task<SendState> ClaimAsync(int account, long messageId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var patience = (settings.SendTimeout + settings.MaxRetryDelay) * settings.SendAttempts + settings.SendLease;
        var pause = settings.SendLease / 4;
        for (var waited = TimeSpan.Zero; ; waited += pause)
        {
            var state = await ledger.ClaimAsync(account, messageId);
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

    private async Task SendClaimedAsync(WhatsAppInbox inbox, OutgoingMessageData message, CancellationToken cancellationToken)
    {
        if (!await window.IsOpenAsync(inbox.Account, inbox.Inbox, message.ContactSourceId, time.GetUtcNow()))
        {
            await FailAsync(inbox, message, "template_required", TemplateRequired, cancellationToken);
            return;
        }
        if (message.Attachments is { Count: > 0 } || string.IsNullOrWhiteSpace(message.Content))
        {
            await FailAsync(inbox, message, "unsupported",
                "El canal todavía no envía adjuntos. / The channel does not send attachments yet.", cancellationToken);
            return;
        }

        var providerName = inbox.Provider == WhatsAppProvider.YCloud ? "ycloud" : "meta";
        var perSecond = inbox.Provider == WhatsAppProvider.YCloud ? options.Value.YCloudMessagesPerSecond : options.Value.MetaMessagesPerSecond;
        var started = Stopwatch.GetTimestamp();
        var attempted = false;
        try
        {
            SendAttempt? last = null;
            for (var attempt = 1; attempt <= options.Value.SendAttempts; attempt++)
            {
                await rate.WaitTurnAsync(inbox.Sender, perSecond, cancellationToken);
                await ledger.RenewAsync(inbox.Account, message.Id, options.Value.SendTimeout);
                attempted = true;
                last = await provider.SendTextAsync(inbox, message.ContactSourceId, message.Content!, ExternalId(message), cancellationToken);
                if (last.ProviderId is { } providerId)
                {
                    await ledger.SentAsync(inbox.Account, message.Id, providerId);
                    metrics.Sent(providerName, Stopwatch.GetElapsedTime(started));
                    await ReportAsync(inbox, message, providerId, null, cancellationToken);
                    return;
                }
                if (!last.Retryable || attempt == options.Value.SendAttempts)
                {
                    break;
                }
                var delay = Delay(attempt, last.RetryAfter);
                LogRetrying(message.Id, attempt, last.Error, delay.TotalMilliseconds);
                await ledger.RenewAsync(inbox.Account, message.Id, delay);
                await Task.Delay(delay, cancellationToken);
            }
            var reason = last!.Retryable ? "provider_unavailable" : "provider_refused";
            await FailAsync(inbox, message, reason, $"El proveedor no aceptó el mensaje. / The provider did not accept the message: {last.Error}", cancellationToken);
        }
        catch (OperationCanceledException) when (!attempted)
        {
            await ledger.ReleaseAsync(inbox.Account, message.Id);
            throw;
        }
    }

    /// <summary>Exponential backoff with full jitter, or the provider's own <c>Retry-After</c>; never above the configured maximum.</summary>
    private TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var max = options.Value.MaxRetryDelay;
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < max ? asked : max;
        }
        var ceiling = options.Value.RetryBaseDelay * Math.Pow(2, attempt - 1);
        var jittered = ceiling * (0.5 + Random.Shared.NextDouble() / 2);
        return jittered < max ? jittered : max;
    }

    private async Task FailAsync(WhatsAppInbox inbox, OutgoingMessageData message, string reason, string error, CancellationToken cancellationToken)
    {
        await ledger.FailedAsync(inbox.Account, message.Id, error);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: attempt {Attempt} failed ({Error}); next in {DelayMs} ms")]
    private partial void LogRetrying(long messageId, int attempt, string? error, double delayMs);
}
