using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace VersatileHub.ServiceDefaults.Authentication;

/// <summary>
/// A web app's sign-in (Chat's inbox, the Agent's console): a page request is authenticated as every request is (the shared cookie, checked by the Hub), and
/// an anonymous visit goes to the Hub's sign-in page, which sends the user back to the page they asked for.
/// </summary>
public sealed class HubSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "hub-sign-in";

    /// <summary>The Hub's address as service discovery knows it (the AppHost's <c>services__hub__http__0</c>).</summary>
    public const string HubAddressKey = "services:hub:http:0";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Context.AuthenticateAsync(HubAuthenticationDefaults.Scheme);

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var hub = configuration[HubAddressKey] ?? throw new InvalidOperationException($"{HubAddressKey} is required to send visitors to the Hub's sign-in.");
        var back = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{Request.Path}{Request.QueryString}";
        Response.Redirect($"{hub.TrimEnd('/')}/account/login?returnUrl={Uri.EscapeDataString(back)}");
        return Task.CompletedTask;
    }
}
