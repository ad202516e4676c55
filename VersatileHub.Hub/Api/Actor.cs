using System.Security.Claims;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Api;

/// <summary>Who acts, as recorded in histories: the signed-in user's id, or the name of a bot or service.</summary>
internal static class Actor
{
    public const int MaxLength = 100;

    public static string Of(ClaimsPrincipal user)
    {
        var name = user.FindFirstValue(HubClaims.UserId) ?? user.Identity?.Name ?? "unknown";
        return name.Length <= MaxLength ? name : name[..MaxLength];
    }
}
