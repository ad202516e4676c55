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

/// <summary>Chatwoot's inbox update, as far as Chat supports it: auto-assignment and the channel's provider config.</summary>
public sealed record InboxUpdate(bool? EnableAutoAssignment = null, ChannelUpdate? Channel = null);

public sealed record ChannelUpdate(JsonElement? ProviderConfig = null);

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
        foreach (var (url, field) in new[] { (channel.WebsiteUrl, "channel.website_url"), (channel.WebhookUrl, "channel.webhook_url") })
        {
            if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || url.Length > 2000))
            {
                throw new InvalidFieldException(field, "Debe ser una URL http(s) absoluta. / Must be an absolute http(s) URL.");
            }
        }
        var inbox = Inbox.Open(request.Name, type, new ChannelSettings(channel.PhoneNumber, channel.Provider, channel.WebsiteUrl, channel.WebhookUrl),
            protectedSecrets, time.GetUtcNow());
        inbox.AutoAssign(request.EnableAutoAssignment ?? true);
        db.Add(inbox);
        await db.SaveChangesAsync(cancellationToken);
        return InboxView.Of(inbox);
    }

    public async Task<InboxView?> UpdateAsync(int inboxId, InboxUpdate request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inbox = await db.Set<Inbox>().SingleOrDefaultAsync(i => i.Id == inboxId, cancellationToken);
        if (inbox is null)
        {
            return null;
        }
        if (request.EnableAutoAssignment is { } autoAssign)
        {
            inbox.AutoAssign(autoAssign);
        }
        if (request.Channel?.ProviderConfig is { ValueKind: not JsonValueKind.Undefined } config)
        {
            inbox.ReplaceSecrets(Protect(config));
        }
        await db.SaveChangesAsync(cancellationToken);
        return InboxView.Of(inbox);
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
}
