using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VersatileHub.AppHost.Orchestration;
using VersatileHub.AppHost.Telemetry;

namespace VersatileHub.AppHost.Dashboard;

/// <summary>
/// The local dashboard: Kestrel inside the AppHost on loopback, serving the resources page, its API and the OTLP receiver.
/// Like Aspire's, it is protected by a browser token shown in a login URL; the token is exchanged for a cookie
/// (HttpOnly, SameSite=Strict) that lasts as long as the run.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    public const string TokenQueryParameter = "t";
    private const string CookieName = "vh-apphost-dashboard";

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri address, string browserToken)
    {
        _app = app;
        Address = address;
        LoginUrl = new Uri(address, $"/login?{TokenQueryParameter}={Uri.EscapeDataString(browserToken)}");
    }

    /// <summary>Where the dashboard listens, e.g. <c>http://127.0.0.1:15888/</c>; the OTLP receiver is at the same address.</summary>
    public Uri Address { get; }

    /// <summary>The address that signs a browser in: the run's first line of output.</summary>
    public Uri LoginUrl { get; }

    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<DashboardServer> StartAsync(
        int port, string browserToken, string otlpApiKey, ResourceMonitor monitor, TelemetryStore telemetry, IResourceCommands commands,
        OtlpRelay relay, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = typeof(DashboardServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        // The resources' own output is what the console shows; the dashboard's requests are not news.
        builder.Logging.ClearProviders();
        // Cookies need keys; they live as long as the run, as the browser token does.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthorization();
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.LoginPath = "/login";
            cookie.Events.OnRedirectToLogin = context =>
            {
                // The API answers 401; a page goes to the sign-in page.
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                }

                context.Response.Redirect("/login");
                return Task.CompletedTask;
            };
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/login", async (HttpContext http) =>
        {
            var given = http.Request.Query[TokenQueryParameter].ToString();
            if (given.Length == 0)
            {
                return Results.Content(DashboardPage.Login(wrongToken: false), "text/html; charset=utf-8");
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(browserToken)))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Results.Content(DashboardPage.Login(wrongToken: true), "text/html; charset=utf-8");
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "developer")], CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(new ClaimsPrincipal(identity));
            return Results.Redirect("/");
        });
        app.MapGet("/", () => Results.Content(DashboardPage.Resources(), "text/html; charset=utf-8")).RequireAuthorization();
        app.MapDashboardApi(monitor, telemetry, commands).RequireAuthorization();
        app.MapOtlpReceiver(telemetry, otlpApiKey, relay);

        await app.StartAsync(cancellationToken);
        // With port 0 the system chose one; the server knows which.
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DashboardServer(app, new Uri($"http://127.0.0.1:{new Uri(address).Port}/"), browserToken);
    }

    /// <summary>A token of 32 random letters and digits, as Aspire's, for one run.</summary>
    public static string NewToken() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);

    public async ValueTask DisposeAsync()
    {
        // Open event streams end with the run; the browser sees the stream close.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
