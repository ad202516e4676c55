namespace VersatileHub.AppHost.Telemetry;

/// <summary>
/// What the services sent to the AppHost's OTLP receiver, per service (<c>OTEL_SERVICE_NAME</c>, the resource's name):
/// how many spans and log records came, which metrics, and the latest <see cref="Kept"/> spans and log records.
/// </summary>
internal sealed class TelemetryStore
{
    public const int Kept = 50;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceTelemetry> _services = new(StringComparer.OrdinalIgnoreCase);

    public void Add(IEnumerable<ReceivedSpan> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                var service = Of(span.Service);
                service.SpanCount++;
                service.ErrorSpanCount += span.IsError ? 1 : 0;
                Keep(service.Spans, span);
            }
        }
    }

    public void Add(IEnumerable<ReceivedLogRecord> records)
    {
        lock (_gate)
        {
            foreach (var record in records)
            {
                var service = Of(record.Service);
                service.LogRecordCount++;
                Keep(service.LogRecords, record);
            }
        }
    }

    public void Add(IEnumerable<(string Service, string Metric)> metrics)
    {
        lock (_gate)
        {
            foreach (var (name, metric) in metrics)
            {
                Of(name).MetricNames.Add(metric);
            }
        }
    }

    /// <summary>What <paramref name="service"/> has sent so far, newest first; empty counts when nothing came.</summary>
    public TelemetrySummary SummaryOf(string service)
    {
        lock (_gate)
        {
            return _services.TryGetValue(service, out var telemetry)
                ? new TelemetrySummary(
                    telemetry.SpanCount, telemetry.ErrorSpanCount, telemetry.LogRecordCount, telemetry.MetricNames.Count,
                    [.. telemetry.Spans.Reverse()], [.. telemetry.LogRecords.Reverse()])
                : new TelemetrySummary(0, 0, 0, 0, [], []);
        }
    }

    private ServiceTelemetry Of(string service)
    {
        if (!_services.TryGetValue(service, out var telemetry))
        {
            _services[service] = telemetry = new ServiceTelemetry();
        }

        return telemetry;
    }

    private static void Keep<T>(Queue<T> latest, T item)
    {
        latest.Enqueue(item);
        if (latest.Count > Kept)
        {
            latest.Dequeue();
        }
    }

    private sealed class ServiceTelemetry
    {
        public long SpanCount { get; set; }

        public long ErrorSpanCount { get; set; }

        public long LogRecordCount { get; set; }

        public SortedSet<string> MetricNames { get; } = new(StringComparer.Ordinal);

        public Queue<ReceivedSpan> Spans { get; } = new();

        public Queue<ReceivedLogRecord> LogRecords { get; } = new();
    }
}

/// <summary>One service's telemetry: counts since the run started, and the latest spans and log records, newest first.</summary>
internal sealed record TelemetrySummary(
    long Spans, long ErrorSpans, long LogRecords, int Metrics, IReadOnlyList<ReceivedSpan> LatestSpans, IReadOnlyList<ReceivedLogRecord> LatestLogRecords);
