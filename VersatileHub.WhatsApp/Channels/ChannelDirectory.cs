using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VersatileHub.WhatsApp.Channels;

/// <summary>
/// The WhatsApp inboxes the gateway serves, read from Chat's channel API and remembered for
/// <see cref="WhatsAppOptions.SettingsCacheDuration"/>, so a changed secret applies within that time.
/// </summary>
internal sealed class ChannelDirectory(ChatChannel chat, IOptions<WhatsAppOptions> options, TimeProvider time)
{
    private sealed record Remembered(WhatsAppInbox? Inbox, DateTimeOffset Until);

    private readonly ConcurrentDictionary<(int Account, int Inbox), Remembered> _cache = new();

    /// <summary>The inbox a webhook URL's key names, or null when no WhatsApp inbox has that key.</summary>
    public async Task<WhatsAppInbox?> FindAsync(string? key, CancellationToken cancellationToken)
    {
        if (InboxKey.Parse(key) is not { } parsed)
        {
            return null;
        }
        var inbox = await GetAsync(parsed.Account, parsed.Inbox, cancellationToken);
        return inbox?.WebhookKey is { } expected
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(key!))
            ? inbox
            : null;
    }

    public async Task<WhatsAppInbox?> GetAsync(int account, int inbox, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((account, inbox), out var remembered) && remembered.Until > now)
        {
            return remembered.Inbox;
        }
        var settings = await chat.SettingsAsync(account, inbox, cancellationToken);
        var found = settings is null ? null : WhatsAppInbox.Of(account, settings);
        _cache[(account, inbox)] = new Remembered(found, now + options.Value.SettingsCacheDuration);
        return found;
    }
}

/// <summary>Chat's channel API, called with the gateway's service token for the inbox's account.</summary>
internal sealed class ChatChannel(IHttpClientFactory clients)
{
    public const string HttpClientName = "chat-channel";
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

    /// <summary>Hands an incoming message to Chat; the provider's id makes a repeat harmless.</summary>
    public async Task ReceiveAsync(int account, int inbox, object message, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, account, $"/api/channel/inboxes/{inbox}/messages");
        request.Content = JsonContent.Create(message, options: ChatJson.Options);
        using var response = await Client.SendAsync(request, cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    /// <summary>Tells Chat how far an outgoing message got; false when Chat does not know the message (yet).</summary>
    public async Task<bool> ReportAsync(int account, int inbox, string sourceId, DeliveryReport report, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, account, $"/api/channel/inboxes/{inbox}/messages/{Uri.EscapeDataString(sourceId)}/status");
        request.Content = JsonContent.Create(report, options: ChatJson.Options);
        using var response = await Client.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureAsync(response, cancellationToken);
        return true;
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
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
