using System.Security.Claims;

namespace VersatileHub.Hub.Tenancy;

/// <summary>Roles of a member within a tenant, from most to least powerful.</summary>
public static class HubRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Agent, Viewer];

    /// <summary>Not a member's role: another service of the suite calling with its service token, for the tenant it names.</summary>
    public const string Service = "service";
}

/// <summary>Claims every authenticated Hub principal carries (users, bots and services alike).</summary>
public static class HubClaims
{
    /// <summary>The tenant the principal acts for (an integer id issued by the Hub); the same claim the other services see.</summary>
    public const string Tenant = VersatileHub.ServiceDefaults.Authentication.HubClaimTypes.Tenant;

    /// <summary>The principal's role in that tenant: one of <see cref="HubRoles"/>.</summary>
    public const string Role = ClaimTypes.Role;

    public const string UserId = ClaimTypes.NameIdentifier;
}

/// <summary>Authorization policies of the Hub's APIs and pages.</summary>
public static class HubPolicies
{
    /// <summary>Any member of the tenant, viewers included: reading.</summary>
    public const string Read = "hub.read";

    /// <summary>Owners, admins and agents: day-to-day changes (customers, bookings, orders, tickets).</summary>
    public const string Operate = "hub.operate";

    /// <summary>Owners and admins: the catalog, settings, members and tokens.</summary>
    public const string Administer = "hub.administer";
}
