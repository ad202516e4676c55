using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace VersatileHub.ServiceDefaults.Authentication;

/// <summary>
/// Authenticates a request by asking the Hub who its credential (access token, service token or sign-in cookie) belongs
/// to, and remembers the answer for <see cref="HubAuthenticationOptions.CacheDuration"/>.
/// </summary>
internal sealed partial class HubAuthenticationHandler(
    IOptionsMonitor<HubAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IHttpClientFactory httpClients,
    IMemoryCache cache,
    TimeProvider time) : AuthenticationHandler<HubAuthenticationOptions>(options, loggerFactory, encoder)
{
    private sealed record Remembered(HubIdentity Identity, DateTimeOffset Until);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credential = Credential.Of(Request, Options.TenantFromRequest);
        if (credential is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = credential.CacheKey;
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out Remembered? remembered) && remembered!.Until > now)
        {
            return Success(remembered.Identity);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, HubAuthenticationDefaults.MePath);
        credential.CopyTo(request);
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HubAuthenticationDefaults.HttpClientName).SendAsync(request, Context.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            LogHubUnreachable(ex.Message);
            return AuthenticateResult.Fail("The Hub could not be reached to authenticate the request.");
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return AuthenticateResult.Fail("The Hub does not accept this credential for this tenant.");
            }
            if (!response.IsSuccessStatusCode
                || await response.Content.ReadFromJsonAsync<HubIdentity>(Context.RequestAborted) is not { } identity)
            {
                LogHubUnreachable($"GET {HubAuthenticationDefaults.MePath} answered {(int)response.StatusCode}");
                return AuthenticateResult.Fail("The Hub could not authenticate the request.");
            }

            if (Options.CacheDuration > TimeSpan.Zero)
            {
                cache.Set(key, new Remembered(identity, now + Options.CacheDuration), Options.CacheDuration);
            }
            return Success(identity);
        }
    }

    private AuthenticateResult Success(HubIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(identity.ToPrincipal(Scheme.Name), Scheme.Name));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Hub could not authenticate a request: {Reason}")]
    private partial void LogHubUnreachable(string reason);

    /// <summary>What the caller presented: a token header or the sign-in cookie, and the tenant it asks to act for.</summary>
    private sealed record Credential(string? AccessToken, string? Authorization, string? Cookie, string? Tenant)
    {
        public static Credential? Of(HttpRequest request, Func<HttpRequest, string?>? tenantFromRequest)
        {
            var accessToken = request.Headers[HubAuthenticationDefaults.AccessTokenHeader].ToString();
            var authorization = request.Headers[HeaderNames.Authorization].ToString();
            // The cookie handler splits large cookies into chunks named after the cookie (.vh.authC1, ...).
            var cookie = string.Join("; ", request.Cookies
                .Where(c => c.Key.StartsWith(HubAuthenticationDefaults.CookieName, StringComparison.Ordinal))
                .Select(c => $"{c.Key}={c.Value}"));
            var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization : null;
            if (accessToken.Length == 0 && bearer is null && cookie.Length == 0)
            {
                return null;
            }
            var tenant = tenantFromRequest?.Invoke(request) ?? request.Headers[HubAuthenticationDefaults.TenantHeader].ToString();
            return new(
                accessToken.Length == 0 ? null : accessToken,
                bearer,
                accessToken.Length == 0 && bearer is null ? cookie : null,
                tenant.Length == 0 ? null : tenant);
        }

        /// <summary>A hash, so that the cache holds no secrets.</summary>
        public string CacheKey => "vh:hub-identity:" + Convert.ToHexString(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{AccessToken}\n{Authorization}\n{Cookie}\n{Tenant}")));

        public void CopyTo(HttpRequestMessage request)
        {
            if (AccessToken is not null)
            {
                request.Headers.TryAddWithoutValidation(HubAuthenticationDefaults.AccessTokenHeader, AccessToken);
            }
            if (Authorization is not null)
            {
                request.Headers.TryAddWithoutValidation(HeaderNames.Authorization, Authorization);
            }
            if (Cookie is not null)
            {
                request.Headers.TryAddWithoutValidation(HeaderNames.Cookie, Cookie);
            }
            if (Tenant is not null)
            {
                request.Headers.TryAddWithoutValidation(HubAuthenticationDefaults.TenantHeader, Tenant);
            }
        }
    }
}
