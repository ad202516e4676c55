using VersatileHub.Hub.Identity.Domain;

namespace VersatileHub.Hub.Web.Components;

/// <summary>The signed-in member as the pages show them: their tenant, their role in it, and their other tenants.</summary>
internal sealed record WebMember(int UserId, string Email, int TenantId, string TenantName, string Role, IReadOnlyList<MyTenant> Tenants)
{
    /// <summary>Owners and admins: the catalog, members and tokens (<see cref="Tenancy.HubPolicies.Administer"/>).</summary>
    public bool CanAdminister => Role is Tenancy.HubRoles.Owner or Tenancy.HubRoles.Admin;

    /// <summary>Everyone but viewers: bookings, orders and tickets (<see cref="Tenancy.HubPolicies.Operate"/>).</summary>
    public bool CanOperate => Role is not Tenancy.HubRoles.Viewer;

    public bool IsOwner => Role == Tenancy.HubRoles.Owner;
}
