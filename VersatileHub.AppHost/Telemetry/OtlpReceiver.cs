using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VersatileHub.AppHost.Telemetry;

/// <summary>
/// OTLP/HTTP with protobuf bodies (<c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>), the protocol the services'
/// OpenTelemetry exporter speaks with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>. A caller shows the run's API key in
/// <c>x-otlp-api-key</c>, as the Aspire Dashboard asks; what is received goes to the <see cref="TelemetryStore"/> and, when the
/// Aspire Dashboard runs in a container, on to it unchanged.
/// </summary>
internal static class OtlpReceiver
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    public const string Protocol = "http/protobuf";
    private const string ProtobufContentType = "application/x-protobuf";
    private const int MaxBodyBytes = 8 * 1024 * 1024;

    public static void MapOtlpReceiver(this IEndpointRouteBuilder app, TelemetryStore store, string apiKey, OtlpRelay relay)
    {
        var group = app.MapGroup("/v1").DisableAntiforgery();
        group.MapPost("/traces", (HttpContext http, CancellationToken cancellationToken) => ReceiveAsync(http, apiKey, relay, "traces", body => store.Add(OtlpExport.ReadSpans(body))));
        group.MapPost("/logs", (HttpContext http, CancellationToken cancellationToken) => ReceiveAsync(http, apiKey, relay, "logs", body => store.Add(OtlpExport.ReadLogRecords(body))));
        group.MapPost("/metrics", (HttpContext http, CancellationToken cancellationToken) => ReceiveAsync(http, apiKey, relay, "metrics", body => store.Add(OtlpExport.ReadMetricNames(body))));
    }

    /// <summary>The <c>OTEL_EXPORTER_OTLP_HEADERS</c> value that carries <paramref name="apiKey"/>.</summary>
    public static string HeadersFor(string apiKey) => $"{ApiKeyHeader}={apiKey}";

    private delegate void Store(ReadOnlySpan<byte> body);

    private static async Task<IResult> ReceiveAsync(HttpContext http, string apiKey, OtlpRelay relay, string signal, Store store)
    {
        var request = http.Request;
        if (!HasApiKey(request, apiKey))
        {
            return TypedResults.Problem($"Send the run's OTLP API key in the {ApiKeyHeader} header.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (request.ContentType?.Split(';')[0].Trim() != ProtobufContentType)
        {
            return TypedResults.Problem($"Only OTLP/HTTP with {ProtobufContentType} bodies is received here (Content-Type was '{request.ContentType}').",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, http.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            store(body);
        }
        catch (InvalidDataException e)
        {
            return TypedResults.Problem($"The body is not an OTLP {signal} export: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        relay.Forward(signal, body);
        // An empty Export*ServiceResponse: everything was accepted.
        return TypedResults.Bytes([], ProtobufContentType);
    }

    private static bool HasApiKey(HttpRequest request, string apiKey) =>
        request.Headers[ApiKeyHeader].ToString() is { Length: > 0 } given
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(apiKey));

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var source = request.Headers.ContentEncoding.ToString() == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new InvalidDataException($"An export may hold at most {MaxBodyBytes / 1024 / 1024} MiB.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}

/// <summary>
/// Sends what the receiver accepted on to the Aspire Dashboard's OTLP/HTTP endpoint once <see cref="Connect"/> says where it is;
/// a dashboard that is down loses it, the run does not wait.
/// </summary>
internal sealed class OtlpRelay : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private (Uri Endpoint, string ApiKey)? _target;

    public void Connect(Uri endpoint, string apiKey) => _target = (endpoint, apiKey);

    public void Forward(string signal, byte[] body)
    {
        if (_target is { } target)
        {
            _ = ForwardAsync(target.Endpoint, target.ApiKey, signal, body);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task ForwardAsync(Uri endpoint, string apiKey, string signal, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, $"/v1/{signal}")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-protobuf");
        request.Headers.Add(OtlpReceiver.ApiKeyHeader, apiKey);
        try
        {
            using var response = await _http.SendAsync(request);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException)
        {
            // Still starting, or stopped: the AppHost's own dashboard has the data anyway.
        }
    }
}
