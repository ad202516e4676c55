using System.Globalization;
using System.Security.Claims;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Identity.Authentication;

/// <summary>Who is calling, read from the request's principal.</summary>
internal sealed record HubCaller(int? UserId, string? Email, string? Bot, string? Service, int? TenantId, string? Role)
{
    public bool CanAdminister => Role is HubRoles.Owner or HubRoles.Admin;

    public static HubCaller Of(ClaimsPrincipal principal) => new(
        int.TryParse(principal.FindFirstValue(HubClaims.UserId), NumberStyles.None, CultureInfo.InvariantCulture, out var user) ? user : null,
        principal.FindFirstValue(ClaimTypes.Email),
        principal.FindFirstValue(HubAuthentication.BotClaim),
        principal.IsInRole(HubRoles.Service) ? principal.FindFirstValue(ClaimTypes.Name) : null,
        int.TryParse(principal.FindFirstValue(HubClaims.Tenant), NumberStyles.None, CultureInfo.InvariantCulture, out var tenant) ? tenant : null,
        principal.FindFirstValue(HubClaims.Role));
}
