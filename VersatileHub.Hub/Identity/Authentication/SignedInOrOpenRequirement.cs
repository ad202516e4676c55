using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace VersatileHub.Hub.Identity.Authentication;

/// <summary>
/// The fallback for endpoints that declare nothing: a signed-in principal, except for the health probes (mapped by the
/// shared service defaults, anonymous by design) and requests that match no endpoint (they answer 404, not 401).
/// </summary>
internal sealed class SignedInOrOpenRequirement : AuthorizationHandler<SignedInOrOpenRequirement>, IAuthorizationRequirement
{
    private static readonly PathString[] Probes = ["/health", "/alive"];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SignedInOrOpenRequirement requirement)
    {
        var signedIn = context.User.Identities.Any(i => i.IsAuthenticated);
        var open = context.Resource is HttpContext http
            && (http.GetEndpoint() is null || Probes.Any(probe => http.Request.Path.Equals(probe, StringComparison.OrdinalIgnoreCase)));
        if (signedIn || open)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
