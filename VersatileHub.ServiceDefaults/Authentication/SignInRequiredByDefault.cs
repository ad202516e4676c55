using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VersatileHub.ServiceDefaults.Authentication;

namespace Microsoft.AspNetCore.Authorization;

public static class SignInRequiredByDefault
{
    /// <summary>
    /// Every endpoint of the service requires a signed-in caller unless it says otherwise (<c>AllowAnonymous</c>, as the
    /// health probes and signature-checked webhooks do); a request that matches no endpoint still gets its 404.
    /// </summary>
    public static AuthorizationBuilder RequireSignInByDefault(this AuthorizationBuilder authorization)
    {
        authorization.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, SignedInOrOpenRequirement>());
        return authorization
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new SignedInOrOpenRequirement()).Build());
    }
}
