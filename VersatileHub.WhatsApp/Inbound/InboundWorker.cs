using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.WhatsApp.Channels;
using VersatileHub.WhatsApp.Outbound;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>
/// Works the inbound queue as the consumer group <c>whatsapp</c>: messages into their contact's buffer, statuses to Chat;
/// closed buffers handed to Chat in order. Entries a crashed replica left pending are claimed after
/// <see cref="WhatsAppOptions.ClaimTimeout"/>.
/// </summary>
internal sealed partial class InboundWorker(
    IConnectionMultiplexer redis, InboundQueue queue, ContactBuffers buffers, ChannelDirectory channels, ChatChannel chat,
    TurnPreparation preparation, CustomerServiceWindow window, SendLedger ledger, WhatsAppMetrics metrics, IOptions<WhatsAppOptions> options,
    TimeProvider time, ILogger<InboundWorker> logger) : BackgroundService
{
    private readonly string _consumer = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureGroupAsync();
        var database = redis.GetDatabase();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                var entries = await database.StreamReadGroupAsync(queue.Stream, InboundQueue.Group, _consumer, ">", 200);
                var stale = await database.StreamAutoClaimAsync(queue.Stream, InboundQueue.Group, _consumer,
                    (long)options.Value.ClaimTimeout.TotalMilliseconds, "0-0", 100);
                foreach (var entry in entries.Concat(stale.ClaimedEntries))
                {
                    await HandleAsync(entry, stoppingToken);
                }
                busy = entries.Length > 0;
                await FlushDueAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed stays in Redis (pending entries, locked buffers) and is taken up again: the worker goes on.
                LogWorkerFailed(exception);
            }
            if (!busy)
            {
                try
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task EnsureGroupAsync()
    {
        try
        {
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(queue.Stream, InboundQueue.Group, "0-0", createStream: true);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another replica created it.
        }
    }

    private async Task HandleAsync(StreamEntry entry, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        QueuedItem item;
        try
        {
            item = InboundQueue.Deserialize(entry["item"].ToString());
        }
        catch (JsonException)
        {
            await database.StreamAcknowledgeAsync(queue.Stream, InboundQueue.Group, entry.Id);
            return;
        }
        try
        {
            if (item.Message is not null)
            {
                await buffers.AddAsync(item, entry.Id!, await BufferWindowAsync(item, cancellationToken), time.GetUtcNow());
                return;
            }
            if (item.Status is { } status && await ReportAsync(item, status, cancellationToken) is false)
            {
                throw new InvalidOperationException($"Chat does not know message {status.ProviderId} (yet).");
            }
            await database.StreamAcknowledgeAsync(queue.Stream, InboundQueue.Group, entry.Id);
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or RedisException
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Left pending: claimed again after the claim timeout. A message is never given up; a status that Chat keeps
            // refusing (a message it never had) is, after too many attempts.
            var attempts = await database.HashIncrementAsync(queue.KeyPrefix + "inbound-attempts", entry.Id.ToString());
            if (item.Status is not null && attempts >= options.Value.MaxInboundAttempts)
            {
                LogEntryDropped(entry.Id.ToString(), attempts, exception.Message);
                await database.StreamAcknowledgeAsync(queue.Stream, InboundQueue.Group, entry.Id);
                await database.HashDeleteAsync(queue.KeyPrefix + "inbound-attempts", entry.Id.ToString());
            }
        }
    }

    /// <summary>The inbox's window; the default one while Chat cannot say, so that buffering a message never waits on Chat.</summary>
    private async Task<TimeSpan> BufferWindowAsync(QueuedItem item, CancellationToken cancellationToken)
    {
        try
        {
            return (await channels.GetAsync(item.Account, item.Inbox, cancellationToken))?.BufferWindow ?? options.Value.BufferWindow;
        }
        catch (HttpRequestException)
        {
            return options.Value.BufferWindow;
        }
    }

    /// <summary>
    /// A provider's status in Chat's words; <c>accepted</c> (queued at the provider) says nothing new. A later part of a message
    /// with files reports under the id Chat knows the message by, its first part's.
    /// </summary>
    private async Task<bool> ReportAsync(QueuedItem item, StatusUpdate status, CancellationToken cancellationToken)
    {
        var name = status.Status switch
        {
            "sent" or "delivered" or "read" or "failed" => status.Status,
            _ => null,
        };
        if (name is null)
        {
            return true;
        }
        var sourceId = await ledger.MessageOfPartAsync(item.Account, item.Inbox, status.ProviderId) ?? status.ProviderId;
        return await chat.ReportAsync(item.Account, item.Inbox, sourceId,
                new DeliveryReport(name, name == "failed" ? status.Error ?? "failed" : null), cancellationToken);
    }

    private async Task FlushDueAsync(CancellationToken cancellationToken)
    {
        var due = await buffers.DueAsync(time.GetUtcNow());
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (member, token) =>
            {
                if (await buffers.TryTakeAsync(member, time.GetUtcNow()) is { } buffer)
                {
                    await HandOverAsync(buffer, token);
                }
            });
    }

    /// <summary>A contact's turn to Chat, message after message in the order they arrived.</summary>
    private async Task HandOverAsync(TakenBuffer buffer, CancellationToken cancellationToken)
    {
        var handed = 0;
        try
        {
            foreach (var item in buffer.Items)
            {
                var message = item.Message!;
                if (await channels.GetAsync(item.Account, item.Inbox, cancellationToken) is { } inbox)
                {
                    await HandToChatAsync(item, await preparation.PrepareAsync(inbox, message, cancellationToken), cancellationToken);
                    // The provider's send time, but never later than now: a wrong clock must not stretch the 24-hour window.
                    var now = time.GetUtcNow();
                    await window.ContactWroteAsync(item.Account, item.Inbox, message.From, message.SentAt < now ? message.SentAt.Value : now);
                }
                handed++;
            }
            metrics.Flushed(handed);
        }
        catch (Exception exception) when (exception is HttpRequestException or RedisException
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogHandOverFailed(buffer.Member, handed, buffer.Items.Count, exception.Message);
        }
        finally
        {
            await buffers.FinishAsync(buffer, handed, time.GetUtcNow());
        }
    }

    /// <summary>
    /// Chat refusing a message (400, or 413 for a file) would block the contact's turn for ever: a file it refuses (too large, say) is
    /// replaced by a note, and a message it refuses outright is logged and passed over.
    /// </summary>
    private async Task HandToChatAsync(QueuedItem item, ChatIncomingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await chat.ReceiveAsync(item.Account, item.Inbox, message, cancellationToken);
        }
        catch (HttpRequestException refused) when (refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge
            && message.Attachments is { Count: > 0 })
        {
            LogAttachmentRefused(message.SourceId, refused.Message);
            var note = "[El archivo no se pudo guardar. / The file could not be stored.]";
            await HandToChatAsync(item, message with
            {
                Attachments = null,
                ContentType = "text",
                Content = string.IsNullOrEmpty(message.Content) ? note : $"{message.Content}\n{note}",
            }, cancellationToken);
        }
        catch (HttpRequestException refused) when (refused.StatusCode == HttpStatusCode.BadRequest)
        {
            LogMessageRefused(message.SourceId, refused.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat refused the file of message {SourceId}; it goes on with a note: {Reason}")]
    private partial void LogAttachmentRefused(string sourceId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat refused message {SourceId}, which is passed over: {Reason}")]
    private partial void LogMessageRefused(string sourceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The inbound worker failed a round")]
    private partial void LogWorkerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbound entry {EntryId} dropped after {Attempts} failed attempts: {Reason}")]
    private partial void LogEntryDropped(string entryId, long attempts, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffer {Buffer}: {Handed} of {Count} messages reached Chat, the rest is retried: {Reason}")]
    private partial void LogHandOverFailed(string buffer, int handed, int count, string reason);
}
