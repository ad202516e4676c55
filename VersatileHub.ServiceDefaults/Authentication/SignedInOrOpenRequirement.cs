using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace VersatileHub.ServiceDefaults.Authentication;

/// <summary>
/// The fallback for endpoints that declare nothing: a signed-in principal, except for requests that match no endpoint
/// (they answer 404, not 401). The health probes declare themselves anonymous where the service defaults map them.
/// </summary>
public sealed class SignedInOrOpenRequirement : AuthorizationHandler<SignedInOrOpenRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SignedInOrOpenRequirement requirement)
    {
        var signedIn = context.User.Identities.Any(i => i.IsAuthenticated);
        var open = context.Resource is HttpContext http && http.GetEndpoint() is null;
        if (signedIn || open)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
