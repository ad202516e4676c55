using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Flow.Nodes.Actions;

/// <summary>
/// The suite's services Flow's actions call by name (<c>http://hub</c>, <c>http://chat</c>, <c>http://agent</c>), found
/// through service discovery, each call signed with Flow's service token and naming the run's tenant in <c>X-VH-Tenant</c>.
/// </summary>
internal sealed class SuiteServices(IHttpClientFactory httpClients)
{
    public const string Hub = "hub";
    public const string Chat = "chat";
    public const string Agent = "agent";

    /// <summary>The services a workflow may call by name; any other host is outside the suite.</summary>
    public static readonly IReadOnlyList<string> Names = [Hub, Chat, Agent];

    /// <summary>The Hub's and the Agent's JSON is camelCase; Chat's (Chatwoot's) snake_case.</summary>
    public static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The named client of a suite service (base address <c>http://&lt;service&gt;</c>).</summary>
    public static string ClientName(string service) => $"flow-{service}";

    public static bool IsSuiteService(string host) => Names.Contains(host, StringComparer.OrdinalIgnoreCase);

    public HttpClient Client(string service) => httpClients.CreateClient(ClientName(service.ToLowerInvariant()));

    /// <summary>Sends <paramref name="request"/> (a path relative to the service) for <paramref name="tenant"/>.</summary>
    public Task<HttpResponseMessage> SendAsync(string service, int tenant, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(HubAuthenticationDefaults.TenantHeader);
        request.Headers.Add(HubAuthenticationDefaults.TenantHeader, tenant.ToString(CultureInfo.InvariantCulture));
        return Client(service).SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// A JSON call whose answer is read as JSON; a refusal fails the node with the service's own explanation (its problem
    /// details), so the author reads in the run's history why the Hub or Chat said no.
    /// </summary>
    public async Task<SuiteAnswer> CallAsync(
        string service, int tenant, HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is JsonNode node
                ? JsonContent.Create(node)
                : JsonContent.Create(body, body.GetType(), options: service == Chat ? SnakeCase : CamelCase);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add(ActionHeaders.IdempotencyKey, idempotencyKey);
        }
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(service, tenant, request, cancellationToken);
        }
        catch (HttpRequestException unreachable)
        {
            throw new NodeFailedException($"{method} http://{service}{path} could not be reached: {unreachable.Message}", unreachable);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json = null;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    json = JsonValue.Create(text);
                }
            }
            return new SuiteAnswer((int)response.StatusCode, json, $"{method} http://{service}{path}");
        }
    }
}

/// <summary>A suite service's answer: its status and JSON body.</summary>
internal sealed record SuiteAnswer(int Status, JsonNode? Body, string Call)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>The body as an object, failing the node with the service's explanation when the call did not succeed.</summary>
    public JsonObject Object()
    {
        EnsureSucceeded();
        return Body as JsonObject ?? throw new NodeFailedException($"{Call} answered {Status} without a JSON object.");
    }

    public void EnsureSucceeded()
    {
        if (!Succeeded)
        {
            throw new NodeFailedException($"{Call} answered {Status}: {Explanation()}");
        }
    }

    /// <summary>A problem's detail or title and its field errors, or the body as it came.</summary>
    public string Explanation()
    {
        if (Body is not JsonObject problem)
        {
            return Body?.ToJsonString() ?? "(no body)";
        }
        var parts = new List<string>();
        foreach (var key in new[] { "detail", "title" })
        {
            if (problem[key] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
            {
                parts.Add(text);
                break;
            }
        }
        if (problem["errors"] is JsonObject errors)
        {
            parts.AddRange(errors.Select(e => $"{e.Key}: {(e.Value is JsonArray list ? string.Join(" ", list.Select(m => m?.ToString())) : e.Value?.ToString())}"));
        }
        return parts.Count > 0 ? string.Join("; ", parts) : problem.ToJsonString();
    }
}

/// <summary>Headers Flow's actions send.</summary>
internal static class ActionHeaders
{
    /// <summary>Stable across retries and resumes of the same node in the same run, so the receiver can drop a repeat.</summary>
    public const string IdempotencyKey = "Idempotency-Key";
}
