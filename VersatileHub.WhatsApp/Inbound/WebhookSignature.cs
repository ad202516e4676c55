using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VersatileHub.WhatsApp.Inbound;

/// <summary>The providers' webhook signatures, each an HMAC-SHA256 over the raw body compared in constant time.</summary>
internal static class WebhookSignature
{
    /// <summary>
    /// YCloud: <c>YCloud-Signature: t=&lt;unix seconds&gt;,s=&lt;hex&gt;</c>, the HMAC of <c>&lt;t&gt;.&lt;raw body&gt;</c> with the
    /// endpoint's secret; a timestamp further than <paramref name="tolerance"/> from now is a replay.
    /// </summary>
    public static bool VerifyYCloud(string? header, ReadOnlySpan<byte> body, string? secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(secret))
        {
            return false;
        }
        string? timestamp = null, signature = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                timestamp = part[2..];
            }
            else if (part.StartsWith("s=", StringComparison.Ordinal))
            {
                signature = part[2..];
            }
        }
        if (timestamp is null || signature is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return Matches(signature, hmac.GetHashAndReset());
    }

    /// <summary>Meta: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, the HMAC of the raw body with the app secret.</summary>
    public static bool VerifyMeta(string? header, ReadOnlySpan<byte> body, string? appSecret)
    {
        const string Prefix = "sha256=";
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(appSecret) || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return Matches(header[Prefix.Length..], HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));
    }

    private static bool Matches(string hex, byte[] expected)
    {
        byte[] given;
        try
        {
            given = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
