using Microsoft.AspNetCore.Authorization;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Agent;

/// <summary>Who may call which of the agent's APIs, by the role the Hub gives the caller in the tenant.</summary>
public static class AgentPolicies
{
    /// <summary>Any member of the tenant: the bot's status.</summary>
    public const string Read = "agent.read";

    /// <summary>Owners and admins: the agent's profiles.</summary>
    public const string Administer = "agent.administer";

    /// <summary>The suite's services alone (Flow's "ask agent" node): the internal API.</summary>
    public const string Service = "agent.service";

    internal static AuthorizationBuilder AddAgentPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Read, ForRoles("owner", "admin", "agent", "viewer", "service"))
        .AddPolicy(Administer, ForRoles("owner", "admin"))
        .AddPolicy(Service, ForRoles("service"));

    private static AuthorizationPolicy ForRoles(params string[] roles) => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireClaim(HubClaimTypes.Tenant)
        .RequireRole(roles)
        .Build();
}
