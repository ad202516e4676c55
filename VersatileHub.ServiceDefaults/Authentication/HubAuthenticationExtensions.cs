using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VersatileHub.ServiceDefaults.Authentication;

namespace Microsoft.Extensions.Hosting;

public static class HubAuthenticationExtensions
{
    /// <summary>
    /// Makes the Hub this service's identity authority: a request's access token, service token or sign-in cookie is
    /// checked against the Hub (<c>http://hub</c>), which says who the caller is, for which tenant and with which role.
    /// </summary>
    public static TBuilder AddHubAuthentication<TBuilder>(this TBuilder builder, Action<HubAuthenticationOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddHttpClient(HubAuthenticationDefaults.HttpClientName, http => http.BaseAddress = new Uri("http://hub"));
        builder.Services.AddAuthentication(HubAuthenticationDefaults.Scheme)
            .AddScheme<HubAuthenticationOptions, HubAuthenticationHandler>(HubAuthenticationDefaults.Scheme, configure);
        builder.Services.AddOptions<HubAuthenticationOptions>(HubAuthenticationDefaults.Scheme)
            .Validate(
                options => options.CacheDuration >= TimeSpan.Zero && options.CacheDuration <= HubAuthenticationOptions.MaxCacheDuration,
                $"{nameof(HubAuthenticationOptions.CacheDuration)} must be between 0 and {HubAuthenticationOptions.MaxCacheDuration.TotalSeconds} s, so that a revoked token stops working within 60 s.")
            .ValidateOnStart();
        builder.Services.AddAuthorizationBuilder().RequireSignInByDefault();
        return builder;
    }

    /// <summary>Calls made through this client carry this service's own token, so the service it calls knows who calls.</summary>
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder http)
    {
        http.Services.TryAddTransient<ServiceTokenHandler>();
        return http.AddHttpMessageHandler<ServiceTokenHandler>();
    }
}
