using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using VersatileHub.Agent;
using VersatileHub.Agent.Console;
using VersatileHub.Agent.Console.Components;
using VersatileHub.ServiceDefaults.Authentication;

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
        app.Use(RememberLanguage);
        app.UseAntiforgery();
        // Middleware rather than endpoints: styles hold nothing of any tenant and are served to anyone.
        app.UseStaticFiles();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            .RequireAuthorization(new AuthorizeAttribute { Policy = AgentPolicies.Administer, AuthenticationSchemes = HubSignIn.SchemeName });
        return app;
    }

    /// <summary>A page asked for with <c>?lang=</c> keeps that language on later visits.</summary>
    private static Task RememberLanguage(HttpContext context, RequestDelegate next)
    {
        if (ConsoleText.ByCode(context.Request.Query["lang"].ToString()) is { } text)
        {
            context.Response.Cookies.Append(ConsoleText.LanguageCookie, text.Lang, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365),
            });
        }
        return next(context);
    }
}
