using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace VersatileHub.Hub.Connectors.Erpnext;

/// <summary>Settings of the ERPNext connector (section <c>Connectors:Erpnext</c>).</summary>
internal sealed class ErpnextOptions
{
    public const string Section = "Connectors:Erpnext";

    /// <summary>The most one call to ERPNext may take, retries included; then the call fails with a clear error.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The selling price list whose Item Prices become the Hub's product prices.</summary>
    public string PriceList { get; set; } = "Standard Selling";

    /// <summary>The ERPNext site's time zone: Frappe's <c>modified</c> stamps are local times of the site.</summary>
    public string SiteTimeZone { get; set; } = "UTC";

    /// <summary>How often the scheduler looks for tenants whose interval has passed.</summary>
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromSeconds(30);

    public int PageLength { get; set; } = 100;

    /// <summary>The currency of products whose item has no price in <see cref="PriceList"/> (they are kept inactive).</summary>
    public string DefaultCurrency { get; set; } = "USD";
}

/// <summary>
/// Frappe's REST API (v15) with token authentication: <c>/api/resource/&lt;DocType&gt;</c> lists and documents, and
/// <c>/api/method/...</c>. Every failure (an error answer, a timeout, an unreachable site) becomes a
/// <see cref="ConnectorFailure"/> whose message says what went wrong in words a user can act on.
/// </summary>
internal sealed class FrappeClient(HttpClient http, IOptions<ErpnextOptions> options)
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    private ErpnextOptions Options => options.Value;

    /// <summary>The user the token belongs to (<c>frappe.auth.get_logged_user</c>).</summary>
    public async Task<string> LoggedUserAsync(ConnectorCredentials credentials, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(credentials, HttpMethod.Get, "api/method/frappe.auth.get_logged_user", null, cancellationToken);
        return answer["message"]?.GetValue<string>() ?? "";
    }

    /// <summary>All documents of <paramref name="doctype"/> that match, oldest change first, read page by page.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(
        ConnectorCredentials credentials, string doctype, IReadOnlyList<string> fields, IReadOnlyList<object[]> filters, CancellationToken cancellationToken)
    {
        var documents = new List<JsonObject>();
        for (var start = 0; ; start += Options.PageLength)
        {
            var query = string.Join('&',
                $"fields={Uri.EscapeDataString(JsonSerializer.Serialize(fields))}",
                $"filters={Uri.EscapeDataString(JsonSerializer.Serialize(filters))}",
                $"order_by={Uri.EscapeDataString("modified asc")}",
                $"limit_start={start.ToString(CultureInfo.InvariantCulture)}",
                $"limit_page_length={Options.PageLength.ToString(CultureInfo.InvariantCulture)}");
            var answer = await SendAsync(credentials, HttpMethod.Get, $"api/resource/{Uri.EscapeDataString(doctype)}?{query}", null, cancellationToken);
            var page = answer["data"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            documents.AddRange(page);
            if (page.Count < Options.PageLength)
            {
                return documents;
            }
        }
    }

    public async Task<JsonObject> GetAsync(ConnectorCredentials credentials, string doctype, string name, CancellationToken cancellationToken) =>
        Data(await SendAsync(credentials, HttpMethod.Get, DocumentPath(doctype, name), null, cancellationToken));

    public async Task<JsonObject> InsertAsync(ConnectorCredentials credentials, string doctype, JsonObject document, CancellationToken cancellationToken) =>
        Data(await SendAsync(credentials, HttpMethod.Post, $"api/resource/{Uri.EscapeDataString(doctype)}", document, cancellationToken));

    public async Task<JsonObject> UpdateAsync(
        ConnectorCredentials credentials, string doctype, string name, JsonObject changes, CancellationToken cancellationToken) =>
        Data(await SendAsync(credentials, HttpMethod.Put, DocumentPath(doctype, name), changes, cancellationToken));

    private static string DocumentPath(string doctype, string name) => $"api/resource/{Uri.EscapeDataString(doctype)}/{Uri.EscapeDataString(name)}";

    private static JsonObject Data(JsonObject answer) =>
        answer["data"] as JsonObject ?? throw new ConnectorFailure("ERPNext respondió sin datos. / ERPNext answered without data.");

    private async Task<JsonObject> SendAsync(
        ConnectorCredentials credentials, HttpMethod method, string relative, JsonObject? body, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.Timeout);
        var baseUrl = credentials.BaseUrl.AbsoluteUri.TrimEnd('/') + "/";
        using var request = new HttpRequestMessage(method, new Uri(new Uri(baseUrl), relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", $"{credentials.Key}:{credentials.Secret}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConnectorFailure(FrappeError.Describe((int)response.StatusCode, text));
            }
            return JsonNode.Parse(text) as JsonObject
                ?? throw new ConnectorFailure("ERPNext respondió algo que no es JSON. / ERPNext answered something that is not JSON.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is OperationCanceledException)
        {
            throw new ConnectorFailure(string.Create(CultureInfo.InvariantCulture,
                $"ERPNext no respondió en {Options.Timeout.TotalSeconds:0.#} s. / ERPNext did not answer within {Options.Timeout.TotalSeconds:0.#} s."), exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ConnectorFailure($"No se pudo llegar a ERPNext en {credentials.BaseUrl}: {exception.Message} / Could not reach ERPNext at {credentials.BaseUrl}: {exception.Message}", exception);
        }
        catch (JsonException exception)
        {
            throw new ConnectorFailure("ERPNext respondió algo que no es JSON. / ERPNext answered something that is not JSON.", exception);
        }
    }
}

/// <summary>Turns Frappe's error body (<c>exc_type</c>, <c>exception</c>, <c>_server_messages</c>) into one readable line.</summary>
internal static class FrappeError
{
    public static string Describe(int status, string body)
    {
        string? type = null;
        var messages = new List<string>();
        try
        {
            if (JsonNode.Parse(body) is JsonObject error)
            {
                type = error["exc_type"]?.ToString();
                // _server_messages is a JSON list of JSON strings, each an object with a "message".
                if (error["_server_messages"]?.GetValue<string>() is { } serverMessages
                    && JsonNode.Parse(serverMessages) is JsonArray list)
                {
                    foreach (var item in list)
                    {
                        var message = item?.GetValue<string>() is { } json && JsonNode.Parse(json) is JsonObject inner
                            ? inner["message"]?.ToString()
                            : item?.ToString();
                        if (!string.IsNullOrWhiteSpace(message))
                        {
                            messages.Add(StripTags(message));
                        }
                    }
                }
                if (messages.Count == 0 && error["exception"]?.ToString() is { Length: > 0 } exception)
                {
                    messages.Add(exception);
                }
                if (messages.Count == 0 && error["message"]?.ToString() is { Length: > 0 } plain)
                {
                    messages.Add(plain);
                }
            }
        }
        catch (Exception parse) when (parse is JsonException or InvalidOperationException)
        {
            // Not Frappe's JSON (a proxy's HTML page, say): the status alone is said.
        }

        var what = status switch
        {
            401 or 403 => "ERPNext rechazó la clave o el secreto / ERPNext refused the key or secret",
            404 => "ERPNext no encontró el recurso / ERPNext did not find the resource",
            _ => "ERPNext respondió con un error / ERPNext answered with an error",
        };
        var detail = string.Join(" ", messages);
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} (HTTP {status}{(type is null ? "" : ", " + type)}){(detail.Length == 0 ? "." : ": " + detail)}");
    }

    private static string StripTags(string html) => System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", "").Trim();
}
