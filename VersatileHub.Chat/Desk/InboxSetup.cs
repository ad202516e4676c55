using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Desk;

/// <summary>Chatwoot's <c>channel</c> object of an inbox create; <see cref="ProviderConfig"/> holds the provider's credentials.</summary>
public sealed record ChannelRequest(
    string? Type, string? PhoneNumber = null, string? Provider = null, JsonElement? ProviderConfig = null,
    string? WebsiteUrl = null, string? WebhookUrl = null);

public sealed record InboxRequest(string? Name, ChannelRequest? Channel, bool? EnableAutoAssignment = null);

/// <summary>The <c>channel</c> object of Chatwoot's inbox update: the settings to change (the channel's type stays).</summary>
public sealed record ChannelUpdate(
    string? PhoneNumber = null, string? Provider = null, JsonElement? ProviderConfig = null, string? WebsiteUrl = null, string? WebhookUrl = null);

/// <summary>Chatwoot's <c>PATCH /inboxes/{id}</c> body; what is absent (or null) stays as it is.</summary>
public sealed record InboxUpdate(string? Name = null, bool? EnableAutoAssignment = null, ChannelUpdate? Channel = null);

/// <summary>What a channel gateway needs to talk to the provider for an inbox, secrets decrypted.</summary>
public sealed record ChannelSettingsView(
    int InboxId, string ChannelType, string? PhoneNumber, string? Provider, JsonElement ProviderConfig, string? WebsiteUrl, string? WebhookUrl,
    string? WebhookKey);

/// <summary>The account's inboxes: opened by admins, described to the staff without secrets, to gateways with them.</summary>
public sealed class InboxSetup(ChatDbContext db, IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const int MaxProviderConfigLength = 16_384;

    private readonly IDataProtector _secrets = dataProtection.CreateProtector("VersatileHub.Chat.ChannelSecrets.v1");

    public async Task<PayloadView<IReadOnlyList<InboxView>>> ListAsync(CancellationToken cancellationToken)
    {
        var inboxes = await db.Set<Inbox>().AsNoTracking().OrderBy(i => i.Id).ToListAsync(cancellationToken);
        return new(inboxes.Select(InboxView.Of).ToList());
    }

    public async Task<InboxView> CreateAsync(InboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var channel = request.Channel ?? throw new InvalidFieldException("channel", "Decí el canal de la bandeja. / Say the inbox's channel.");
        var type = ChannelTypes.Parse(channel.Type, "channel.type");
        var protectedSecrets = Protect(channel.ProviderConfig);
        CheckUrls(channel.WebsiteUrl, channel.WebhookUrl);
        var inbox = Inbox.Open(request.Name, type, new ChannelSettings(channel.PhoneNumber, channel.Provider, channel.WebsiteUrl, channel.WebhookUrl),
            protectedSecrets, time.GetUtcNow());
        inbox.AutoAssign(request.EnableAutoAssignment ?? true);
        db.Add(inbox);
        await db.SaveChangesAsync(cancellationToken);
        return InboxView.Of(inbox);
    }

    /// <summary>Chatwoot's inbox update: only what the request names changes; null when the account has no such inbox.</summary>
    public async Task<InboxView?> UpdateAsync(int inboxId, InboxUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var inbox = await db.Set<Inbox>().SingleOrDefaultAsync(i => i.Id == inboxId, cancellationToken);
        if (inbox is null)
        {
            return null;
        }
        if (update.Name is not null)
        {
            inbox.Rename(update.Name);
        }
        if (update.EnableAutoAssignment is { } autoAssign)
        {
            inbox.AutoAssign(autoAssign);
        }
        if (update.Channel is { } channel)
        {
            var protectedSecrets = Protect(channel.ProviderConfig);
            CheckUrls(channel.WebsiteUrl, channel.WebhookUrl);
            var current = inbox.Settings;
            inbox.Reconfigure(new ChannelSettings(channel.PhoneNumber ?? current.PhoneNumber, channel.Provider ?? current.Provider,
                channel.WebsiteUrl ?? current.WebsiteUrl, channel.WebhookUrl ?? current.WebhookUrl), protectedSecrets);
        }
        await db.SaveChangesAsync(cancellationToken);
        return InboxView.Of(inbox);
    }

    /// <summary>The provider's credentials (a JSON object) encrypted for storage; null when none were sent.</summary>
    private string? Protect(JsonElement? providerConfig)
    {
        if (providerConfig is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } config)
        {
            return null;
        }
        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidFieldException("channel.provider_config", "Debe ser un objeto JSON. / Must be a JSON object.");
        }
        var raw = config.GetRawText();
        if (raw.Length > MaxProviderConfigLength)
        {
            throw new InvalidFieldException("channel.provider_config", $"Hasta {MaxProviderConfigLength} caracteres. / Up to {MaxProviderConfigLength} characters.");
        }
        return _secrets.Protect(raw);
    }

    private static void CheckUrls(string? websiteUrl, string? webhookUrl)
    {
        foreach (var (url, field) in new[] { (websiteUrl, "channel.website_url"), (webhookUrl, "channel.webhook_url") })
        {
            if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || url.Length > 2000))
            {
                throw new InvalidFieldException(field, "Debe ser una URL http(s) absoluta. / Must be an absolute http(s) URL.");
            }
        }
    }

    /// <summary>For the channel gateways only: the inbox's settings with its provider credentials in clear.</summary>
    public async Task<ChannelSettingsView?> ChannelSettingsAsync(int inboxId, CancellationToken cancellationToken)
    {
        var inbox = await db.Set<Inbox>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == inboxId, cancellationToken);
        if (inbox is null)
        {
            return null;
        }
        var config = inbox.ProtectedSecrets is null
            ? Json.EmptyObject
            : JsonDocument.Parse(_secrets.Unprotect(inbox.ProtectedSecrets)).RootElement.Clone();
        return new ChannelSettingsView(inbox.Id, inbox.ChannelType.ToRequestName(), inbox.PhoneNumber, inbox.Provider, config,
            inbox.WebsiteUrl, inbox.WebhookUrl, inbox.WebhookKey());
    }
}
