using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using VersatileHub.Flow.Apis;
using VersatileHub.Flow.Web;
using VersatileHub.Flow.Web.Components;
using VersatileHub.ServiceDefaults.Authentication;
using VersatileHub.ServiceDefaults.Web;

namespace Microsoft.Extensions.Hosting;

internal static class FlowWebExtensions
{
    /// <summary>Flow's web app: Blazor with interactive server rendering, signed in through the Hub, acting for the member's tenant.</summary>
    public static IHostApplicationBuilder AddFlowWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<FlowSession>();
        builder.Services.AddScoped<Workbench>();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HubSignIn>(HubSignIn.SchemeName, configureOptions: null);
        return builder;
    }

    /// <summary>The pages at <c>/</c> (owners and admins; anonymous visitors go to the Hub's sign-in) and their styles (open).</summary>
    public static WebApplication MapFlowWeb(this WebApplication app)
    {
        app.RememberLanguageChoice();
        app.UseAntiforgery();
        // Middleware rather than endpoints: styles hold nothing of any tenant and are served to anyone.
        app.UseStaticFiles();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            .RequireAuthorization(new AuthorizeAttribute { Policy = FlowPolicies.Edit, AuthenticationSchemes = HubSignIn.SchemeName });
        return app;
    }
}
