using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Identity.Authentication;
using VersatileHub.Hub.Identity.Domain;
using VersatileHub.Hub.Tenancy;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Web;

/// <summary>
/// The signed-in member a component acts for. A circuit outlives the request that opened it and has no HttpContext, so
/// nothing sets <see cref="CurrentTenant"/> for it; every piece of a component's work runs through here instead, in a
/// fresh scope acting for the member's tenant (fresh, so that one DbContext is never shared by overlapping events),
/// after the same policy check the API makes.
/// </summary>
/// <remarks>
/// The circuit's principal is the one of the request that opened the page; the member's role is read again from the
/// database before each piece of work, so a member demoted or removed meanwhile loses those rights at once.
/// </remarks>
internal sealed class MemberSession(AuthenticationStateProvider authentication, IServiceScopeFactory scopes, IAuthorizationService authorization)
{
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<HubCaller> CallerAsync() => HubCaller.Of(await PrincipalAsync());

    /// <summary>Runs <paramref name="work"/> for the member's tenant when <paramref name="policy"/> (one of <see cref="HubPolicies"/>) allows it.</summary>
    /// <exception cref="MemberNotAllowedException">The member's current role does not satisfy the policy.</exception>
    public async Task<T> RunAsync<T>(string policy, Func<IServiceProvider, ClaimsPrincipal, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var principal = await CurrentAsync(await PrincipalAsync(), scope.ServiceProvider.GetRequiredService<HubDbContext>());
        if (!(await authorization.AuthorizeAsync(principal, policy)).Succeeded)
        {
            throw new MemberNotAllowedException();
        }
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(HubCaller.Of(principal).TenantId!.Value);
        return await work(scope.ServiceProvider, principal);
    }

    public Task<T> RunAsync<TService, T>(string policy, Func<TService, ClaimsPrincipal, Task<T>> work) where TService : notnull =>
        RunAsync(policy, (services, principal) => work(services.GetRequiredService<TService>(), principal));

    /// <summary>The circuit's principal with the role its member holds now; without tenant nor role when they are no longer a member.</summary>
    private static async Task<ClaimsPrincipal> CurrentAsync(ClaimsPrincipal opened, HubDbContext db)
    {
        var caller = HubCaller.Of(opened);
        if (caller is not { UserId: { } userId, TenantId: { } tenantId })
        {
            return opened;
        }
        var role = await db.Set<Membership>().AsNoTracking()
            .Where(m => m.UserId == userId && m.TenantId == tenantId)
            .Select(m => m.Role)
            .SingleOrDefaultAsync();
        if (role == caller.Role)
        {
            return opened;
        }
        var identity = (ClaimsIdentity)opened.Identity!;
        var claims = opened.Claims.Where(c => c.Type is not (HubClaims.Role or HubClaims.Tenant)).ToList();
        if (role is not null)
        {
            claims.Add(new Claim(HubClaims.Tenant, tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            claims.Add(new Claim(HubClaims.Role, role));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }
}

/// <summary>The member's role does not allow what a component was asked to do (the UI hides it; this is the guard behind).</summary>
internal sealed class MemberNotAllowedException() : RefusalException(new UserText("Tu rol no permite hacer esto.", "Your role does not allow this."));
