using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Web;
using VersatileHub.Chat.Web.Components;
using VersatileHub.Chat.Web.Simulator;
using VersatileHub.ServiceDefaults.Authentication;
using VersatileHub.ServiceDefaults.Web;

namespace Microsoft.Extensions.Hosting;

internal static class ChatWebExtensions
{
    /// <summary>The staff's inbox: Blazor with interactive server rendering, signed in through the Hub, acting for the member's account.</summary>
    public static IHostApplicationBuilder AddChatWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AgentSession>();
        builder.Services.AddHttpClient(HubCustomerRecord.HttpClientName, http => http.BaseAddress = new Uri("http://hub")).AddServiceToken();
        builder.Services.AddScoped<HubCustomerRecord>();
        builder.Services.AddHttpClient(MemberNames.HttpClientName, http => http.BaseAddress = new Uri("http://hub")).AddServiceToken();
        builder.Services.AddScoped<MemberNames>();
        builder.Services.AddHttpClient(AiAgentClient.HttpClientName, http =>
        {
            http.BaseAddress = new Uri("http://agent");
            http.Timeout = AiAgentClient.Patience;
        }).AddServiceToken().WithoutDefaultResilience();
        builder.Services.AddSingleton<AiAgentClient>();
        builder.Services.AddSingleton<BotStatusBoard>();
        builder.Services.AddScoped<CustomerSimulation>();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HubSignIn>(HubSignIn.SchemeName, configureOptions: null);
        return builder;
    }

    /// <summary>The inbox's pages at <c>/</c> (members of the account; anonymous visitors go to the Hub's sign-in) and its static files (open).</summary>
    public static WebApplication MapChatWeb(this WebApplication app)
    {
        app.RememberLanguageChoice();
        // After authentication and authorization, which the host puts first; only endpoints that ask for it are checked.
        app.UseAntiforgery();
        // Middleware rather than endpoints: styles and scripts hold nothing of any account and are served to anyone.
        app.UseStaticFiles();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            .RequireAuthorization(new AuthorizeAttribute { Policy = ChatPolicies.Read, AuthenticationSchemes = HubSignIn.SchemeName });
        // A developer's way to write as a customer without WhatsApp: never mapped outside Development.
        if (app.Environment.IsDevelopment())
        {
            app.MapCustomerSimulator();
        }
        return app;
    }
}
