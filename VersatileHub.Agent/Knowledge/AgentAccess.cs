using Microsoft.AspNetCore.Authorization;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Agent.Knowledge;

/// <summary>Who may read and who may change what the agent knows, by the role the Hub gives the caller in its tenant.</summary>
internal static class AgentAccess
{
    /// <summary>Any member of the tenant (viewers included) and the suite's services, such as Chat's contact panel.</summary>
    public static readonly AuthorizationPolicy Members = ForRoles("owner", "admin", "agent", "viewer", "service");

    /// <summary>Owners and admins.</summary>
    public static readonly AuthorizationPolicy Admins = ForRoles("owner", "admin");

    private static AuthorizationPolicy ForRoles(params string[] roles) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireClaim(HubClaimTypes.Tenant)
        .RequireRole(roles)
        .Build();
}
