using Microsoft.AspNetCore.Authorization;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Flow.Apis;

/// <summary>Who may call which of Flow's APIs, by the role the Hub gives the caller in the tenant.</summary>
public static class FlowPolicies
{
    /// <summary>Any member of the tenant: workflows, their versions and runs.</summary>
    public const string Read = "flow.read";

    /// <summary>Owners and admins: writing workflows, activating them, the tenant's variables.</summary>
    public const string Edit = "flow.edit";

    internal static AuthorizationBuilder AddFlowPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Read, ForRoles("owner", "admin", "agent", "viewer"))
        .AddPolicy(Edit, ForRoles("owner", "admin"));

    private static AuthorizationPolicy ForRoles(params string[] roles) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireClaim(HubClaimTypes.Tenant)
        .RequireRole(roles)
        .Build();
}
