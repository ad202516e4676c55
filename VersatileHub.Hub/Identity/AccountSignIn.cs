using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using VersatileHub.Hub.Identity.Authentication;
using VersatileHub.Hub.Identity.Domain;

namespace VersatileHub.Hub.Identity;

internal enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    LockedOut,
}

/// <summary>Checks an email and password (counting failures towards the lockout) and issues the sign-in cookie.</summary>
internal sealed class AccountSignIn(UserManager<HubUser> users, HubPrincipals principals)
{
    private static readonly HubUser Nobody = new();
    private static readonly Lazy<string> NobodysHash = new(() => new PasswordHasher<HubUser>().HashPassword(Nobody, Guid.NewGuid().ToString()));

    public async Task<SignInOutcome> SignInAsync(HttpContext http, string? email, string? password, int? tenantId)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return SignInOutcome.WrongCredentials;
        }
        if (await users.FindByEmailAsync(email.Trim()) is not { } user)
        {
            // As slow as a wrong password, so that timing does not tell which emails have accounts.
            users.PasswordHasher.VerifyHashedPassword(Nobody, NobodysHash.Value, password);
            return SignInOutcome.WrongCredentials;
        }
        if (await users.IsLockedOutAsync(user))
        {
            return SignInOutcome.LockedOut;
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials;
        }

        await users.ResetAccessFailedCountAsync(user);
        var tenant = tenantId ?? await principals.DefaultTenantAsync(user.Id, http.RequestAborted);
        await http.SignInAsync(HubAuthentication.CookieScheme, HubPrincipals.ForCookie(user, tenant));
        return SignInOutcome.SignedIn;
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(HubAuthentication.CookieScheme);
}
