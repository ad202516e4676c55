using System.Diagnostics;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Bench.EventBus;

/// <summary>Records publish→handled latency of every event and completes when the expected number arrived.</summary>
internal sealed class LatencyProbe(int expected)
{
    private readonly double[] _latenciesMs = new double[expected];
    private readonly TaskCompletionSource _allHandled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _handled;

    public Task AllHandled => _allHandled.Task;

    public void Record(long publishedAt)
    {
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
