using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using VersatileHub.ServiceDefaults.Authentication;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Console;

/// <summary>
/// The signed-in staff member a console page acts for. A circuit outlives the request that opened it, so nothing sets
/// <see cref="CurrentTenant"/> for it: each piece of a page's work runs here, in a fresh scope acting for the member's
/// tenant, after the same policy check the API makes (owners and admins).
/// </summary>
internal sealed class ConsoleSession(AuthenticationStateProvider authentication, IServiceScopeFactory scopes, IAuthorizationService authorization)
{
    public async Task<T> RunAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        var tenant = await TenantAsync();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>As <see cref="RunAsync{TService, T}"/>, for work that streams: the scope lives until the stream ends.</summary>
    public async IAsyncEnumerable<T> StreamAsync<TService, T>(Func<TService, CancellationToken, IAsyncEnumerable<T>> work,
        [EnumeratorCancellation] CancellationToken cancellationToken) where TService : notnull
    {
        var tenant = await TenantAsync();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        await foreach (var item in work(scope.ServiceProvider.GetRequiredService<TService>(), cancellationToken).WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }

    private async Task<int> TenantAsync()
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        if (!(await authorization.AuthorizeAsync(principal, AgentPolicies.Administer)).Succeeded
            || !int.TryParse(principal.FindFirstValue(HubClaimTypes.Tenant), out var tenant))
        {
            throw new ConsoleNotAllowedException();
        }
        return tenant;
    }
}

/// <summary>The member's role does not allow the console (the page says so; this is the guard behind).</summary>
internal sealed class ConsoleNotAllowedException() : Exception("Solo los dueños y administradores usan la consola. / Only owners and admins use the console.");
