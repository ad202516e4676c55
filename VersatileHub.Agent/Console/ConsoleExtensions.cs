using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using VersatileHub.Agent;
using VersatileHub.Agent.Console;
using VersatileHub.Agent.Console.Components;
using VersatileHub.ServiceDefaults.Authentication;
using VersatileHub.ServiceDefaults.Web;

namespace Microsoft.Extensions.Hosting;

internal static class ConsoleExtensions
{
    /// <summary>
    /// The operator console: Blazor with interactive server rendering, signed in through the Hub. The playground streams
    /// over the Blazor circuit itself (already a SignalR connection, authenticated and bound to the member's tenant).
    /// </summary>
    public static IHostApplicationBuilder AddAgentConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<ConsoleSession>();
        builder.Services.AddScoped<Playground>();
        builder.Services.AddScoped<ProfileEditor>();
        builder.Services.AddScoped<AgentActivityLog>();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HubSignIn>(HubSignIn.SchemeName, configureOptions: null);
        return builder;
    }

    /// <summary>The console's pages at <c>/</c> (owners and admins; anonymous visitors go to the Hub's sign-in) and its static files (open).</summary>
    public static WebApplication MapAgentConsole(this WebApplication app)
    {
        app.RememberLanguageChoice();
        app.UseAntiforgery();
        // Middleware rather than endpoints: styles hold nothing of any tenant and are served to anyone.
        app.UseStaticFiles();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            .RequireAuthorization(new AuthorizeAttribute { Policy = AgentPolicies.Administer, AuthenticationSchemes = HubSignIn.SchemeName });
        return app;
    }
}
