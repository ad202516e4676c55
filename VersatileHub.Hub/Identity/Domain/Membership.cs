using VersatileHub.Hub.Api;
using VersatileHub.Hub.Tenancy;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Identity.Domain;

/// <summary>
/// A user's place in one tenant. Not <see cref="ITenantOwned"/>: signing in reads a user's memberships across tenants,
/// so the member queries name their tenant explicitly.
/// </summary>
internal sealed class Membership
{
    private Membership()
    {
    }

    public int TenantId { get; private set; }

    public int UserId { get; private set; }

    public string Role { get; private set; } = HubRoles.Viewer;

    public DateTimeOffset CreatedAt { get; private set; }

    public Tenant? Tenant { get; private set; }

    public HubUser? User { get; private set; }

    public static Membership Of(HubUser user, int tenantId, string role, DateTimeOffset now) =>
        new() { User = user, UserId = user.Id, TenantId = tenantId, Role = role, CreatedAt = now };

    public static Membership Founding(HubUser user, Tenant tenant, DateTimeOffset now) =>
        new() { User = user, UserId = user.Id, Tenant = tenant, Role = HubRoles.Owner, CreatedAt = now };

    public void ChangeRole(string role) => Role = role;
}

/// <summary>Comparisons between the roles of <see cref="HubRoles"/>, which are listed from most to least powerful.</summary>
internal static class MemberRoles
{
    /// <summary>Why a role was refused: it is none of <see cref="HubRoles.All"/>.</summary>
    public static readonly UserText OneOf = new(
        "El rol es uno de: owner (dueño), admin (administrador), agent (agente), viewer (lector).",
        $"The role must be one of: {string.Join(", ", HubRoles.All)}.");

    public static bool IsMemberRole(string? role) => role is not null && HubRoles.All.Contains(role);

    /// <summary>True when <paramref name="role"/> grants no more than <paramref name="than"/> does.</summary>
    public static bool IsAtMost(string role, string than) => Rank(role) >= Rank(than);

    /// <summary>The less powerful of two roles.</summary>
    public static string Lesser(string a, string b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(string role)
    {
        var rank = HubRoles.All.ToList().IndexOf(role);
        return rank < 0 ? int.MaxValue : rank;
    }
}
