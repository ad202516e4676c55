using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// This replica's workers: take due runs from the queue in batches (<c>FOR UPDATE SKIP LOCKED</c>, so replicas share it and
/// never take the same run), execute up to <see cref="EngineOptions.Concurrency"/> at once, renew their leases, and put
/// back the runs of a worker that died. Woken by <see cref="RunSignal"/>, polling as a fallback and for due Waits.
/// </summary>
internal sealed partial class RunWorker(
    RunStore store,
    RunSignal signal,
    RunExecutor executor,
    RunCompletions completions,
    WorkflowCatalog catalog,
    WorkerIdentity worker,
    LeaseKeeper leases,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<RunWorker> logger) : BackgroundService
{
    private readonly EngineOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Workers)
        {
            return;
        }
        var renewals = Task.Run(() => RenewLeasesAsync(stoppingToken), CancellationToken.None);
        var slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        var running = new HashSet<Task>();
        var lastRequeue = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (now - lastRequeue >= _options.Lease / 4)
                {
                    await store.RequeueExpiredAsync(now, stoppingToken);
                    lastRequeue = now;
                }
                await slots.WaitAsync(stoppingToken);
                slots.Release();
                var free = slots.CurrentCount;
                var wanted = Math.Min(free, _options.ClaimBatch);
                var claimed = new List<ClaimedRun>(await store.ClaimAsync(worker.Id, wanted, now, _options.Lease, stoppingToken));
                if (claimed.Count < wanted)
                {
                    claimed.AddRange(await store.ClaimLimitedAsync(worker.Id, wanted - claimed.Count, now, _options.Lease, stoppingToken));
                }
                if (claimed.Count > 0)
                {
                    var prior = await store.LoadStepsAsync([.. claimed.Where(c => c.Resumed).Select(c => c.Id)], stoppingToken);
                    foreach (var run in claimed)
                    {
                        await slots.WaitAsync(stoppingToken);
                        var task = Task.Run(() => ExecuteAsync(run, [.. prior[run.Id]], stoppingToken), CancellationToken.None);
                        lock (running)
                        {
                            running.Add(task);
                        }
                        _ = task.ContinueWith(t =>
                        {
                            slots.Release();
                            lock (running)
                            {
                                running.Remove(t);
                            }
                        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }
                if (claimed.Count < wanted)
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogQueueFailed(logger, error);
                await Task.Delay(_options.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        Task[] unfinished;
        lock (running)
        {
            unfinished = [.. running];
        }
        await Task.WhenAll(unfinished);
        await renewals;
    }

    private async Task ExecuteAsync(ClaimedRun claimed, IReadOnlyList<StepRecord> prior, CancellationToken stoppingToken)
    {
        try
        {
            var workflow = await catalog.FindAsync(claimed.WorkflowId, claimed.WorkflowVersion, stoppingToken);
            if (workflow is null)
            {
                // The workflow was deleted with its runs in between; nothing is left to execute.
                return;
            }
            var items = ItemsJson.Detach(JsonNode.Parse(claimed.TriggerItems) as JsonArray);
            var job = new RunJob(claimed.Id, claimed.TenantId, workflow, claimed.TriggerNode, claimed.TriggeredBy, items, claimed.TriggerItems,
                claimed.QueuedAt, claimed.StartedAt, claimed.RetryOf, claimed.ConcurrencyLimit, prior);
            completions.Ended(await executor.ExecuteAsync(job, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Handed back to the queue by the executor.
        }
        catch (Exception error)
        {
            // The run keeps its lease and is taken over when it expires, resuming from its last recorded step.
            LogRunFailed(logger, claimed.Id, error);
        }
    }

    private async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.Lease / 3, stoppingToken);
                await store.RenewAsync(worker.Id, leases.Held, clock.GetUtcNow() + _options.Lease, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException)
            {
                LogQueueFailed(logger, error);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "The run queue could not be read; trying again.")]
    private static partial void LogQueueFailed(ILogger logger, Exception error);

    [LoggerMessage(LogLevel.Error, "Run {RunId} stopped unexpectedly; it resumes when its lease expires.")]
    private static partial void LogRunFailed(ILogger logger, Guid runId, Exception error);
}

/// <summary>Deletes finished runs by age and per-workflow count (<see cref="HistoryOptions"/>).</summary>
internal sealed partial class RunPruner(RunStore store, IOptions<HistoryOptions> options, TimeProvider clock, ILogger<RunPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var history = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(history.PruneInterval, stoppingToken);
                await PruneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException)
            {
                LogPruneFailed(logger, error);
            }
        }
    }

    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var history = options.Value;
        return await store.PruneAsync(clock.GetUtcNow() - history.MaxAge, history.MaxRunsPerWorkflow, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Pruning the run history failed; trying again at the next interval.")]
    private static partial void LogPruneFailed(ILogger logger, Exception error);
}
