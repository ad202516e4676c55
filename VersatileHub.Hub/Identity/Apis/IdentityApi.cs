using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Identity;
using VersatileHub.Hub.Identity.Authentication;
using VersatileHub.Hub.Identity.Domain;
using VersatileHub.Hub.Tenancy;

namespace Microsoft.AspNetCore.Builder;

internal sealed record SignInRequest(string? Email, string? Password, int? TenantId);

/// <summary>Who the caller is, as every service of the suite learns it (see ServiceDefaults' AddHubAuthentication).</summary>
internal sealed record Me(int? UserId, string? Email, string? Bot, string? Service, int TenantId, string TenantName, string Role);

internal static class IdentityApi
{
    /// <summary>Sign-in, sign-out and "who am I" at <c>/api/identity</c>.</summary>
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/identity");
        api.MapPost("/sign-in", SignIn).AllowAnonymous();
        // Typed as a Func so that the typed result is written, not discarded as by a RequestDelegate.
        api.MapPost("/sign-out", (Func<HttpContext, Task<NoContent>>)SignOut).AllowAnonymous();
        api.MapGet("/me", GetMe).RequireAuthorization(HubPolicies.Read);
        return app;
    }

    /// <summary>Sets the sign-in cookie, as the sign-in page does, for scripts and single-page clients.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> SignIn(SignInRequest request, AccountSignIn accounts, HttpContext http) =>
        await accounts.SignInAsync(http, request.Email, request.Password, request.TenantId) switch
        {
            SignInOutcome.SignedIn => TypedResults.NoContent(),
            SignInOutcome.LockedOut => Problems.Refused(new UserText(
                "Demasiados intentos fallidos: la cuenta queda bloqueada por un rato.", "Too many failed attempts: this account is locked for a while."),
                StatusCodes.Status423Locked),
            _ => Problems.Refused(
                new UserText("El correo o la contraseña no son correctos.", "The email or the password is wrong."), StatusCodes.Status401Unauthorized),
        };

    public static async Task<NoContent> SignOut(HttpContext http)
    {
        await AccountSignIn.SignOutAsync(http);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Me>, NotFound>> GetMe(ClaimsPrincipal principal, TenantDirectory tenants, CancellationToken cancellationToken)
    {
        var caller = HubCaller.Of(principal);
        if (await tenants.FindAsync(caller.TenantId!.Value, cancellationToken) is not { } tenant)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new Me(caller.UserId, caller.Email, caller.Bot, caller.Service, tenant.Id, tenant.Name, caller.Role!));
    }
}
