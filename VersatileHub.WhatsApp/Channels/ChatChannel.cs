using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VersatileHub.WhatsApp.Channels;

/// <summary>Chat's channel API, called with the gateway's service token for the inbox's account.</summary>
internal sealed class ChatChannel(IHttpClientFactory clients)
{
    public const string HttpClientName = "chat-channel";

    /// <summary>
    /// The inbound worker's client: no retries inside a call (the worker retries a contact's turn with its own backoff and
    /// parks what keeps failing), a time limit per call.
    /// </summary>
    public const string InboundClientName = "chat-channel-inbound";
    private const string TenantHeader = "X-VH-Tenant";

    public async Task<ChannelSettingsView?> SettingsAsync(int account, int inbox, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, account, $"/api/channel/inboxes/{inbox}/settings");
        using var response = await Client.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ChannelSettingsView>(ChatJson.Options, cancellationToken);
    }

    /// <summary>Hands an incoming message to Chat, in one call (the inbound worker retries); the provider's id makes a repeat harmless.</summary>
    public async Task ReceiveAsync(int account, int inbox, object message, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, account, $"/api/channel/inboxes/{inbox}/messages");
        request.Content = JsonContent.Create(message, options: ChatJson.Options);
        using var response = await clients.CreateClient(InboundClientName).SendAsync(request, cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    /// <summary>Tells Chat how far an outgoing message got; false when Chat does not know the message (yet).</summary>
    public Task<bool> ReportAsync(int account, int inbox, string sourceId, DeliveryReport report, CancellationToken cancellationToken) =>
        ReportThroughAsync(Client, account, inbox, sourceId, report, cancellationToken);

    /// <summary><see cref="ReportAsync"/> in one call, for the inbound worker, which retries a provider's status itself.</summary>
    public Task<bool> ReportOnceAsync(int account, int inbox, string sourceId, DeliveryReport report, CancellationToken cancellationToken) =>
        ReportThroughAsync(clients.CreateClient(InboundClientName), account, inbox, sourceId, report, cancellationToken);

    private static async Task<bool> ReportThroughAsync(
        HttpClient client, int account, int inbox, string sourceId, DeliveryReport report, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, account, $"/api/channel/inboxes/{inbox}/messages/{Uri.EscapeDataString(sourceId)}/status");
        request.Content = JsonContent.Create(report, options: ChatJson.Options);
        using var response = await client.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureAsync(response, cancellationToken);
        return true;
    }

    /// <summary>
    /// An outgoing message's file from Chat's attachments API: its bytes, or null when Chat no longer has it or it is larger
    /// than <paramref name="limit"/>.
    /// </summary>
    public async Task<byte[]?> AttachmentAsync(int account, long attachmentId, long limit, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, account,
            string.Create(CultureInfo.InvariantCulture, $"/api/v1/accounts/{account}/attachments/{attachmentId}"));
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureAsync(response, cancellationToken);
        if (response.Content.Headers.ContentLength > limit)
        {
            return null;
        }
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var bytes = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (bytes.Length + read > limit)
            {
                return null;
            }
            bytes.Write(chunk, 0, read);
        }
        return bytes.ToArray();
    }

    private HttpClient Client => clients.CreateClient(HttpClientName);

    private static HttpRequestMessage Request(HttpMethod method, int account, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(TenantHeader, account.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Chat answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}", null, response.StatusCode);
        }
    }
}

/// <param name="MessageId">Chat's id of the outgoing message, on the first report after sending it.</param>
internal sealed record DeliveryReport(string Status, string? Error, long? MessageId = null);

internal static class ChatJson
{
    /// <summary>Chat's API speaks snake_case, as Chatwoot's.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
