using System.Text.Json;

namespace VersatileHub.WhatsApp.Channels;

internal enum WhatsAppProvider
{
    YCloud,
    Meta,
}

/// <summary>Chat's view of an inbox's channel settings (<c>GET /api/channel/inboxes/{id}/settings</c>), secrets in clear.</summary>
internal sealed record ChannelSettingsView(
    int InboxId, string ChannelType, string? PhoneNumber, string? Provider, JsonElement ProviderConfig, string? WebhookKey);

/// <summary>
/// A WhatsApp inbox as the gateway uses it. Provider config keys: YCloud <c>api_key</c>, <c>webhook_secret</c>; Meta
/// <c>access_token</c>, <c>phone_number_id</c>, <c>app_secret</c>, <c>verify_token</c>; both <c>buffer_seconds</c>.
/// </summary>
internal sealed record WhatsAppInbox(
    int Account, int Inbox, WhatsAppProvider Provider, string? PhoneNumber, string? WebhookKey,
    string? ApiKey, string? WebhookSecret, string? AccessToken, string? PhoneNumberId, string? AppSecret, string? VerifyToken,
    TimeSpan? BufferWindow)
{
    /// <summary>The sending number's name for rate limits: the business number, or Meta's phone number id.</summary>
    public string Sender => Provider == WhatsAppProvider.Meta ? PhoneNumberId ?? PhoneNumber ?? "" : PhoneNumber ?? "";

    public static WhatsAppInbox? Of(int account, ChannelSettingsView view)
    {
        if (view.ChannelType != "whatsapp")
        {
            return null;
        }
        var config = view.ProviderConfig;
        string? Text(string name) =>
            config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        TimeSpan? window = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("buffer_seconds", out var seconds)
            && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetDouble(out var s) && s is >= 0 and <= 10
            ? TimeSpan.FromSeconds(s)
            : null;
        var provider = string.Equals(view.Provider, "ycloud", StringComparison.OrdinalIgnoreCase) ? WhatsAppProvider.YCloud : WhatsAppProvider.Meta;
        return new WhatsAppInbox(account, view.InboxId, provider, view.PhoneNumber, view.WebhookKey,
            Text("api_key"), Text("webhook_secret"), Text("access_token"), Text("phone_number_id"), Text("app_secret"), Text("verify_token"),
            window);
    }
}
