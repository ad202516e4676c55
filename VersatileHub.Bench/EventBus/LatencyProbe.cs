using System.Diagnostics;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Bench.EventBus;

/// <summary>
/// Records publish→handled latency of every event published after <see cref="StartMeasuring"/> and completes when the
/// expected number arrived; earlier events only warm the path up (JIT, connection pools).
/// </summary>
internal sealed class LatencyProbe(int expected)
{
    private long _measuringSince = long.MaxValue;
    private int _warmUpHandled;

    private readonly double[] _latenciesMs = new double[expected];
    private readonly TaskCompletionSource _allHandled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _handled;

    public Task AllHandled => _allHandled.Task;

    public int WarmUpHandled => Volatile.Read(ref _warmUpHandled);

    public void StartMeasuring() => Volatile.Write(ref _measuringSince, Stopwatch.GetTimestamp());

    public void Record(long publishedAt)
    {
        if (publishedAt < Volatile.Read(ref _measuringSince))
        {
            Interlocked.Increment(ref _warmUpHandled);
            return;
        }

        var index = Interlocked.Increment(ref _handled) - 1;
        if (index < _latenciesMs.Length)
        {
            _latenciesMs[index] = Stopwatch.GetElapsedTime(publishedAt).TotalMilliseconds;
        }
        if (index == _latenciesMs.Length - 1)
        {
            _allHandled.TrySetResult();
        }
    }

    public double Percentile(double percentile)
    {
        var sorted = _latenciesMs.Take(Math.Min(_handled, _latenciesMs.Length)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

internal sealed class RecordLatency(LatencyProbe probe) : IIntegrationEventHandler
{
    public Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        probe.Record(@event.DataAs<Ping>()!.PublishedAt);
        return Task.CompletedTask;
    }
}
