using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using VersatileHub.Hub.Tenancy;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Identity.Domain;

/// <summary>
/// A long-lived credential for scripts and bots (Chatwoot's <c>api_access_token</c>). Only a SHA-256 hash of the secret
/// is stored; the secret itself is shown once, when the token is issued.
/// </summary>
internal sealed class AccessToken : ITenantOwned
{
    public const string SecretPrefix = "vh_";
    public const int MaxNameLength = 100;

    private AccessToken()
    {
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    /// <summary>The user the token acts for; null for a bot's token.</summary>
    public int? UserId { get; private set; }

    /// <summary>The bot the token acts for; null for a user's token.</summary>
    public string? BotName { get; private set; }

    public string Name { get; private set; } = "";

    public string Role { get; private set; } = HubRoles.Viewer;

    public byte[] SecretHash { get; private set; } = [];

    /// <summary>The secret's last four characters, so a person can tell their tokens apart.</summary>
    public string Hint { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public static (AccessToken Token, string Secret) IssueForUser(int userId, string name, string role, DateTimeOffset now) =>
        Issue(name, role, now, userId, botName: null);

    public static (AccessToken Token, string Secret) IssueForBot(string name, string role, DateTimeOffset now) =>
        Issue(name, role, now, userId: null, botName: name);

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    private static (AccessToken, string) Issue(string name, string role, DateTimeOffset now, int? userId, string? botName)
    {
        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var token = new AccessToken
        {
            UserId = userId,
            BotName = botName,
            Name = name.Trim(),
            Role = role,
            SecretHash = Hash(secret),
            Hint = secret[^4..],
            CreatedAt = now,
        };
        return (token, secret);
    }
}
