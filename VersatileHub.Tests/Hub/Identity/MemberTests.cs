using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Identity;

/// <summary>Roles decide who may change a tenant's members; a tenant's members are invisible to other tenants.</summary>
public sealed class MemberTests(HubFactory factory) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task A_viewer_reads_the_members_but_may_not_add_one()
    {
        var viewer = await HubApi.CreateTenantWithMemberAsync(factory, "viewer");

        var members = await (await viewer.Client.GetAsync("/api/identity/members")).ReadAsync<List<MemberResponse>>();
        var add = await viewer.Client.PostAsJsonAsync("/api/identity/members", new { email = "new@versatilehub.test", role = "viewer", password = "password-new-1" });

        Assert.Contains(members, m => m.Email == viewer.Email && m.Role == "viewer");
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
    }

    [Fact]
    public async Task A_member_of_another_tenant_cannot_list_this_tenants_members()
    {
        var here = await HubApi.CreateTenantWithMemberAsync(factory, "admin");
        var elsewhere = await HubApi.CreateTenantWithMemberAsync(factory, "admin");
        using var elsewhereCookie = await HubApi.SignInWithCookieAsync(factory, elsewhere.Email, elsewhere.Password);

        var withToken = await elsewhere.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/identity/members").ForTenant(here.TenantId));
        var withCookie = await elsewhereCookie.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/identity/members").ForTenant(here.TenantId));
        var ownList = await (await elsewhere.Client.GetAsync("/api/identity/members")).ReadAsync<List<MemberResponse>>();

        Assert.Equal(HttpStatusCode.Forbidden, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withCookie.StatusCode);
        Assert.DoesNotContain(ownList, m => m.Email == here.Email);
    }

    [Fact]
    public async Task An_admin_adds_promotes_and_removes_a_member_whose_token_keeps_its_role_then_stops_working()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(factory, "admin");
        var email = $"agent-{Guid.NewGuid():N}@versatilehub.test";

        var added = await (await admin.Client.PostAsJsonAsync("/api/identity/members", new { email, role = "agent", password = "first-password-1" })).ReadAsync<MemberResponse>();
        using var agentCookie = await HubApi.SignInWithCookieAsync(factory, email, "first-password-1", admin.TenantId);
        using var agent = HubApi.TokenClient(factory, await HubApi.CreateTokenAsync(agentCookie, "agent's"));
        var promoted = await admin.Client.PutAsJsonAsync($"/api/identity/members/{added.UserId}", new { role = "admin" });
        var roleAfterPromotion = (await (await agent.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).Role;
        var removed = await admin.Client.DeleteAsync($"/api/identity/members/{added.UserId}");

        Assert.Equal(HttpStatusCode.NoContent, promoted.StatusCode);
        Assert.Equal("agent", roleAfterPromotion);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentCookie.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task Demoting_a_member_also_lowers_what_their_tokens_grant()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(factory, "admin");
        using var owner = await HubApi.SignInWithCookieAsync(factory, tenantId: admin.TenantId);

        var demoted = await owner.PutAsJsonAsync($"/api/identity/members/{admin.UserId}", new { role = "viewer" });

        Assert.Equal(HttpStatusCode.NoContent, demoted.StatusCode);
        Assert.Equal("viewer", (await (await admin.Client.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).Role);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Client.PostAsJsonAsync("/api/identity/members", new { email = "x@versatilehub.test", role = "viewer" })).StatusCode);
    }

    [Fact]
    public async Task Only_an_owner_makes_an_owner_and_the_last_owner_stays()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(factory, "admin");
        using var owner = await HubApi.SignInWithCookieAsync(factory, tenantId: admin.TenantId);
        var ownerId = (await (await owner.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).UserId;

        var adminMakesOwner = await admin.Client.PutAsJsonAsync($"/api/identity/members/{admin.UserId}", new { role = "owner" });
        var adminRemovesOwner = await admin.Client.DeleteAsync($"/api/identity/members/{ownerId}");
        var lastOwnerStepsDown = await owner.PutAsJsonAsync($"/api/identity/members/{ownerId}", new { role = "admin" });
        var lastOwnerLeaves = await owner.DeleteAsync($"/api/identity/members/{ownerId}");

        Assert.Equal(HttpStatusCode.Forbidden, adminMakesOwner.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminRemovesOwner.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lastOwnerStepsDown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lastOwnerLeaves.StatusCode);
    }

    [Fact]
    public async Task Two_owners_demoting_each_other_at_once_leave_one_owner()
    {
        var second = await HubApi.CreateTenantWithMemberAsync(factory, "owner");
        using var first = await HubApi.SignInWithCookieAsync(factory, tenantId: second.TenantId);
        var firstId = (await (await first.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).UserId;

        var answers = await Task.WhenAll(
            first.PutAsJsonAsync($"/api/identity/members/{second.UserId}", new { role = "admin" }),
            second.Client.PutAsJsonAsync($"/api/identity/members/{firstId}", new { role = "admin" }));
        var members = await (await first.GetAsync("/api/identity/members")).ReadAsync<List<MemberResponse>>();

        // One demotion wins. The other either lost the race on the last owner (409) or arrived after its caller had
        // already been demoted, when an admin may not change an owner (403).
        var statuses = answers.Select(a => a.StatusCode).Order().ToList();
        Assert.Equal(HttpStatusCode.NoContent, statuses[0]);
        Assert.Contains(statuses[1], new[] { HttpStatusCode.Conflict, HttpStatusCode.Forbidden });
        Assert.Single(members, m => m.Role == "owner");
    }

    [Fact]
    public async Task Bad_member_input_is_a_problem_naming_the_field()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(factory, "admin");

        var badRole = await admin.Client.PostAsJsonAsync("/api/identity/members", new { email = "someone@versatilehub.test", role = "boss" });
        var weakPassword = await admin.Client.PostAsJsonAsync("/api/identity/members", new { email = "someone@versatilehub.test", role = "agent", password = "short1" });
        var noDigit = await admin.Client.PostAsJsonAsync("/api/identity/members", new { email = "someone@versatilehub.test", role = "agent", password = "only-letters-here" });
        var unknown = await admin.Client.PutAsJsonAsync("/api/identity/members/999999", new { role = "agent" });

        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.True((await badRole.ProblemAsync()).GetProperty("errors").TryGetProperty("role", out _));
        Assert.True((await weakPassword.ProblemAsync()).GetProperty("errors").TryGetProperty("password", out _));
        Assert.True((await noDigit.ProblemAsync()).GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_user_founds_a_tenant_and_owns_it()
    {
        using var owner = await HubApi.SignInWithCookieAsync(factory);

        var founded = await (await owner.PostAsJsonAsync("/api/identity/tenants", new { name = "Café Central", timeZone = "Europe/Madrid" })).ReadAsync<TenantResponse>();
        var again = await (await owner.PostAsJsonAsync("/api/identity/tenants", new { name = "Café Central" })).ReadAsync<TenantResponse>();
        var badZone = await owner.PostAsJsonAsync("/api/identity/tenants", new { name = "Elsewhere", timeZone = "Mars/Olympus" });
        var mine = await (await owner.GetAsync("/api/identity/tenants")).ReadAsync<List<TenantResponse>>();

        Assert.Equal(("cafe-central", "Europe/Madrid", "owner"), (founded.Slug, founded.TimeZone, founded.Role));
        Assert.Equal("cafe-central-2", again.Slug);
        Assert.Equal(HttpStatusCode.BadRequest, badZone.StatusCode);
        Assert.Contains(mine, t => t.Id == founded.Id);
        Assert.True(await TenantCreatedIsPublishedAsync(founded.Id), "tenant.created reaches the hub's event stream");
    }

    private async Task<bool> TenantCreatedIsPublishedAsync(int tenantId)
    {
        var stream = factory.Redis.KeyPrefix + "events:hub";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var entries = await factory.Redis.Database.StreamRangeAsync(stream);
            if (entries.Any(e => (string?)e["type"] == "tenant.created"
                && IntegrationEvent.FromJson((string)e["event"]!).Subject == tenantId.ToString(CultureInfo.InvariantCulture)))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    [Fact]
    public async Task A_user_of_several_tenants_chooses_which_one_the_cookie_acts_for()
    {
        using var owner = await HubApi.SignInWithCookieAsync(factory);
        var first = (await (await owner.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).TenantId;
        var founded = await (await owner.PostAsJsonAsync("/api/identity/tenants", new { name = "Sucursal Norte" })).ReadAsync<TenantResponse>();

        var chosen = await owner.PutAsJsonAsync("/api/identity/tenants/current", new { tenantId = founded.Id });
        var now = (await (await owner.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).TenantId;
        var byHeader = await (await owner.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/identity/me").ForTenant(first))).ReadAsync<MeResponse>();
        var notMine = await owner.PutAsJsonAsync("/api/identity/tenants/current", new { tenantId = 999999 });

        Assert.Equal(HttpStatusCode.NoContent, chosen.StatusCode);
        Assert.Equal(founded.Id, now);
        Assert.Equal(first, byHeader.TenantId);
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
    }
}
