using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Identity.Authentication;
using VersatileHub.Hub.Identity.Domain;

namespace Microsoft.AspNetCore.Builder;

internal sealed record FoundTenantRequest(string? Name, string? TimeZone);

internal sealed record ChooseTenantRequest(int TenantId);

internal static class TenantsApi
{
    /// <summary>The signed-in user's tenants at <c>/api/identity/tenants</c>; open to any user, whichever tenant they act for.</summary>
    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/identity/tenants").RequireAuthorization();
        api.MapGet("/", ListMyTenants);
        api.MapPost("/", FoundTenant);
        api.MapPut("/current", ChooseCurrentTenant);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<MyTenant>>, ForbidHttpResult>> ListMyTenants(
        ClaimsPrincipal principal, TenantDirectory tenants, CancellationToken cancellationToken) =>
        HubCaller.Of(principal).UserId is { } userId
            ? TypedResults.Ok(await tenants.OfUserAsync(userId, cancellationToken))
            : TypedResults.Forbid();

    /// <summary>Creates a tenant whose owner is the caller.</summary>
    public static async Task<Results<Created<MyTenant>, ValidationProblem, ForbidHttpResult, ProblemHttpResult>> FoundTenant(
        FoundTenantRequest request, ClaimsPrincipal principal, TenantDirectory tenants, CancellationToken cancellationToken)
    {
        // A token acts within its tenant; founding tenants is for people signed in with their password.
        if (HubCaller.Of(principal) is not { UserId: { } userId } || principal.Identity?.AuthenticationType != HubAuthentication.CookieScheme)
        {
            return TypedResults.Forbid();
        }
        var name = request.Name?.Trim();
        var timeZone = string.IsNullOrWhiteSpace(request.TimeZone) ? Tenant.DefaultTimeZone : request.TimeZone.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > Tenant.MaxNameLength)
        {
            return Problems.Invalid("name", new UserText(
                $"El nombre es obligatorio, de 1 a {Tenant.MaxNameLength} caracteres.", $"A name of 1 to {Tenant.MaxNameLength} characters is required."));
        }
        if (!Tenant.IsKnownTimeZone(timeZone))
        {
            return Problems.Invalid("timeZone", new UserText(
                "No es una zona horaria IANA conocida, como America/Argentina/Buenos_Aires.", "Not a known IANA time zone, such as America/Argentina/Buenos_Aires."));
        }

        return await tenants.FoundAsync(userId, name, timeZone, cancellationToken) is { } tenant
            ? TypedResults.Created($"/api/identity/tenants/{tenant.Id}", tenant)
            : Problems.Refused(new UserText(
                "Se acaba de crear otro negocio con el mismo nombre; probá de nuevo.", "Another tenant was just created with the same name; try again."),
                StatusCodes.Status409Conflict);
    }

    /// <summary>The tenant the sign-in cookie acts for from now on, when no <c>X-VH-Tenant</c> header names one.</summary>
    public static async Task<Results<NoContent, NotFound, ForbidHttpResult>> ChooseCurrentTenant(
        ChooseTenantRequest request, ClaimsPrincipal principal, TenantDirectory tenants, UserManager<HubUser> users, HttpContext http)
    {
        if (HubCaller.Of(principal) is not { UserId: { } userId } || principal.Identity?.AuthenticationType != HubAuthentication.CookieScheme)
        {
            return TypedResults.Forbid();
        }
        if (!await tenants.IsMemberAsync(userId, request.TenantId, http.RequestAborted)
            || await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not { } user)
        {
            return TypedResults.NotFound();
        }
        await http.SignInAsync(HubAuthentication.CookieScheme, HubPrincipals.ForCookie(user, request.TenantId));
        return TypedResults.NoContent();
    }
}
