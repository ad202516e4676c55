using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using VersatileHub.Chat.Accounts;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Chat.Web;

/// <summary>
/// The signed-in staff member a page acts for. A circuit outlives the request that opened it, so nothing sets
/// <see cref="CurrentAccount"/> for it: each piece of a page's work runs here, in a fresh scope acting for the member's
/// account (fresh, so that one DbContext is never shared by overlapping live updates), after the policy check the API makes.
/// </summary>
internal sealed class AgentSession(AuthenticationStateProvider authentication, IServiceScopeFactory scopes, IAuthorizationService authorization)
{
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<ChatCaller> CallerAsync() => ChatCaller.Of(await PrincipalAsync());

    /// <summary>The account the member signed in to; null when the principal names none.</summary>
    public async Task<int?> AccountIdAsync() =>
        int.TryParse((await PrincipalAsync()).FindFirstValue(HubClaimTypes.Tenant), out var id) ? id : null;

    /// <summary>Runs <paramref name="work"/> for the member's account when <paramref name="policy"/> (one of <see cref="ChatPolicies"/>) allows it.</summary>
    /// <exception cref="AgentNotAllowedException">The member's role does not satisfy the policy.</exception>
    public async Task<T> RunAsync<TService, T>(string policy, Func<TService, ChatCaller, Task<T>> work) where TService : notnull
    {
        var principal = await PrincipalAsync();
        if (!(await authorization.AuthorizeAsync(principal, policy)).Succeeded || await AccountIdAsync() is not { } accountId)
        {
            throw new AgentNotAllowedException();
        }
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentAccount>().Set(accountId);
        return await work(scope.ServiceProvider.GetRequiredService<TService>(), ChatCaller.Of(principal));
    }
}

/// <summary>The member's role does not allow what a page was asked to do (the page hides it; this is the guard behind).</summary>
internal sealed class AgentNotAllowedException() : Exception("Tu rol no permite hacer esto. / Your role does not allow this.");
