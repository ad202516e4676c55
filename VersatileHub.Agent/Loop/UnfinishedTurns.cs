using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.Agent.Loop;

/// <summary>
/// Starts again the turns nobody is making although messages wait for them: the replica making one died (its lock lapses
/// after <see cref="AgentOptions.LockDuration"/>), or the turn failed because Chat, PostgreSQL or Redis was away for a
/// moment. Every <see cref="AgentOptions.ResumeInterval"/> each replica looks at the conversations still waiting and takes
/// the free ones' locks, so one replica resumes each; after <see cref="MaxResumes"/> resumed turns that all failed, the
/// conversation is left to its next message and an error is logged.
/// </summary>
internal sealed partial class UnfinishedTurns(ConversationLocks locks, BotLoop loop, IOptions<AgentOptions> options, ILogger<UnfinishedTurns> logger)
    : BackgroundService
{
    public const int MaxResumes = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ResumeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ResumeAsync();
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    LogScanFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ResumeAsync()
    {
        foreach (var (key, resumes) in await locks.WaitingAsync())
        {
            if (await locks.TryAcquireAsync(key) is not { } token)
            {
                continue;   // a turn is being made (or a dead replica's lock has not lapsed yet)
            }
            if (await locks.PendingAsync(key) == 0)
            {
                await locks.SettleAsync(key, token, 0);
                continue;
            }
            if (resumes >= MaxResumes)
            {
                await locks.AbandonAsync(key);
                await locks.ReleaseAsync(key, token);
                LogAbandoned(key.DisplayId, key.Tenant, resumes);
                continue;
            }
            await locks.CountResumeAsync(key);
            LogResuming(key.DisplayId, key.Tenant);
            loop.Start(key, token);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Conversation {Conversation} of tenant {Tenant} has messages no turn answered (a replica died or the turn failed): making its reply now.")]
    private partial void LogResuming(int conversation, int tenant);

    [LoggerMessage(LogLevel.Error, "Conversation {Conversation} of tenant {Tenant}: {Resumes} resumed turns failed; it waits for its next message.")]
    private partial void LogAbandoned(int conversation, int tenant, long resumes);

    [LoggerMessage(LogLevel.Warning, "Looking for unfinished turns failed; trying again at the next interval.")]
    private partial void LogScanFailed(Exception exception);
}
