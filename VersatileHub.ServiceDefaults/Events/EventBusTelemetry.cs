using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VersatileHub.ServiceDefaults.Events;

/// <summary>Spans and counters of the event bus (meter <c>VersatileHub.EventBus</c>).</summary>
internal sealed class EventBusTelemetry : IDisposable
{
    public const string ActivitySourceName = "VersatileHub.EventBus";
    public const string MeterName = "VersatileHub.EventBus";

    public static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Meter _meter;

    public EventBusTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Relayed = _meter.CreateCounter<long>("vh.events.relayed", "{event}", "Events moved from the outbox to the stream");
        Handled = _meter.CreateCounter<long>("vh.events.handled", "{event}", "Events handled, by type and outcome");
        Parked = _meter.CreateCounter<long>("vh.events.parked", "{event}", "Events parked after repeated failures");
    }

    public Counter<long> Relayed { get; }

    public Counter<long> Handled { get; }

    public Counter<long> Parked { get; }

    public void Dispose() => _meter.Dispose();
}
