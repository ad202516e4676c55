namespace VersatileHub.AppHost.Telemetry;

/// <summary>
/// Reads OTLP/HTTP protobuf exports (<c>ExportTraceServiceRequest</c>, <c>ExportLogsServiceRequest</c>,
/// <c>ExportMetricsServiceRequest</c> of opentelemetry-proto v1) into what the dashboard shows; every other field is skipped.
/// </summary>
internal static partial class OtlpExport
{
    private const string UnknownService = "unknown_service";

    /// <exception cref="InvalidDataException">The body is not an OTLP export.</exception>
    public static IReadOnlyList<ReceivedSpan> ReadSpans(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        // ExportTraceServiceRequest.resource_spans = 1; ResourceSpans: resource = 1, scope_spans = 2; ScopeSpans: spans = 2.
        ForEachResource(request, (service, scope) => ForEach(scope, 2, span => spans.Add(ReadSpan(service, span))));
        return spans;
    }

    /// <exception cref="InvalidDataException">The body is not an OTLP export.</exception>
    public static IReadOnlyList<ReceivedLogRecord> ReadLogRecords(ReadOnlySpan<byte> request)
    {
        var records = new List<ReceivedLogRecord>();
        ForEachResource(request, (service, scope) => ForEach(scope, 2, record => records.Add(ReadLogRecord(service, record))));
        return records;
    }

    /// <summary>The names of the metrics in the export, by the service that sent them.</summary>
    /// <exception cref="InvalidDataException">The body is not an OTLP export.</exception>
    public static IReadOnlyList<(string Service, string Metric)> ReadMetricNames(ReadOnlySpan<byte> request)
    {
        var names = new List<(string, string)>();
        // Metric.name = 1.
        ForEachResource(request, (service, scope) => ForEach(scope, 2, metric => names.Add((service, FirstString(metric, 1) ?? ""))));
        return names;
    }

    // The three exports share their shape: resource_* = 1 { resource = 1, scope_* = 2 { scope = 1, items = 2 } }.
    private static void ForEachResource(ReadOnlySpan<byte> request, ScopeAction action)
    {
        var reader = new ProtobufReader(request);
        while (reader.Next(out var field, out var wireType))
        {
            if (field != 1 || wireType != ProtobufReader.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            var resourceItems = reader.ReadBytes();
            var service = UnknownService;
            var inner = new ProtobufReader(resourceItems);
            while (inner.Next(out var f, out var w))
            {
                if (f == 1 && w == ProtobufReader.LengthDelimited)
                {
                    service = ServiceNameOf(inner.ReadBytes()) ?? service;
                }
                else
                {
                    inner.Skip(w);
                }
            }

            // The resource may follow its scopes on the wire, so scopes are read once the service is known.
            var scopes = new ProtobufReader(resourceItems);
            while (scopes.Next(out var f, out var w))
            {
                if (f == 2 && w == ProtobufReader.LengthDelimited)
                {
                    action(service, scopes.ReadBytes());
                }
                else
                {
                    scopes.Skip(w);
                }
            }
        }
    }

    private delegate void ScopeAction(string service, ReadOnlySpan<byte> scope);

    private delegate void ItemAction(ReadOnlySpan<byte> item);

    private static void ForEach(ReadOnlySpan<byte> message, int itemField, ItemAction action)
    {
        var reader = new ProtobufReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == itemField && wireType == ProtobufReader.LengthDelimited)
            {
                action(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    // Resource.attributes = 1 (KeyValue: key = 1, value = 2); the service is the "service.name" attribute.
    private static string? ServiceNameOf(ReadOnlySpan<byte> resource)
    {
        string? service = null;
        ForEach(resource, 1, attribute =>
        {
            if (FirstString(attribute, 1) == "service.name")
            {
                service = AnyValueText(FirstBytes(attribute, 2));
            }
        });
        return service;
    }

    private static ReceivedSpan ReadSpan(string service, ReadOnlySpan<byte> span)
    {
        string traceId = "", spanId = "", name = "";
        string? parentSpanId = null, statusMessage = null;
        ulong start = 0, end = 0;
        var kind = 0;
        var statusCode = 0;
        var reader = new ProtobufReader(span);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufReader.LengthDelimited):
                    traceId = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case (2, ProtobufReader.LengthDelimited):
                    spanId = Convert.ToHexStringLower(reader.ReadBytes());
                    break;
                case (4, ProtobufReader.LengthDelimited):
                    var parent = reader.ReadBytes();
                    parentSpanId = parent.IsEmpty ? null : Convert.ToHexStringLower(parent);
                    break;
                case (5, ProtobufReader.LengthDelimited):
                    name = reader.ReadString();
                    break;
                case (6, ProtobufReader.Varint):
                    kind = (int)reader.ReadVarint();
                    break;
                case (7, ProtobufReader.Fixed64):
                    start = reader.ReadFixed64();
                    break;
                case (8, ProtobufReader.Fixed64):
                    end = reader.ReadFixed64();
                    break;
                case (15, ProtobufReader.LengthDelimited):
                    // Status: message = 2, code = 3 (0 unset, 1 ok, 2 error).
                    var status = new ProtobufReader(reader.ReadBytes());
                    while (status.Next(out var f, out var w))
                    {
                        if (f == 2 && w == ProtobufReader.LengthDelimited)
                        {
                            statusMessage = status.ReadString();
                        }
                        else if (f == 3 && w == ProtobufReader.Varint)
                        {
                            statusCode = (int)status.ReadVarint();
                        }
                        else
                        {
                            status.Skip(w);
                        }
                    }

                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        var duration = end > start ? TimeSpan.FromTicks((long)((end - start) / 100)) : TimeSpan.Zero;
        return new ReceivedSpan(service, traceId, spanId, parentSpanId, name, KindName(kind), TimeOf(start), duration, statusCode == 2, statusMessage);
    }

    private static ReceivedLogRecord ReadLogRecord(string service, ReadOnlySpan<byte> record)
    {
        ulong time = 0, observed = 0;
        var severityNumber = 0;
        string? severityText = null, body = null, traceId = null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtobufReader(record);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufReader.Fixed64):
                    time = reader.ReadFixed64();
                    break;
                case (2, ProtobufReader.Varint):
                    severityNumber = (int)reader.ReadVarint();
                    break;
                case (3, ProtobufReader.LengthDelimited):
                    severityText = reader.ReadString();
                    break;
                case (5, ProtobufReader.LengthDelimited):
                    body = AnyValueText(reader.ReadBytes());
                    break;
                case (6, ProtobufReader.LengthDelimited):
                    var attribute = reader.ReadBytes();
                    if (FirstString(attribute, 1) is { } key && AnyValueText(FirstBytes(attribute, 2)) is { } value)
                    {
                        attributes[key] = value;
                    }

                    break;
                case (9, ProtobufReader.LengthDelimited):
                    var trace = reader.ReadBytes();
                    traceId = trace.IsEmpty ? null : Convert.ToHexStringLower(trace);
                    break;
                case (11, ProtobufReader.Fixed64):
                    observed = reader.ReadFixed64();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        var severity = string.IsNullOrEmpty(severityText) ? SeverityName(severityNumber) : severityText;
        return new ReceivedLogRecord(service, TimeOf(time != 0 ? time : observed), severity, Format(body ?? "", attributes), traceId);
    }

    // .NET's exporter sends a message template ("Order {OrderId} shipped") with its values as attributes; the dashboard shows it filled in.
    private static string Format(string body, Dictionary<string, string> attributes) =>
        attributes.Count == 0 ? body : TemplateHole().Replace(body, hole => attributes.TryGetValue(hole.Groups[1].Value, out var value) ? value : hole.Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"\{@?([A-Za-z0-9_.]+)(?:[,:][^{}]*)?\}")]
    private static partial System.Text.RegularExpressions.Regex TemplateHole();

    // AnyValue: string_value = 1, bool_value = 2, int_value = 3, double_value = 4; other kinds are shown as empty.
    private static string? AnyValueText(ReadOnlySpan<byte> value)
    {
        var reader = new ProtobufReader(value);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufReader.LengthDelimited):
                    return reader.ReadString();
                case (2, ProtobufReader.Varint):
                    return reader.ReadVarint() != 0 ? "true" : "false";
                case (3, ProtobufReader.Varint):
                    return $"{(long)reader.ReadVarint()}";
                case (4, ProtobufReader.Fixed64):
                    return $"{BitConverter.UInt64BitsToDouble(reader.ReadFixed64())}";
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return null;
    }

    private static string? FirstString(ReadOnlySpan<byte> message, int field)
    {
        var reader = new ProtobufReader(message);
        while (reader.Next(out var f, out var w))
        {
            if (f == field && w == ProtobufReader.LengthDelimited)
            {
                return reader.ReadString();
            }

            reader.Skip(w);
        }

        return null;
    }

    private static ReadOnlySpan<byte> FirstBytes(ReadOnlySpan<byte> message, int field)
    {
        var reader = new ProtobufReader(message);
        while (reader.Next(out var f, out var w))
        {
            if (f == field && w == ProtobufReader.LengthDelimited)
            {
                return reader.ReadBytes();
            }

            reader.Skip(w);
        }

        return [];
    }

    private static DateTimeOffset TimeOf(ulong unixNanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanoseconds / 100));

    private static string KindName(int kind) => kind switch
    {
        1 => "internal",
        2 => "server",
        3 => "client",
        4 => "producer",
        5 => "consumer",
        _ => "unspecified",
    };

    // SeverityNumber ranges: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal.
    private static string SeverityName(int number) => number switch
    {
        >= 21 => "Fatal",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => "Unspecified",
    };
}

/// <summary>A span as the dashboard shows it.</summary>
internal sealed record ReceivedSpan(
    string Service, string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind,
    DateTimeOffset Start, TimeSpan Duration, bool IsError, string? StatusMessage);

/// <summary>A structured log record as the dashboard shows it.</summary>
internal sealed record ReceivedLogRecord(string Service, DateTimeOffset Time, string Severity, string Body, string? TraceId);
