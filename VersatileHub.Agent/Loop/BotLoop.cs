using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using VersatileHub.Agent.Models;
using VersatileHub.Agent.Profiles;
using VersatileHub.Agent.Replies;
using VersatileHub.Agent.Tools;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Loop;

/// <summary>
/// Makes the bot's replies, one conversation at a time: the holder of a conversation's lock reads the latest messages,
/// asks the model, and, if more messages came while the model was thinking, asks again with them (up to
/// <see cref="AgentOptions.MaxFolds"/> times, and only while the discarded answer did nothing such as booking) so a burst
/// gets one reply. Then it posts the reply as the bot and, if the
/// model asked for a human, hands the conversation over. When every profile fails, nothing is sent: the conversation
/// goes to a human with the reason.
/// </summary>
public sealed partial class BotLoop(
    IServiceScopeFactory scopes, ConversationLocks locks, AgentTelemetry telemetry, IOptions<AgentOptions> options,
    ILogger<BotLoop> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<ConversationKey, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Runs the conversation's turns in the background; the caller holds the lock under <paramref name="token"/>.</summary>
    internal void Start(ConversationKey key, string token)
    {
        CancellationToken stopping;
        lock (_gate)
        {
            if (_disposed || _stopping.IsCancellationRequested)
            {
                // Shutting down: the lock expires and the next message starts the turn on a live replica.
                return;
            }
            stopping = _stopping.Token;
        }
        var run = Task.Run(() => RunAsync(key, token, stopping));
        _running[key] = run;
        run.ContinueWith(_ => _running.TryRemove(new KeyValuePair<ConversationKey, Task>(key, run)), TaskScheduler.Default);
    }

    private async Task RunAsync(ConversationKey key, string token, CancellationToken cancellationToken)
    {
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(key, token, renewal.Token);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var seen = await TurnAsync(key, cancellationToken);
                if (await locks.SettleAsync(key, token, seen))
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTurnFailed(exception, key.DisplayId, key.Tenant);
            await locks.ReleaseAsync(key, token);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
    }

    /// <returns>The count of waiting messages the turn answered.</returns>
    private async Task<long> TurnAsync(ConversationKey key, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<CurrentTenant>().Set(key.Tenant);
        var reader = services.GetRequiredService<ConversationReader>();
        var answering = services.GetRequiredService<AgentAnswering>();

        var seen = await locks.PendingAsync(key);
        AnsweredTurn? answered = null;
        for (var fold = 0; ; fold++)
        {
            var context = await reader.ReadAsync(key, cancellationToken);
            if (context is null || !context.AwaitsReply)
            {
                return seen;
            }
            answered = await answering.AnswerAsync(context.Scope, context.Messages, cancellationToken);
            if (answered is null)
            {
                LogBotOff(key.Tenant);
                return seen;
            }
            var now = await locks.PendingAsync(key);
            if (now == seen || fold >= options.Value.MaxFolds || !answered.Answer.Succeeded
                || answered.Turn.ToolCalls.Any(c => AgentToolNames.Acting.Contains(c.Tool)))
            {
                break;
            }
            // More messages came while the model was thinking: answer them all at once (nothing was done that remaking would repeat).
            seen = now;
        }

        var chat = services.GetRequiredService<ChatReplies>();
        var suite = services.GetRequiredService<SuiteClients>();
        if (!answered.Answer.Succeeded)
        {
            var reasons = string.Join("; ", answered.Answer.Failures.Select(f => f.Describe()));
            await HandOffAsync(suite, key, Truncate(
                $"El bot no pudo responder (fallo del modelo) / The bot could not answer (model failure): {reasons}"), cancellationToken);
        }
        else if (answered.Reply.Send && await chat.PostAsync(key.Tenant, key.DisplayId, answered.Reply, cancellationToken) == PostOutcome.Posted
            && answered.Turn.HandoffReason is { } reason)
        {
            await HandOffAsync(suite, key, reason, cancellationToken);
        }
        else if (!answered.Reply.Send && answered.Turn.HandoffReason is { } silentReason)
        {
            await HandOffAsync(suite, key, silentReason, cancellationToken);
        }
        var total = Stopwatch.GetElapsedTime(started);
        telemetry.ReplyTimed(answered.Answer.ModelTime, total - answered.Answer.ModelTime);
        return seen;
    }

    private static async Task HandOffAsync(SuiteClients suite, ConversationKey key, string reason, CancellationToken cancellationToken)
    {
        using var response = await suite.SendAsync(SuiteClients.Chat, key.Tenant, HttpMethod.Post,
            $"/api/v1/accounts/{key.Tenant}/conversations/{key.DisplayId}/handoff", new { reason }, SuiteClients.ChatJson, cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            throw new ToolFailedException($"Chat refused the handoff with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static string Truncate(string reason) => reason.Length > 500 ? reason[..499] + "…" : reason;

    private async Task RenewAsync(ConversationKey key, string token, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(locks.Duration / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken) && await locks.RenewAsync(key, token))
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // The host may dispose the loop before it asks it to stop (a test host torn down early): nothing is left to stop.
            if (_disposed)
            {
                return;
            }
            _stopping.Cancel();
        }
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _stopping.Cancel();
                _stopping.Dispose();
                _disposed = true;
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "The bot's turn in conversation {Conversation} of tenant {Tenant} failed.")]
    private partial void LogTurnFailed(Exception exception, int conversation, int tenant);

    [LoggerMessage(LogLevel.Information, "Tenant {Tenant} has no agent profile: the bot is off (GET /api/agent/status says how to configure it).")]
    private partial void LogBotOff(int tenant);
}

internal static class BotLoopExtensions
{
    public static IHostApplicationBuilder AddBotLoop(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BotLoop>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BotLoop>());
        builder.Services.AddHostedService<UnfinishedTurns>();
        builder.Services.AddScoped<ConversationReader>();
        return builder;
    }
}
