using System.Globalization;
using System.Security.Cryptography;
using VersatileHub.Chat.Accounts;

namespace VersatileHub.Chat.Domain;

/// <summary>The kinds of channel an inbox receives from, named as Chatwoot names them.</summary>
public enum ChannelType
{
    Api,
    WebWidget,
    Whatsapp,
}

public static class ChannelTypes
{
    /// <summary>The <c>channel.type</c> a Chatwoot client sends when it creates an inbox.</summary>
    public static string ToRequestName(this ChannelType type) => type switch
    {
        ChannelType.Api => "api",
        ChannelType.WebWidget => "web_widget",
        _ => "whatsapp",
    };

    /// <summary>The class name Chatwoot answers with (<c>channel_type</c>, a conversation's <c>meta.channel</c>).</summary>
    public static string ToChatwootName(this ChannelType type) => type switch
    {
        ChannelType.Api => "Channel::Api",
        ChannelType.WebWidget => "Channel::WebWidget",
        _ => "Channel::Whatsapp",
    };

    public static ChannelType Parse(string? name, string field) => name switch
    {
        "api" => ChannelType.Api,
        "web_widget" => ChannelType.WebWidget,
        "whatsapp" => ChannelType.Whatsapp,
        _ => throw new InvalidFieldException(field,
            "El canal es 'api', 'web_widget' o 'whatsapp'. / The channel type is 'api', 'web_widget' or 'whatsapp'."),
    };
}

/// <summary>
/// Where conversations of one channel arrive. Its public settings (phone number, provider, website, webhook) are plain;
/// the provider's credentials are kept encrypted (<see cref="ProtectedSecrets"/>) and leave Chat only towards a gateway.
/// </summary>
public sealed class Inbox : IAccountOwned
{
    public const int MaxNameLength = 100;

    private Inbox()
    {
    }

    public int Id { get; private set; }

    public int AccountId { get; private set; }

    public string Name { get; private set; } = "";

    public ChannelType ChannelType { get; private set; }

    /// <summary>The business's number on a WhatsApp inbox, in E.164.</summary>
    public string? PhoneNumber { get; private set; }

    /// <summary>The WhatsApp provider (e.g. <c>whatsapp_cloud</c>, <c>ycloud</c>).</summary>
    public string? Provider { get; private set; }

    public string? WebsiteUrl { get; private set; }

    /// <summary>Where an API channel's outgoing messages are announced.</summary>
    public string? WebhookUrl { get; private set; }

    /// <summary>The provider's credentials as JSON, encrypted with Data Protection; null when there are none.</summary>
    public string? ProtectedSecrets { get; private set; }

    /// <summary>
    /// A WhatsApp inbox's random part of its webhook address, so the gateway finds the inbox (and its account) a provider's
    /// webhook is for; the provider's signature, not this token, authenticates the webhook.
    /// </summary>
    public string? WebhookToken { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The key in the gateway's webhook URLs (<c>/webhooks/ycloud/{key}</c>): account, inbox and token.</summary>
    public string? WebhookKey() => WebhookToken is null
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{AccountId}-{Id}-{WebhookToken}");

    /// <summary>Whether a new conversation goes to the inbox's next online agent in turn (Chatwoot's default: on).</summary>
    public bool EnableAutoAssignment { get; private set; } = true;

    public void AutoAssign(bool enabled) => EnableAutoAssignment = enabled;

    public static Inbox Open(string? name, ChannelType type, ChannelSettings settings, string? protectedSecrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var inbox = new Inbox
        {
            ChannelType = type,
            CreatedAt = now,
            WebhookToken = type == ChannelType.Whatsapp ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null,
        };
        inbox.Rename(name);
        inbox.Reconfigure(settings with { Provider = type == ChannelType.Whatsapp ? settings.Provider ?? "whatsapp_cloud" : null }, protectedSecrets);
        return inbox;
    }

    public void Rename(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new InvalidFieldException("name", $"El nombre es obligatorio, de hasta {MaxNameLength} caracteres. / Name is required, up to {MaxNameLength} characters.");
        }
        Name = trimmed;
    }

    /// <summary>Takes new channel settings (the channel's type stays); <paramref name="protectedSecrets"/> replaces the credentials when given.</summary>
    public void Reconfigure(ChannelSettings settings, string? protectedSecrets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (ChannelType == ChannelType.Whatsapp && !Domain.PhoneNumber.IsE164(settings.PhoneNumber))
        {
            throw new InvalidFieldException("channel.phone_number",
                "Un canal de WhatsApp necesita su número en formato E.164 (+5491155550000). / A WhatsApp channel needs its number in E.164 (+5491155550000).");
        }
        if (ChannelType == ChannelType.WebWidget && string.IsNullOrWhiteSpace(settings.WebsiteUrl))
        {
            throw new InvalidFieldException("channel.website_url", "Un widget web necesita la URL del sitio. / A web widget needs its website URL.");
        }
        PhoneNumber = ChannelType == ChannelType.Whatsapp ? settings.PhoneNumber : null;
        Provider = ChannelType == ChannelType.Whatsapp ? settings.Provider : null;
        WebsiteUrl = settings.WebsiteUrl;
        WebhookUrl = settings.WebhookUrl;
        ProtectedSecrets = protectedSecrets ?? ProtectedSecrets;
    }

    /// <summary>The settings the inbox has now, to change some of them.</summary>
    public ChannelSettings Settings => new(PhoneNumber, Provider, WebsiteUrl, WebhookUrl);
}

/// <summary>An inbox's public channel settings.</summary>
public sealed record ChannelSettings(string? PhoneNumber, string? Provider, string? WebsiteUrl, string? WebhookUrl);

/// <summary>Chatwoot's rule for phone numbers: E.164, a plus and up to 15 digits.</summary>
public static class PhoneNumber
{
    public static bool IsE164(string? value) =>
        value is { Length: >= 3 and <= 16 } && value[0] == '+' && value[1] is >= '1' and <= '9' && value.Skip(1).All(char.IsAsciiDigit);
}
