using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// Writes runs' history in batches: every flush waiting when a write starts goes into the same round trip, so a thousand
/// runs a second cost tens of writes, not thousands. A flush completes once its rows are committed.
/// </summary>
internal sealed partial class HistoryWriter(RunStore store, WorkerIdentity worker, ILogger<HistoryWriter> logger) : BackgroundService
{
    private const int MaxBatch = 512;
    private const int Writers = 2;

    private readonly Channel<Flush> _flushes = Channel.CreateUnbounded<Flush>(new UnboundedChannelOptions { SingleReader = false });

    public Task WriteAsync(RunRecord? run, IReadOnlyList<StepRecord> steps)
    {
        var flush = new Flush(run, steps, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_flushes.Writer.TryWrite(flush))
        {
            throw new InvalidOperationException("The history writer has stopped.");
        }
        return flush.Done.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteLoopAsync(stoppingToken), CancellationToken.None)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Runs being released on shutdown still flush; the loops end once the channel is drained.
        _flushes.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Flush>(MaxBatch);
        while (await _flushes.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _flushes.Reader.TryRead(out var flush))
            {
                batch.Add(flush);
            }
            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch);
            }
        }
    }

    private async Task WriteBatchAsync(List<Flush> batch)
    {
        try
        {
            await WriteAsync(batch);
            batch.ForEach(f => f.Done.TrySetResult());
        }
        catch (Exception error) when (batch.Count > 1 && error is not OperationCanceledException)
        {
            // One bad row must not fail its neighbours: each flush is written alone and gets its own answer.
            LogBatchFailed(logger, batch.Count, error);
            foreach (var flush in batch)
            {
                try
                {
                    await WriteAsync([flush]);
                    flush.Done.TrySetResult();
                }
                catch (Exception single)
                {
                    flush.Done.TrySetException(single);
                }
            }
        }
        catch (Exception error)
        {
            batch.ForEach(f => f.Done.TrySetException(error));
        }
    }

    private Task WriteAsync(IReadOnlyList<Flush> batch)
    {
        // A run flushed twice in one batch keeps its latest state (an upsert may not touch a row twice).
        var runs = new Dictionary<Guid, RunRecord>();
        var steps = new Dictionary<(Guid, int), StepRecord>();
        foreach (var flush in batch)
        {
            if (flush.Run is { } run)
            {
                runs[run.Id] = run;
            }
            foreach (var step in flush.Steps)
            {
                steps[(step.RunId, step.Sequence)] = step;
            }
        }
        return store.WriteAsync(worker.Id, [.. runs.Values], [.. steps.Values], CancellationToken.None);
    }

    [LoggerMessage(LogLevel.Warning, "A batch of {Count} history flushes failed; writing them one by one.")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception error);

    private sealed record Flush(RunRecord? Run, IReadOnlyList<StepRecord> Steps, TaskCompletionSource Done);
}

/// <summary>This replica's name in run leases.</summary>
internal sealed class WorkerIdentity(Microsoft.Extensions.Options.IOptions<EngineOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.WorkerId)
        ? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}"
        : options.Value.WorkerId!;
}
