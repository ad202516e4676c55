using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Identity;

/// <summary>Access tokens are shown once, listed without their secret, and stop working when revoked.</summary>
public sealed class AccessTokenTests(HubFactory factory) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task A_token_works_in_either_header_until_it_is_revoked()
    {
        using var owner = await HubApi.SignInWithCookieAsync(factory);
        var issued = await (await owner.PostAsJsonAsync("/api/identity/tokens", new { name = "n8n" })).ReadAsync<TokenIssued>();
        using var chatwootStyle = HubApi.TokenClient(factory, issued.Token);
        using var bearer = factory.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Token);

        Assert.StartsWith("vh_", issued.Token, StringComparison.Ordinal);
        Assert.Equal(HubFactory.OwnerEmail, (await (await chatwootStyle.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).Email);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/identity/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/identity/tokens/{issued.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await chatwootStyle.GetAsync("/api/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task Listing_tokens_never_shows_a_secret_only_its_last_characters()
    {
        using var owner = await HubApi.SignInWithCookieAsync(factory);
        var issued = await (await owner.PostAsJsonAsync("/api/identity/tokens", new { name = "listed" })).ReadAsync<TokenIssued>();
        using var tokenClient = HubApi.TokenClient(factory, issued.Token);
        await tokenClient.GetAsync("/api/identity/me");

        var list = await owner.GetStringAsync("/api/identity/tokens");

        Assert.DoesNotContain(issued.Token, list, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Token[3..20], list, StringComparison.Ordinal);
        Assert.Contains($"\"hint\":\"vh_…{issued.Token[^4..]}\"", System.Text.RegularExpressions.Regex.Unescape(list), StringComparison.Ordinal);
        Assert.Contains("\"lastUsedAt\":\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_grants_no_more_than_its_creators_role()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(factory, "agent");

        var adminToken = await agent.Client.PostAsJsonAsync("/api/identity/tokens", new { name = "too strong", role = "admin" });
        var botToken = await agent.Client.PostAsJsonAsync("/api/identity/tokens", new { name = "bot", bot = true });
        var viewerToken = await (await agent.Client.PostAsJsonAsync("/api/identity/tokens", new { name = "read only", role = "viewer" })).ReadAsync<TokenIssued>();
        using var viewer = HubApi.TokenClient(factory, viewerToken.Token);

        Assert.Equal(HttpStatusCode.Forbidden, adminToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, botToken.StatusCode);
        Assert.Equal("viewer", (await (await viewer.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).Role);
    }

    [Fact]
    public async Task An_admin_issues_a_bot_token_that_acts_for_the_tenant()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(factory, "admin");

        var issued = await (await admin.Client.PostAsJsonAsync("/api/identity/tokens", new { name = "agent-bot", role = "agent", bot = true })).ReadAsync<TokenIssued>();
        using var bot = HubApi.TokenClient(factory, issued.Token);
        var me = await (await bot.GetAsync("/api/identity/me")).ReadAsync<MeResponse>();

        Assert.Equal(("agent-bot", null, admin.TenantId, "agent"), (me.Bot, me.UserId, me.TenantId, me.Role));
    }

    [Fact]
    public async Task A_service_token_acts_for_the_tenant_its_request_names()
    {
        var member = await HubApi.CreateTenantWithMemberAsync(factory, "viewer");
        using var agentService = HubApi.TokenClient(factory, HubFactory.AgentServiceToken);

        var me = await (await agentService.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/identity/me").ForTenant(member.TenantId))).ReadAsync<MeResponse>();
        var withoutTenant = await agentService.GetAsync("/api/identity/me");

        Assert.Equal(("agent", member.TenantId, "service"), (me.Service, me.TenantId, me.Role));
        Assert.Equal(HttpStatusCode.Forbidden, withoutTenant.StatusCode);
    }

    [Fact]
    public async Task An_unknown_token_is_refused()
    {
        using var stranger = HubApi.TokenClient(factory, "vh_" + new string('x', 43));

        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/identity/me")).StatusCode);
    }
}
