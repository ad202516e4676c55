using System.Collections.Concurrent;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// Runs a request of this replica is waiting on (a webhook of a concurrency-limited workflow, whose run a worker executes
/// once a slot is free), told how each ended or paused when this replica's workers execute it.
/// </summary>
internal sealed class RunCompletions
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<RunResult>> _awaited = new();

    /// <summary>Starts waiting for <paramref name="run"/>; register before queueing it, so its end is never missed.</summary>
    public Expectation Expect(Guid run)
    {
        var completion = new TaskCompletionSource<RunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited[run] = completion;
        return new Expectation(this, run, completion.Task);
    }

    /// <summary>A worker finished executing a run: it succeeded, failed or waits.</summary>
    public void Ended(RunResult result)
    {
        if (!_awaited.IsEmpty && _awaited.TryRemove(result.RunId, out var completion))
        {
            completion.TrySetResult(result);
        }
    }

    private void Forget(Guid run) => _awaited.TryRemove(run, out _);

    /// <summary>A run awaited until disposed.</summary>
    public sealed class Expectation(RunCompletions completions, Guid run, Task<RunResult> result) : IDisposable
    {
        public Task<RunResult> Result { get; } = result;

        public void Dispose() => completions.Forget(run);
    }
}
