using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Events;

namespace VersatileHub.Chat.Webhooks;

/// <summary>Chatwoot's webhook event names and the Chat events they come from.</summary>
public static class WebhookEvents
{
    public const string MessageCreated = "message_created";
    public const string MessageUpdated = "message_updated";
    public const string ConversationCreated = "conversation_created";
    public const string ConversationStatusChanged = "conversation_status_changed";
    public const string ConversationUpdated = "conversation_updated";
    public const string ContactCreated = "contact_created";
    public const string ContactUpdated = "contact_updated";

    private static readonly Dictionary<string, string> FromChatEvent = new()
    {
        [ChatEventTypes.MessageCreated] = MessageCreated,
        [ChatEventTypes.MessageUpdated] = MessageUpdated,
        [ChatEventTypes.ConversationCreated] = ConversationCreated,
        [ChatEventTypes.ConversationStatusChanged] = ConversationStatusChanged,
        [ChatEventTypes.ConversationUpdated] = ConversationUpdated,
        [ChatEventTypes.ContactCreated] = ContactCreated,
        [ChatEventTypes.ContactUpdated] = ContactUpdated,
    };

    /// <summary>The Chat events that can reach a webhook.</summary>
    public static IReadOnlyCollection<string> ChatEvents => FromChatEvent.Keys;

    public static IReadOnlyCollection<string> All => FromChatEvent.Values;

    public static string? Of(string chatEventType) => FromChatEvent.GetValueOrDefault(chatEventType);
}

/// <summary>
/// An account's outgoing webhook: where Chat posts the Chatwoot-shaped events it subscribed to, signed with its own secret
/// (kept encrypted; shown once, when the subscription is created).
/// </summary>
public sealed class WebhookSubscription : IAccountOwned
{
    public const int MaxUrlLength = 2000;
    public const int MaxNameLength = 100;

    private WebhookSubscription()
    {
    }

    public int Id { get; private set; }

    public int AccountId { get; private set; }

    public string? Name { get; private set; }

    public string Url { get; private set; } = "";

    public List<string> Subscriptions { get; private set; } = [];

    /// <summary>The signing secret, encrypted with Data Protection.</summary>
    public string ProtectedSecret { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public bool Wants(string webhookEvent) => Subscriptions.Contains(webhookEvent);

    public static WebhookSubscription Create(string? name, string? url, IReadOnlyList<string?>? subscriptions, string protectedSecret, DateTimeOffset now)
    {
        var subscription = new WebhookSubscription { ProtectedSecret = protectedSecret, CreatedAt = now };
        subscription.Change(name, url ?? throw new InvalidFieldException("url", UrlRule), subscriptions ?? []);
        return subscription;
    }

    /// <summary>Changes what is given; null leaves a field as it is.</summary>
    public void Change(string? name, string? url, IReadOnlyList<string?>? subscriptions)
    {
        if (name is not null)
        {
            var trimmed = name.Trim();
            if (trimmed.Length > MaxNameLength)
            {
                throw new InvalidFieldException("name", $"Hasta {MaxNameLength} caracteres. / Up to {MaxNameLength} characters.");
            }
            Name = trimmed.Length == 0 ? null : trimmed;
        }
        if (url is not null)
        {
            Url = CheckUrl(url);
        }
        if (subscriptions is not null)
        {
            if (subscriptions.Count == 0 || subscriptions.Any(s => s is null || !WebhookEvents.All.Contains(s)))
            {
                throw new InvalidFieldException("subscriptions",
                    $"Elegí uno o más de: {string.Join(", ", WebhookEvents.All)}. / Choose one or more of: {string.Join(", ", WebhookEvents.All)}.");
            }
            Subscriptions = subscriptions.Distinct().Select(s => s!).ToList();
        }
    }

    private const string UrlRule = "La URL debe ser http(s) absoluta, de hasta 2000 caracteres. / The URL must be an absolute http(s) URL, up to 2000 characters.";

    private static string CheckUrl(string url)
    {
        var trimmed = url.Trim();
        if (trimmed.Length is 0 or > MaxUrlLength || !Uri.TryCreate(trimmed, UriKind.Absolute, out var parsed)
            || parsed.Scheme is not ("http" or "https") || string.IsNullOrEmpty(parsed.Host) || parsed.UserInfo.Length > 0)
        {
            throw new InvalidFieldException("url", UrlRule);
        }
        return trimmed;
    }
}
