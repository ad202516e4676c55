using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Agent.Tools;

/// <summary>
/// Calls to the Hub and Chat for one tenant: the service's own token (on the named client), the tenant in
/// <c>X-VH-Tenant</c>, and the tool timeout on each call.
/// </summary>
public sealed class SuiteClients(IHttpClientFactory httpClients, IOptions<AgentOptions> options)
{
    public const string Hub = "agent-hub";
    public const string Chat = "agent-chat";

    /// <summary>Hub's JSON is camelCase, Chat's (Chatwoot's) snake_case.</summary>
    public static readonly JsonSerializerOptions HubJson = new(JsonSerializerDefaults.Web);
    public static readonly JsonSerializerOptions ChatJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public TimeSpan ToolTimeout => options.Value.ToolTimeout;

    /// <summary>Sends a request for <paramref name="tenant"/>, bounded by the tool timeout; 404 and 409 come back, 5xx throws.</summary>
    public async Task<HttpResponseMessage> SendAsync(string client, int tenant, HttpMethod method, string path, object? body, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ToolTimeout);
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(HubAuthenticationDefaults.TenantHeader, tenant.ToString(CultureInfo.InvariantCulture));
        if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: json);
        }
        var response = await httpClients.CreateClient(client).SendAsync(request, timeout.Token);
        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new ToolFailedException($"{method} {client}{path} answered {status}.");
        }
        return response;
    }

    /// <summary>A GET whose 404 is null.</summary>
    public async Task<T?> GetAsync<T>(string client, int tenant, string path, CancellationToken cancellationToken)
    {
        var json = client == Chat ? ChatJson : HubJson;
        using var response = await SendAsync(client, tenant, HttpMethod.Get, path, null, json, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new ToolFailedException($"GET {client}{path} answered {(int)response.StatusCode}.");
        }
        return await response.Content.ReadFromJsonAsync<T>(json, cancellationToken);
    }
}
