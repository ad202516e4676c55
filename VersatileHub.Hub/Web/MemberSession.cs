using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using VersatileHub.Hub.Identity.Authentication;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Web;

/// <summary>
/// The signed-in member a component acts for. A circuit outlives the request that opened it and has no HttpContext, so
/// nothing sets <see cref="CurrentTenant"/> for it; every piece of a component's work runs through here instead, in a
/// fresh scope acting for the member's tenant (fresh, so that one DbContext is never shared by overlapping events),
/// after the same policy check the API makes.
/// </summary>
internal sealed class MemberSession(AuthenticationStateProvider authentication, IServiceScopeFactory scopes, IAuthorizationService authorization)
{
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<HubCaller> CallerAsync() => HubCaller.Of(await PrincipalAsync());

    /// <summary>Runs <paramref name="work"/> for the member's tenant when <paramref name="policy"/> (one of <see cref="HubPolicies"/>) allows it.</summary>
    /// <exception cref="MemberNotAllowedException">The member's role does not satisfy the policy.</exception>
    public async Task<T> RunAsync<T>(string policy, Func<IServiceProvider, ClaimsPrincipal, Task<T>> work)
    {
        var principal = await PrincipalAsync();
        if (!(await authorization.AuthorizeAsync(principal, policy)).Succeeded)
        {
            throw new MemberNotAllowedException();
        }
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(HubCaller.Of(principal).TenantId!.Value);
        return await work(scope.ServiceProvider, principal);
    }

    public Task<T> RunAsync<TService, T>(string policy, Func<TService, ClaimsPrincipal, Task<T>> work) where TService : notnull =>
        RunAsync(policy, (services, principal) => work(services.GetRequiredService<TService>(), principal));
}

/// <summary>The member's role does not allow what a component was asked to do (the UI hides it; this is the guard behind).</summary>
internal sealed class MemberNotAllowedException() : Exception("Your role does not allow this. / Tu rol no permite hacer esto.");
