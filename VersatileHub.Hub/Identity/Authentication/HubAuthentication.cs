using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace VersatileHub.Hub.Identity.Authentication;

/// <summary>Names of the Hub's authentication schemes, cookie and headers.</summary>
internal static class HubAuthentication
{
    /// <summary>Picks <see cref="AccessTokenScheme"/> when the request carries a token, else <see cref="CookieScheme"/>.</summary>
    public const string Scheme = "hub";
    public const string CookieScheme = "hub.cookie";
    public const string AccessTokenScheme = "hub.token";

    public const string CookieName = ".vh.auth";

    /// <summary>The header Chatwoot's API reads its access token from.</summary>
    public const string AccessTokenHeader = "api_access_token";

    /// <summary>Names the tenant to act for, for users with several memberships and for services.</summary>
    public const string TenantHeader = "X-VH-Tenant";

    /// <summary>The security stamp a cookie was issued with; a password change invalidates older cookies.</summary>
    public const string SecurityStampClaim = "vh:stamp";

    public const string BotClaim = VersatileHub.ServiceDefaults.Authentication.HubClaimTypes.Bot;

    public static string? ReadAccessToken(HttpRequest request)
    {
        if (request.Headers[AccessTokenHeader].ToString() is { Length: > 0 } token)
        {
            return token.Trim();
        }
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        // Browsers cannot set headers on WebSocket requests, so SignalR clients send the token in the query string.
        return request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].ToString() is { Length: > 0 } queryToken
            ? queryToken
            : null;
    }

    /// <summary>The tenant named by <see cref="TenantHeader"/>; <c>false</c> when the header is absent, -1 when it is not an id.</summary>
    public static bool TryReadTenantHeader(HttpRequest request, out int tenantId)
    {
        tenantId = -1;
        var header = request.Headers[TenantHeader].ToString();
        if (header.Length == 0)
        {
            return false;
        }
        if (!int.TryParse(header, out tenantId))
        {
            tenantId = -1;
        }
        return true;
    }

    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api");
}
