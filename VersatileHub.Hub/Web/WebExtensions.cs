using VersatileHub.Hub.Web;
using VersatileHub.Hub.Web.Components;

namespace Microsoft.Extensions.Hosting;

internal static class WebExtensions
{
    /// <summary>The Hub's web app: Blazor with interactive server rendering, acting for the signed-in member's tenant.</summary>
    public static IHostApplicationBuilder AddHubWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<MemberSession>();
        return builder;
    }

    /// <summary>The web app's pages at <c>/</c> (sign-in required, by the Hub's fallback policy) and its static files (open).</summary>
    public static WebApplication MapHubWeb(this WebApplication app)
    {
        app.Use(RememberLanguage);
        // After authentication and authorization, which the host puts first; only endpoints that ask for it are checked.
        app.UseAntiforgery();
        // Middleware rather than endpoints: styles and scripts hold nothing of any tenant and are served to anyone.
        app.UseStaticFiles();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>A page asked for with <c>?lang=</c> keeps that language on later visits.</summary>
    private static Task RememberLanguage(HttpContext context, RequestDelegate next)
    {
        if (WebText.ByCode(context.Request.Query["lang"].ToString()) is { } text)
        {
            context.Response.Cookies.Append(WebText.LanguageCookie, text.Lang, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365),
            });
        }
        return next(context);
    }
}
