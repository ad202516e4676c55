using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using VersatileHub.Flow.Apis;
using VersatileHub.ServiceDefaults.Authentication;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Web;

/// <summary>
/// The signed-in owner or admin a page acts for. A circuit outlives the request that opened it, so nothing sets
/// <see cref="CurrentTenant"/> for it: each piece of a page's work runs here, in a fresh scope acting for the member's
/// tenant, after the same policy check the workflow APIs make for writing (<see cref="FlowPolicies.Edit"/>).
/// </summary>
internal sealed class FlowSession(AuthenticationStateProvider authentication, IServiceScopeFactory scopes, IAuthorizationService authorization)
{
    public async Task<T> RunAsync<T>(Func<Workbench, Task<T>> work)
    {
        var tenant = await TenantAsync();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        return await work(scope.ServiceProvider.GetRequiredService<Workbench>());
    }

    private async Task<int> TenantAsync()
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        if (!(await authorization.AuthorizeAsync(principal, FlowPolicies.Edit)).Succeeded
            || !int.TryParse(principal.FindFirstValue(HubClaimTypes.Tenant), out var tenant))
        {
            throw new FlowWebNotAllowedException();
        }
        return tenant;
    }
}

/// <summary>The member's role does not allow the web app (the endpoint refuses first; this is the guard behind).</summary>
internal sealed class FlowWebNotAllowedException()
    : Exception("Solo los dueños y administradores usan Flow. / Only owners and admins use Flow.");
