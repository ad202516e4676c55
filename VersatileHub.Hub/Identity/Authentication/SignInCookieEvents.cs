using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace VersatileHub.Hub.Identity.Authentication;

/// <summary>The sign-in cookie: refreshed from the database on each request; APIs answer 401/403 where pages redirect.</summary>
internal sealed class SignInCookieEvents : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var request = context.HttpContext.Request;
        int? askedTenant = HubAuthentication.TryReadTenantHeader(request, out var tenant) ? tenant : null;
        var principals = context.HttpContext.RequestServices.GetRequiredService<HubPrincipals>();
        var principal = await principals.ForSignedInUserAsync(context.Principal!, askedTenant, context.HttpContext.RequestAborted);
        if (principal is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(HubAuthentication.CookieScheme);
            return;
        }
        context.ReplacePrincipal(principal);
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (HubAuthentication.IsApiRequest(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        // No "access denied" page exists: a page the member may not see answers 403 as an API does.
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
