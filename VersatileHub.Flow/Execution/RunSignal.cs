using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// Wakes the workers when runs are queued: this replica's at once, the others' through PostgreSQL's NOTIFY, coalesced so
/// that a burst of queued runs costs one notification rather than one per run.
/// </summary>
public sealed class RunSignal
{
    private readonly SemaphoreSlim _local = new(0, 1);
    private readonly SemaphoreSlim _remote = new(0, 1);

    /// <summary>Runs are waiting in the queue: wake every replica's workers.</summary>
    public void Wake()
    {
        WakeLocal();
        Release(_remote);
    }

    internal void WakeLocal() => Release(_local);

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _local.WaitAsync(timeout, cancellationToken);

    internal Task WaitForRemoteAsync(CancellationToken cancellationToken) => _remote.WaitAsync(cancellationToken);

    private static void Release(SemaphoreSlim semaphore)
    {
        try
        {
            if (semaphore.CurrentCount == 0)
            {
                semaphore.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up serves every run queued before it is taken.
        }
    }
}

/// <summary>Carries wake-ups between replicas: sends NOTIFY for this one's <see cref="RunSignal.Wake"/>, LISTENs for the others'.</summary>
internal sealed partial class RunNotifications(RunSignal signal, RunStore store, ILogger<RunNotifications> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Task.Run(() => SendAsync(stoppingToken), stoppingToken), Task.Run(() => ListenAsync(stoppingToken), stoppingToken));

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitForRemoteAsync(stoppingToken);
                await store.NotifyAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogNotifyFailed(logger, error);
                await Task.Delay(Retry, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => signal.WakeLocal();
                await using (var listen = new NpgsqlCommand($"LISTEN {RunStore.WakeChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Whatever was queued while this replica was not listening is found by the next claim.
                signal.WakeLocal();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                LogListenFailed(logger, error);
                await Task.Delay(Retry, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not notify other replicas of queued runs; they find them at their next poll.")]
    private static partial void LogNotifyFailed(ILogger logger, Exception error);

    [LoggerMessage(LogLevel.Warning, "Lost the wake-up channel; listening again (queued runs are still found by polling).")]
    private static partial void LogListenFailed(ILogger logger, Exception error);
}
