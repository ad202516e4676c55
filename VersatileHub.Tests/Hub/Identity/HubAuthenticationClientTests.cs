using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.ServiceDefaults.Authentication;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Identity;

/// <summary>
/// Another service authenticates its callers through the Hub with ServiceDefaults' AddHubAuthentication: it learns
/// user, tenant and role, and a revoked token stops working once the cached answer expires.
/// </summary>
public sealed class HubAuthenticationClientTests(HubFactory hub) : IClassFixture<HubFactory>, IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private WebApplication _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.AddHubAuthentication();
        builder.Services.AddHttpClient(HubAuthenticationDefaults.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => hub.Server.CreateHandler());
        _service = builder.Build();
        _service.MapGet("/whoami", (ClaimsPrincipal user) => new Caller(
            user.FindFirstValue(ClaimTypes.Email), user.FindFirstValue(HubClaimTypes.Tenant), user.FindFirstValue(ClaimTypes.Role)))
            .RequireAuthorization();
        await _service.StartAsync();
        _client = _service.GetTestClient();
    }

    [Fact]
    public async Task A_valid_token_is_accepted_with_the_callers_tenant_and_role()
    {
        var member = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var token = await TokenOfAsync(member);

        var caller = await (await WhoAmIAsync(HubAuthenticationDefaults.AccessTokenHeader, token)).ReadAsync<Caller>();

        Assert.Equal(new Caller(member.Email, member.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture), "agent"), caller);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_once_the_cached_answer_expires()
    {
        var member = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var issued = await (await member.Client.PostAsJsonAsync("/api/identity/tokens", new { name = "revoked soon" })).ReadAsync<TokenIssued>();
        Assert.Equal(HttpStatusCode.OK, (await WhoAmIAsync("Authorization", $"Bearer {issued.Token}")).StatusCode);

        (await member.Client.DeleteAsync($"/api/identity/tokens/{issued.Id}")).EnsureSuccessStatusCode();
        var withinCache = await WhoAmIAsync("Authorization", $"Bearer {issued.Token}");
        _clock.Advance(HubAuthenticationOptions.MaxCacheDuration + TimeSpan.FromSeconds(1));
        var afterCache = await WhoAmIAsync("Authorization", $"Bearer {issued.Token}");

        Assert.Equal(HttpStatusCode.OK, withinCache.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterCache.StatusCode);
    }

    [Fact]
    public async Task The_hubs_sign_in_cookie_is_accepted_as_well()
    {
        using var signIn = await hub.CreateClient().PostAsJsonAsync("/api/identity/sign-in",
            new { email = HubFactory.OwnerEmail, password = HubFactory.OwnerPassword });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".vh.auth=", StringComparison.Ordinal)).Split(';')[0];

        var caller = await (await WhoAmIAsync("Cookie", cookie)).ReadAsync<Caller>();

        Assert.Equal((HubFactory.OwnerEmail, "owner"), (caller.Email, caller.Role));
    }

    [Fact]
    public async Task A_service_signs_its_calls_with_its_own_token_and_acts_for_the_tenant_it_names()
    {
        var member = await HubApi.CreateTenantWithMemberAsync(hub, "viewer");
        await using var agent = CallingService(HubFactory.AgentServiceToken);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami").ForTenant(member.TenantId);
        var caller = await (await agent.GetRequiredService<IHttpClientFactory>().CreateClient("to-service").SendAsync(request)).ReadAsync<Caller>();

        Assert.Equal(new Caller(null, member.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture), "service"), caller);
    }

    [Fact]
    public async Task A_service_without_its_token_is_told_how_to_get_one_before_anything_is_sent()
    {
        await using var unconfigured = CallingService(token: null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => unconfigured.GetRequiredService<IHttpClientFactory>().CreateClient("to-service").GetAsync("/whoami"));

        Assert.Contains("Parameters__service-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_credentials_is_not_sent_to_the_hub_and_gets_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/whoami")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WhoAmIAsync(HubAuthenticationDefaults.AccessTokenHeader, "vh_not-a-token")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    /// <summary>Another service of the suite, configured as the AppHost configures it, whose client calls this service.</summary>
    private ServiceProvider CallingService(string? token)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Parameters:service-token"] = token })
            .Build());
        services.AddHttpClient("to-service", http => http.BaseAddress = _client.BaseAddress)
            .AddServiceToken()
            .ConfigurePrimaryHttpMessageHandler(() => _service.GetTestServer().CreateHandler());
        return services.BuildServiceProvider();
    }

    private async Task<string> TokenOfAsync(HubMember member)
    {
        using var cookie = await HubApi.SignInWithCookieAsync(hub, member.Email, member.Password, member.TenantId);
        return await HubApi.CreateTokenAsync(cookie, "for another service");
    }

    private Task<HttpResponseMessage> WhoAmIAsync(string header, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.TryAddWithoutValidation(header, value);
        return _client.SendAsync(request);
    }

    private sealed record Caller(string? Email, string? Tenant, string? Role);
}
