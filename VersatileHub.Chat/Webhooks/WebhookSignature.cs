using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VersatileHub.Chat.Webhooks;

/// <summary>
/// Chatwoot's webhook signature: <c>X-Chatwoot-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 with the subscription's
/// secret of <c>"{timestamp}.{raw body}"</c>, where the timestamp (Unix seconds) travels in <c>X-Chatwoot-Timestamp</c>.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Chatwoot-Signature";
    public const string TimestampHeader = "X-Chatwoot-Timestamp";
    public const string DeliveryHeader = "X-Chatwoot-Delivery";

    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var signed = Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public static bool Verify(string secret, string? timestamp, string body, string? signature) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, seconds, body)), Encoding.ASCII.GetBytes(signature));

    /// <summary>A new secret: 32 random bytes, hex.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
