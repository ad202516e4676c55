using VersatileHub.Hub.Web;
using VersatileHub.Hub.Web.Components;
using VersatileHub.ServiceDefaults.Web;

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
        app.RememberLanguageChoice();
        // After authentication and authorization, which the host puts first; only endpoints that ask for it are checked.
        app.UseAntiforgery();
        // Middleware rather than endpoints: styles and scripts hold nothing of any tenant and are served to anyone.
        app.UseStaticFiles();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
