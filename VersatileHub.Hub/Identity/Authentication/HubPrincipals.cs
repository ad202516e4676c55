using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Identity.Domain;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Identity.Authentication;

/// <summary>
/// Builds the principal of a request from its user and the tenant it asks for. A principal always carries who it is;
/// it carries <see cref="HubClaims.Tenant"/> and <see cref="HubClaims.Role"/> only when it may act for that tenant,
/// so the policies answer 403 to a member of another tenant.
/// </summary>
internal sealed class HubPrincipals(HubDbContext db)
{
    /// <summary>What the sign-in cookie remembers: the user, their security stamp and the tenant they chose.</summary>
    public static ClaimsPrincipal ForCookie(HubUser user, int? tenantId)
    {
        List<Claim> claims =
        [
            new(HubClaims.UserId, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Email, user.Email ?? ""),
            new(HubAuthentication.SecurityStampClaim, user.SecurityStamp ?? ""),
        ];
        if (tenantId is { } tenant)
        {
            claims.Add(new(HubClaims.Tenant, tenant.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, HubAuthentication.CookieScheme, ClaimTypes.Email, HubClaims.Role));
    }

    /// <summary>The tenant a user acts for when they name none: the one they joined first.</summary>
    public async Task<int?> DefaultTenantAsync(int userId, CancellationToken cancellationToken) =>
        await db.Set<Membership>()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.TenantId)
            .Select(m => (int?)m.TenantId)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The signed-in user's principal for this request, or null when the cookie no longer stands for a user.</summary>
    public async Task<ClaimsPrincipal?> ForSignedInUserAsync(ClaimsPrincipal cookie, int? askedTenant, CancellationToken cancellationToken)
    {
        if (!int.TryParse(cookie.FindFirstValue(HubClaims.UserId), out var userId))
        {
            return null;
        }
        var user = await db.Set<HubUser>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || user.SecurityStamp != cookie.FindFirstValue(HubAuthentication.SecurityStampClaim))
        {
            return null;
        }

        var tenantId = askedTenant
            ?? (int.TryParse(cookie.FindFirstValue(HubClaims.Tenant), out var chosen) ? chosen : await DefaultTenantAsync(userId, cancellationToken));
        var role = tenantId is null
            ? null
            : await db.Set<Membership>()
                .Where(m => m.UserId == userId && m.TenantId == tenantId)
                .Select(m => m.Role)
                .SingleOrDefaultAsync(cancellationToken);

        List<Claim> claims = [new(HubClaims.UserId, cookie.FindFirstValue(HubClaims.UserId)!), new(ClaimTypes.Email, user.Email ?? "")];
        AddTenant(claims, role is null ? null : tenantId, role);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, HubAuthentication.CookieScheme, ClaimTypes.Email, HubClaims.Role));
    }

    public static ClaimsPrincipal ForToken(AccessToken token, string? email, string? role, bool tenantMatches)
    {
        List<Claim> claims = [];
        if (token.UserId is { } userId)
        {
            claims.Add(new(HubClaims.UserId, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            claims.Add(new(ClaimTypes.Email, email ?? ""));
        }
        else
        {
            claims.Add(new(HubAuthentication.BotClaim, token.BotName ?? token.Name));
        }
        AddTenant(claims, tenantMatches && role is not null ? token.TenantId : null, role);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, HubAuthentication.AccessTokenScheme, ClaimTypes.Email, HubClaims.Role));
    }

    public static ClaimsPrincipal ForService(string service, int? tenantId)
    {
        List<Claim> claims = [new(ClaimTypes.Name, service)];
        AddTenant(claims, tenantId, HubRoles.Service);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, HubAuthentication.AccessTokenScheme, ClaimTypes.Name, HubClaims.Role));
    }

    private static void AddTenant(List<Claim> claims, int? tenantId, string? role)
    {
        if (tenantId is { } tenant && role is not null)
        {
            claims.Add(new(HubClaims.Tenant, tenant.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            claims.Add(new(HubClaims.Role, role));
        }
    }
}
