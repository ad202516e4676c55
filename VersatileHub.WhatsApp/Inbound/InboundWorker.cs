using System.Collections.Concurrent;
using System.Globalization;
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
/// <remarks>
/// Whatever a payload does, it holds back only its own contact: each contact's turn and each status report is a task of its
/// own (at most <see cref="WhatsAppOptions.InboundConcurrency"/> of each at once), never a round that waits for its slowest
/// member; a Chat call is one attempt with a time limit; a turn that fails is tried again later with a growing wait; a message
/// or status that Chat refuses (4xx) or that keeps failing (<see cref="WhatsAppOptions.MaxInboundAttempts"/>) is parked with
/// its error (<see cref="ParkedInbound"/>) and the contact's next messages go on. Chat out of reach parks nothing: it is
/// waited for.
/// </remarks>
internal sealed partial class InboundWorker(
    IConnectionMultiplexer redis, InboundQueue queue, ContactBuffers buffers, ParkedInbound parked, ChannelDirectory channels,
    ChatChannel chat, TurnPreparation preparation, CustomerServiceWindow window, SendLedger ledger, WhatsAppMetrics metrics,
    IOptions<WhatsAppOptions> options, TimeProvider time, ILogger<InboundWorker> logger) : BackgroundService
{
    private readonly string _consumer = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>The contacts' turns (by buffer) and status reports (by queue entry) this replica is working on.</summary>
    private readonly ConcurrentDictionary<string, Task> _working = new();

    /// <summary>
    /// The last status report started for each message in Chat: the next one for the same message waits for it, so that a
    /// message's statuses reach Chat one after the other (Chat keeps the furthest) while other messages' go on at once.
    /// </summary>
    private readonly ConcurrentDictionary<string, Task> _lastReports = new();

    /// <summary>Status reports taken from the queue and not finished, most of them waiting for a slot; beyond this, left pending.</summary>
    private const int MaxReportsUnderWay = 1_000;

    private int _reportsUnderWay;

    private RedisValue _claimFrom = "0-0";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureGroupAsync();
        using var turns = new SemaphoreSlim(options.Value.InboundConcurrency);
        using var reports = new SemaphoreSlim(options.Value.InboundConcurrency);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var busy = false;
                try
                {
                    busy = await ReadQueueAsync(reports, stoppingToken);
                    busy |= await StartDueTurnsAsync(turns, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever failed stays in Redis (pending entries, buffers) and is taken up again: the worker goes on.
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
                        break;
                    }
                }
            }
        }
        finally
        {
            // The work under way ends (cancelled, its progress saved) before the semaphores go.
            await Task.WhenAll(_working.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

    /// <summary>New entries, then those left pending too long (walking the whole pending list over the rounds); true when there were new ones.</summary>
    private async Task<bool> ReadQueueAsync(SemaphoreSlim reports, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var fresh = await database.StreamReadGroupAsync(queue.Stream, InboundQueue.Group, _consumer, ">", 200);
        var stale = await database.StreamAutoClaimAsync(queue.Stream, InboundQueue.Group, _consumer,
            (long)options.Value.ClaimTimeout.TotalMilliseconds, _claimFrom, 100);
        _claimFrom = stale.NextStartId;
        foreach (var entry in fresh.Concat(stale.ClaimedEntries))
        {
            await TakeInAsync(entry, reports, cancellationToken);
        }
        return fresh.Length > 0;
    }

    /// <summary>A message goes into its contact's buffer at once (in queue order); a status is reported by a task of its own.</summary>
    private async Task TakeInAsync(StreamEntry entry, SemaphoreSlim reports, CancellationToken cancellationToken)
    {
        var id = entry.Id.ToString();
        var raw = entry["item"].ToString();
        QueuedItem item;
        try
        {
            item = InboundQueue.Deserialize(raw);
        }
        catch (JsonException exception)
        {
            await ParkEntryAsync(id, "entry", "unreadable", exception.Message, raw);
            return;
        }
        if (item.Message is not null)
        {
            await BufferAsync(id, raw, item, cancellationToken);
        }
        else if (item.Status is { } status)
        {
            // A status already under way here, or too many waiting for a slot: it stays pending and is claimed again later.
            if (!_working.ContainsKey(id) && Volatile.Read(ref _reportsUnderWay) < MaxReportsUnderWay)
            {
                // A later part of a message with files reports under the id Chat knows the message by, its first part's.
                var sourceId = await ledger.MessageOfPartAsync(item.Account, item.Inbox, status.ProviderId) ?? status.ProviderId;
                var message = string.Create(CultureInfo.InvariantCulture, $"{item.Account}:{item.Inbox}:{sourceId}");
                var previous = _lastReports.GetValueOrDefault(message) ?? Task.CompletedTask;
                Interlocked.Increment(ref _reportsUnderWay);
                var report = Start(id, null, async () =>
                {
                    try
                    {
                        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        await reports.WaitAsync(cancellationToken);
                        try
                        {
                            await ReportStatusAsync(id, raw, item, status, sourceId, cancellationToken);
                        }
                        finally
                        {
                            reports.Release();
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _reportsUnderWay);
                    }
                });
                _lastReports[message] = report;
                _ = report.ContinueWith(_ => _lastReports.TryRemove(KeyValuePair.Create(message, report)), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        else
        {
            await ParkEntryAsync(id, "entry", "unreadable", "Neither a message nor a status.", raw);
        }
    }

    private async Task BufferAsync(string id, string raw, QueuedItem item, CancellationToken cancellationToken)
    {
        try
        {
            await buffers.AddAsync(item, id, await BufferWindowAsync(item, cancellationToken), time.GetUtcNow());
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await EntryFailedAsync(id, raw, "message", exception);
        }
    }

    /// <summary>The inbox's window; the default one while Chat cannot say, so that buffering a message never waits on Chat.</summary>
    private async Task<TimeSpan> BufferWindowAsync(QueuedItem item, CancellationToken cancellationToken)
    {
        try
        {
            return (await channels.GetAsync(item.Account, item.Inbox, cancellationToken))?.BufferWindow ?? options.Value.BufferWindow;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return options.Value.BufferWindow;
        }
    }

    private async Task ReportStatusAsync(
        string id, string raw, QueuedItem item, StatusUpdate status, string sourceId, CancellationToken cancellationToken)
    {
        try
        {
            if (!await ReportAsync(item, status, sourceId, cancellationToken))
            {
                // Chat does not know the message (yet: the send's own report may still be on its way); tried again later.
                await EntryFailedAsync(id, raw, "status", new KeyNotFoundException($"Chat does not know message {status.ProviderId}."), "unknown_message");
                return;
            }
            var database = redis.GetDatabase();
            await database.StreamAcknowledgeAsync(queue.Stream, InboundQueue.Group, id);
            await database.HashDeleteAsync(parked.EntryAttempts, id);
        }
        catch (HttpRequestException refused) when (Refused(refused))
        {
            await ParkEntryAsync(id, "status", "refused", refused.Message, raw);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await EntryFailedAsync(id, raw, "status", exception);
        }
    }

    /// <summary>A provider's status in Chat's words, about message <paramref name="sourceId"/>; <c>accepted</c> (queued at the provider) says nothing new.</summary>
    private async Task<bool> ReportAsync(QueuedItem item, StatusUpdate status, string sourceId, CancellationToken cancellationToken)
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
        return await chat.ReportOnceAsync(item.Account, item.Inbox, sourceId,
            new DeliveryReport(name, name == "failed" ? status.Error ?? "failed" : null), cancellationToken);
    }

    /// <summary>
    /// A queue entry that could not be handled stays pending (claimed again after the claim timeout); one that failed for a
    /// reason of its own <see cref="WhatsAppOptions.MaxInboundAttempts"/> times is parked with the error.
    /// </summary>
    private async Task EntryFailedAsync(string id, string raw, string kind, Exception exception, string reason = "failed")
    {
        try
        {
            if (!Counts(exception))
            {
                LogEntryDeferred(id, exception.Message);
                return;
            }
            var attempts = await redis.GetDatabase().HashIncrementAsync(parked.EntryAttempts, id);
            if (attempts >= options.Value.MaxInboundAttempts)
            {
                await ParkEntryAsync(id, kind, reason, exception.Message, raw);
            }
            else
            {
                LogEntryDeferred(id, exception.Message);
            }
        }
        catch (RedisException redisDown)
        {
            LogEntryDeferred(id, redisDown.Message);
        }
    }

    private async Task ParkEntryAsync(string id, string kind, string reason, string error, string raw)
    {
        await parked.ParkEntryAsync(id, kind, reason, error, raw, time.GetUtcNow());
        LogParked(kind, reason, id, error);
    }

    /// <summary>Takes the due buffers that free slots allow, each handed to Chat by a task of its own; true when any was taken.</summary>
    private async Task<bool> StartDueTurnsAsync(SemaphoreSlim turns, CancellationToken cancellationToken)
    {
        if (turns.CurrentCount == 0)
        {
            return false;
        }
        var started = false;
        foreach (var member in await buffers.DueAsync(time.GetUtcNow(), 100 + _working.Count))
        {
            if (_working.ContainsKey(member))
            {
                continue;
            }
            if (!turns.Wait(0))
            {
                break;
            }
            TakenBuffer? buffer;
            try
            {
                buffer = await buffers.TryTakeAsync(member, time.GetUtcNow());
            }
            catch
            {
                turns.Release();
                throw;
            }
            if (buffer is null)
            {
                turns.Release();
                continue;
            }
            _ = Start(member, turns, () => HandOverAsync(buffer, cancellationToken));
            started = true;
        }
        return started;
    }

    /// <summary>Runs <paramref name="work"/> as a task known under <paramref name="key"/> until it ends, then frees its slot of <paramref name="slots"/>.</summary>
    private Task Start(string key, SemaphoreSlim? slots, Func<Task> work)
    {
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = RunAsync();
        _working[key] = running;
        registered.SetResult();
        return running;

        async Task RunAsync()
        {
            await registered.Task;
            try
            {
                await work();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogWorkerFailed(exception);
            }
            catch (OperationCanceledException)
            {
                // Stopping: what was not finished stays in Redis.
            }
            finally
            {
                _working.TryRemove(key, out _);
                slots?.Release();
            }
        }
    }

    /// <summary>
    /// A contact's turn to Chat, message after message in the order they arrived. A message Chat refuses is parked and the
    /// next goes on; one that fails stops the turn, which is tried again after a growing wait, until the same first message
    /// has failed <see cref="WhatsAppOptions.MaxInboundAttempts"/> times for a reason of its own: then it is parked too.
    /// </summary>
    private async Task HandOverAsync(TakenBuffer buffer, CancellationToken stoppingToken)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keeping = KeepHoldAsync(buffer, hold);
        var handed = 0;
        var delivered = 0;
        var setAside = new List<ParkedMessage>();
        var (strikes, tries) = (buffer.Strikes, buffer.Tries);
        Exception? failure = null;
        try
        {
            foreach (var message in buffer.Items)
            {
                try
                {
                    if (message.Item is not { } item)
                    {
                        setAside.Add(new ParkedMessage(message.Raw, "unreadable", "The buffered message cannot be read."));
                    }
                    else if (await HandOneAsync(item, hold.Token) is { } inboxGone)
                    {
                        setAside.Add(new ParkedMessage(message.Raw, "inbox_gone", inboxGone));
                    }
                    else
                    {
                        delivered++;
                    }
                }
                catch (HttpRequestException refused) when (Refused(refused))
                {
                    setAside.Add(new ParkedMessage(message.Raw, "refused", refused.Message));
                }
                catch (Exception exception) when (!hold.IsCancellationRequested && Counts(exception) && strikes + 1 >= options.Value.MaxInboundAttempts)
                {
                    setAside.Add(new ParkedMessage(message.Raw, "failed", exception.Message));
                }
                catch (Exception exception)
                {
                    // Stopping, the hold lost, or a failure to try again: the rest of the turn waits, this message first.
                    failure = exception;
                    if (!hold.IsCancellationRequested)
                    {
                        strikes += Counts(exception) ? 1 : 0;
                        tries++;
                    }
                    break;
                }
                // The first message changed: the next one's failures start from nothing.
                handed++;
                (strikes, tries) = (0, 0);
            }
        }
        finally
        {
            await hold.CancelAsync();
            await keeping;
            await FinishAsync(buffer, handed, delivered, setAside, failure, strikes, tries);
        }
    }

    /// <summary>Hands one message to Chat; the reason to park it instead when its inbox is no longer a WhatsApp inbox.</summary>
    private async Task<string?> HandOneAsync(QueuedItem item, CancellationToken cancellationToken)
    {
        WhatsAppInbox? inbox;
        try
        {
            inbox = await channels.GetAsync(item.Account, item.Inbox, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ChatUnavailableException($"The inbox's settings could not be read: {exception.Message}", exception);
        }
        if (inbox is null)
        {
            return $"Inbox {item.Inbox} of account {item.Account} is no longer a WhatsApp inbox in Chat.";
        }
        var message = item.Message!;
        await HandToChatAsync(await preparation.PrepareAsync(inbox, message, cancellationToken), item, cancellationToken);
        // The provider's send time, but never later than now: a wrong clock must not stretch the 24-hour window.
        var now = time.GetUtcNow();
        await window.ContactWroteAsync(item.Account, item.Inbox, message.From, message.SentAt < now ? message.SentAt.Value : now);
        return null;
    }

    /// <summary>A file Chat refuses (too large, say) is replaced by a note rather than costing the message its text.</summary>
    private async Task HandToChatAsync(ChatIncomingMessage message, QueuedItem item, CancellationToken cancellationToken)
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
            await HandToChatAsync(message with
            {
                Attachments = null,
                ContentType = "text",
                Content = string.IsNullOrEmpty(message.Content) ? note : $"{message.Content}\n{note}",
            }, item, cancellationToken);
        }
    }

    /// <summary>Renews the hold on a buffer while its turn is handed over; cancels the turn if the hold was lost.</summary>
    private async Task KeepHoldAsync(TakenBuffer buffer, CancellationTokenSource hold)
    {
        var every = options.Value.ClaimTimeout / 3;
        while (!hold.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, hold.Token);
                if (!await buffers.RenewAsync(buffer))
                {
                    LogHoldLost(buffer.Member);
                    await hold.CancelAsync();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (RedisException exception)
            {
                LogWorkerFailed(exception);
            }
        }
    }

    private async Task FinishAsync(
        TakenBuffer buffer, int handed, int delivered, IReadOnlyList<ParkedMessage> setAside, Exception? failure, int strikes, int tries)
    {
        var now = time.GetUtcNow();
        var retryAt = failure is null ? now : now + RetryDelay(tries);
        bool finished;
        try
        {
            finished = await buffers.FinishAsync(buffer, handed, setAside, now, retryAt, strikes, tries);
        }
        catch (RedisException exception)
        {
            // The hold lapses and the turn is taken again: what reached Chat is handed again, and Chat keeps it once.
            LogWorkerFailed(exception);
            return;
        }
        if (!finished)
        {
            LogHoldLost(buffer.Member);
            return;
        }
        foreach (var message in setAside)
        {
            metrics.Parked("message", message.Reason);
            LogParked("message", message.Reason, buffer.Member, message.Error);
        }
        if (delivered > 0)
        {
            metrics.Flushed(delivered);
        }
        if (failure is not null)
        {
            LogHandOverFailed(buffer.Member, handed, buffer.Items.Count, strikes, retryAt, failure.Message);
        }
    }

    /// <summary>Exponential backoff with jitter, from <see cref="WhatsAppOptions.InboundRetryBaseDelay"/> up to the maximum.</summary>
    private TimeSpan RetryDelay(int tries)
    {
        var settings = options.Value;
        var ceiling = settings.InboundRetryBaseDelay * Math.Pow(2, Math.Clamp(tries - 1, 0, 30));
        var jittered = ceiling * (0.5 + Random.Shared.NextDouble() / 2);
        return jittered < settings.InboundRetryMaxDelay ? jittered : settings.InboundRetryMaxDelay;
    }

    /// <summary>Chat answered that it will not take this message or status as it is (4xx other than a wait or its credentials).</summary>
    private static bool Refused(HttpRequestException exception) =>
        exception.StatusCode is { } status && (int)status is >= 400 and < 500
        && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);

    /// <summary>
    /// Whether a failure may be the payload's own (counted toward parking it): Chat answered an error or no answer came in
    /// time; not when Chat or Redis is out of reach, overloaded, or refuses the gateway's credentials, which hold everyone up alike.
    /// </summary>
    private static bool Counts(Exception exception) => exception switch
    {
        ChatUnavailableException or RedisException or OperationCanceledException { InnerException: not TimeoutException } => false,
        HttpRequestException { StatusCode: null } => false,
        HttpRequestException { StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => false,
        _ => true,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat refused the file of message {SourceId}; it goes on with a note: {Reason}")]
    private partial void LogAttachmentRefused(string sourceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The inbound worker failed a round")]
    private partial void LogWorkerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbound {Kind} parked ({Reason}) from {Where}: {Error}")]
    private partial void LogParked(string kind, string reason, string where, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound entry {EntryId} is tried again later: {Reason}")]
    private partial void LogEntryDeferred(string entryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffer {Buffer}: {Handed} of {Count} messages reached Chat or were parked; the rest is tried again at {RetryAt} (first message's failures: {Strikes}): {Reason}")]
    private partial void LogHandOverFailed(string buffer, int handed, int count, int strikes, DateTimeOffset retryAt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffer {Buffer} was taken over by another worker before its turn ended; that one hands it again")]
    private partial void LogHoldLost(string buffer);
}

/// <summary>Chat cannot be asked (its settings API failed): nothing the message itself did, so it does not count toward parking it.</summary>
internal sealed class ChatUnavailableException(string message, Exception inner) : Exception(message, inner);
