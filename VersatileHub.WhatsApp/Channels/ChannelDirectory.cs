using System.Collections.Concurrent;
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
