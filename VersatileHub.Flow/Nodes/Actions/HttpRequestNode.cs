using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>
/// n8n's HTTP Request node (parameters as n8n's version 4 writes them: <c>method</c>, <c>url</c>, <c>sendQuery</c> /
/// <c>queryParameters</c>, <c>sendHeaders</c> / <c>headerParameters</c>, <c>sendBody</c> / <c>contentType</c> /
/// <c>specifyBody</c> / <c>bodyParameters</c> / <c>jsonBody</c> / <c>body</c>, <c>options.timeout</c> and
/// <c>options.response.response</c>). A URL naming a suite service (<c>http://hub/...</c>) goes through service discovery
/// with Flow's service token for the run's tenant; any other URL goes out as it is, bounded by the timeout, never with
/// the token. Every request carries the item's <c>Idempotency-Key</c>.
/// </summary>
internal sealed class HttpRequestNode(SuiteServices suite, IHttpClientFactory httpClients, IOptions<ActionOptions> options) : INodeType
{
    public const string ExternalClient = "flow-http";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly string[] ContentTypes = ["json", "form-urlencoded", "raw"];
    private static readonly string[] ResponseFormats = ["autodetect", "json", "text"];

    public string Type => NodeTypes.HttpRequest;

    public NodeKind Kind => NodeKind.Action;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var errors = ActionParameters.Require(node, "url")
            .Concat(ActionParameters.OneOf(node, "method", Methods))
            .Concat(ActionParameters.OneOf(node, "contentType", ContentTypes))
            .Concat(ActionParameters.OneOf(node, "options.response.response.responseFormat", ResponseFormats))
            .ToList();
        if (ActionParameters.Raw(node, "url") is JsonValue url && url.TryGetValue<string>(out var text) && !text.Contains("{{", StringComparison.Ordinal)
            && !TryTarget(text, out _))
        {
            errors.Add(new DefinitionError(node.Name, "parameters.url", "url is an absolute http or https address."));
        }
        if (ActionParameters.Raw(node, "options.timeout") is JsonValue timeout && timeout.TryGetValue<double>(out var ms)
            && (ms < 1 || TimeSpan.FromMilliseconds(ms) > options.Value.MaxHttpTimeout))
        {
            errors.Add(new DefinitionError(node.Name, "parameters.options.timeout",
                $"timeout is in milliseconds, from 1 to {options.Value.MaxHttpTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}."));
        }
        return errors;
    }

    public async ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var output = new List<JsonObject>();
        for (var item = 0; item < execution.Items.Count; item++)
        {
            output.AddRange(await RequestAsync(execution, item, cancellationToken));
        }
        return NodeOutcome.Single(output);
    }

    private async Task<IReadOnlyList<JsonObject>> RequestAsync(NodeExecution execution, int item, CancellationToken cancellationToken)
    {
        var method = (execution.Text("method", item) ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            throw new NodeFailedException($"parameters.method is one of {string.Join(", ", Methods)}; it is '{method}'.");
        }
        var address = execution.RequiredText("url", item);
        if (!TryTarget(address, out var url))
        {
            throw new NodeFailedException($"parameters.url is an absolute http or https address; it is '{address}'.");
        }
        url = WithQuery(url, execution, item);
        var internalService = url.IsDefaultPort && SuiteServices.IsSuiteService(url.Host) ? url.Host.ToLowerInvariant() : null;

        using var request = new HttpRequestMessage(new HttpMethod(method), internalService is null ? url : new Uri(url.PathAndQuery, UriKind.Relative));
        request.Content = Body(execution, item);
        if (execution.Bool("sendHeaders", item))
        {
            var headers = execution.Text("specifyHeaders", item) == "json"
                ? (execution.Object("jsonHeaders", item) ?? []).Select(h => new KeyValuePair<string, string>(h.Key, h.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : h.Value?.ToJsonString() ?? ""))
                : execution.Pairs("headerParameters", item);
            foreach (var (name, value) in headers)
            {
                // The suite's services learn the tenant and the caller from Flow, never from the author.
                if (internalService is not null && (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("X-VH-Tenant", StringComparison.OrdinalIgnoreCase)))
                {
                    throw new NodeFailedException($"parameters.headerParameters: {name} is set by Flow on calls to the suite's services.");
                }
                if (!request.Headers.TryAddWithoutValidation(name, value) && (request.Content is null || !request.Content.Headers.TryAddWithoutValidation(name, value)))
                {
                    throw new NodeFailedException($"parameters.headerParameters: the header '{name}' cannot be sent.");
                }
            }
        }
        if (!request.Headers.Contains(ActionHeaders.IdempotencyKey))
        {
            request.Headers.Add(ActionHeaders.IdempotencyKey, execution.ItemKey(item));
        }

        var timeout = Timeout(execution, item);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var shown = $"{method} {(internalService is null ? url.GetLeftPart(UriPartial.Path) : $"http://{internalService}{url.AbsolutePath}")}";
        HttpResponseMessage response;
        try
        {
            response = internalService is null
                ? await httpClients.CreateClient(ExternalClient).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                : await suite.SendAsync(internalService, execution.TenantId, request, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NodeFailedException($"{shown} timed out after {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms.");
        }
        catch (HttpRequestException failed)
        {
            throw new NodeFailedException($"{shown} failed: {failed.Message}", failed);
        }

        using (response)
        {
            byte[] content;
            try
            {
                content = await ReadBoundedAsync(response, options.Value.MaxResponseBytes, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new NodeFailedException($"{shown} timed out after {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms while reading the response.");
            }
            var body = Parse(response, content, execution.Text("options.response.response.responseFormat", item) ?? "autodetect");
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode && !execution.Bool("options.response.response.neverError", item))
            {
                var text = Encoding.UTF8.GetString(content);
                throw new NodeFailedException($"{shown} answered {status}: {(text.Length > 500 ? text[..500] + "…" : text)}");
            }
            if (execution.Bool("options.response.response.fullResponse", item))
            {
                var headers = new JsonObject();
                foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                {
                    headers[name.ToLowerInvariant()] = string.Join(", ", values);
                }
                return [new JsonObject { ["statusCode"] = status, ["statusMessage"] = response.ReasonPhrase, ["headers"] = headers, ["body"] = body }];
            }
            // As n8n: an object is the item, an array's objects are the items, anything else is the item's data.
            return body switch
            {
                JsonObject obj => [obj],
                JsonArray array when array.All(e => e is JsonObject) => [.. array.Select(e => (JsonObject)e!.DeepClone())],
                null => [new JsonObject()],
                var other => [new JsonObject { ["data"] = other }],
            };
        }
    }

    private static bool TryTarget(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0;

    private static Uri WithQuery(Uri url, NodeExecution execution, int item)
    {
        if (!execution.Bool("sendQuery", item))
        {
            return url;
        }
        var pairs = execution.Text("specifyQuery", item) == "json"
            ? (execution.Object("jsonQuery", item) ?? []).Select(q => new KeyValuePair<string, string>(q.Key, q.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : q.Value?.ToJsonString() ?? ""))
            : execution.Pairs("queryParameters", item);
        var query = string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        if (query.Length == 0)
        {
            return url;
        }
        var builder = new UriBuilder(url) { Query = url.Query.Length > 1 ? $"{url.Query[1..]}&{query}" : query };
        return builder.Uri;
    }

    private static HttpContent? Body(NodeExecution execution, int item)
    {
        if (!execution.Bool("sendBody", item))
        {
            return null;
        }
        switch (execution.Text("contentType", item) ?? "json")
        {
            case "json":
                if (execution.Text("specifyBody", item) == "json")
                {
                    var json = execution.Parameter("jsonBody", item) switch
                    {
                        JsonValue value when value.TryGetValue<string>(out var text) => ParseJson(text),
                        var other => other?.DeepClone(),
                    };
                    return new StringContent(json?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");
                }
                var body = new JsonObject();
                foreach (var (name, value) in execution.Pairs("bodyParameters", item))
                {
                    body[name] = value;
                }
                return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            case "form-urlencoded":
                return new FormUrlEncodedContent(execution.Pairs("bodyParameters", item));
            case "raw":
                var raw = new StringContent(execution.Text("body", item) ?? "", Encoding.UTF8);
                raw.Headers.ContentType = MediaTypeHeaderValue.TryParse(execution.Text("rawContentType", item) ?? "text/plain", out var type)
                    ? type
                    : throw new NodeFailedException("parameters.rawContentType is not a media type.");
                return raw;
            case var other:
                throw new NodeFailedException($"parameters.contentType is one of {string.Join(", ", ContentTypes)}; it is '{other}'.");
        }
    }

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException invalid)
        {
            throw new NodeFailedException($"parameters.jsonBody is not valid JSON: {invalid.Message}", invalid);
        }
    }

    private TimeSpan Timeout(NodeExecution execution, int item)
    {
        if (execution.Int("options.timeout", item) is not { } ms)
        {
            return options.Value.HttpTimeout;
        }
        var timeout = TimeSpan.FromMilliseconds(ms);
        return ms >= 1 && timeout <= options.Value.MaxHttpTimeout
            ? timeout
            : throw new NodeFailedException($"parameters.options.timeout is in milliseconds, from 1 to {options.Value.MaxHttpTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new NodeFailedException($"The response is larger than {limit} bytes.");
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new NodeFailedException($"The response is larger than {limit} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static JsonNode? Parse(HttpResponseMessage response, byte[] content, string format)
    {
        if (content.Length == 0)
        {
            return null;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var looksJson = mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (format == "json" || (format == "autodetect" && looksJson))
        {
            try
            {
                return JsonNode.Parse(content);
            }
            catch (JsonException) when (format == "autodetect")
            {
                return JsonValue.Create(Encoding.UTF8.GetString(content));
            }
            catch (JsonException invalid)
            {
                throw new NodeFailedException($"The response is not JSON: {invalid.Message}", invalid);
            }
        }
        return JsonValue.Create(Encoding.UTF8.GetString(content));
    }
}
