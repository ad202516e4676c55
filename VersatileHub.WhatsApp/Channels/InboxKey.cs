using System.Globalization;

namespace VersatileHub.WhatsApp.Channels;

/// <summary>
/// The <c>{inboxKey}</c> of a webhook URL as Chat issues it (<c>account-inbox-token</c>): where the webhook goes. The token
/// keeps the URL unguessable; the provider's signature, checked against the inbox's secret, is what authenticates.
/// </summary>
internal sealed record InboxKey(int Account, int Inbox, string Token)
{
    public static InboxKey? Parse(string? key)
    {
        var parts = key?.Split('-');
        if (parts is not { Length: 3 }
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var account) || account <= 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var inbox) || inbox <= 0
            || parts[2].Length is 0 or > 64)
        {
            return null;
        }
        return new InboxKey(account, inbox, parts[2]);
    }
}
