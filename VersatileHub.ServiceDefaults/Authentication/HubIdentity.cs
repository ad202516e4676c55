using System.Globalization;
using System.Security.Claims;

namespace VersatileHub.ServiceDefaults.Authentication;

/// <summary>The Hub's answer to "who is this?" (<c>GET /api/identity/me</c>).</summary>
internal sealed record HubIdentity(int? UserId, string? Email, string? Bot, string? Service, int TenantId, string TenantName, string Role)
{
    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, Email ?? Bot ?? Service ?? ""),
            new(HubClaimTypes.Tenant, TenantId.ToString(CultureInfo.InvariantCulture)),
            new(HubClaimTypes.TenantName, TenantName),
            new(ClaimTypes.Role, Role),
        ];
        if (UserId is { } userId)
        {
            claims.Add(new(ClaimTypes.NameIdentifier, userId.ToString(CultureInfo.InvariantCulture)));
        }
        if (Email is not null)
        {
            claims.Add(new(ClaimTypes.Email, Email));
        }
        if (Bot is not null)
        {
            claims.Add(new(HubClaimTypes.Bot, Bot));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
