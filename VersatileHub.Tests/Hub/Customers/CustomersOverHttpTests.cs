using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Customers;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Customers;

/// <summary>The customer routes called over HTTP by members signed in with their access tokens, as the web app and the agent call them.</summary>
public sealed class CustomersOverHttpTests(HubFactory hub) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task An_agent_creates_a_customer_and_the_phone_is_stored_in_international_form()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");

        var creating = await agent.Client.PostAsJsonAsync("/api/customers", new { name = "Lucía Fernández", phones = new[] { "011 15-4444-5555" } });
        var created = await creating.ReadAsync<CustomerView>();
        var read = await (await agent.Client.GetAsync($"/api/customers/{created.Id}")).ReadAsync<CustomerView>();

        Assert.Equal(HttpStatusCode.Created, creating.StatusCode);
        Assert.Equal($"/api/customers/{created.Id}", creating.Headers.Location?.OriginalString);
        Assert.Equal(["+5491144445555"], created.Phones);
        Assert.Equal("Lucía Fernández", read.Name);
        Assert.Equal(["+5491144445555"], read.Phones);
    }

    [Fact]
    public async Task An_invalid_phone_is_a_400_problem_naming_the_phone()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");

        var response = await agent.Client.PostAsJsonAsync("/api/customers", new { name = "Lucía", phones = new[] { "no es un teléfono" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("phones[0]", out _), "No error for phones[0].");
        Assert.Equal(0, (await ListAsync(agent.Client)).Total);
    }

    [Fact]
    public async Task A_phone_another_customer_of_the_tenant_has_is_a_409_problem()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        await CreateAsync(agent.Client, "Lucía", "011 15-4444-5555");

        var duplicate = await agent.Client.PostAsJsonAsync("/api/customers", new { name = "Otra Lucía", phones = new[] { "+54 9 11 4444-5555" } });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        await duplicate.ProblemAsync();
        Assert.Equal(1, (await ListAsync(agent.Client)).Total);
    }

    [Fact]
    public async Task A_search_by_the_phone_written_another_way_finds_the_customer()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var customer = await CreateAsync(agent.Client, "Lucía", "011 15-4444-5555");
        await CreateAsync(agent.Client, "Martina", "011 15-6666-7777");

        var found = await ListAsync(agent.Client, "+54 9 11 4444-5555");

        Assert.Equal(customer.Id, Assert.Single(found.Items).Id);
    }

    [Fact]
    public async Task A_viewer_reads_and_searches_customers_but_may_not_create_one()
    {
        var viewer = await HubApi.CreateTenantWithMemberAsync(hub, "viewer");
        using var owner = await HubApi.SignInWithCookieAsync(hub, tenantId: viewer.TenantId);
        var customer = await CreateAsync(owner, "Lucía", "011 15-4444-5555");

        var read = await (await viewer.Client.GetAsync($"/api/customers/{customer.Id}")).ReadAsync<CustomerView>();
        var found = await ListAsync(viewer.Client, "lucia");
        var create = await viewer.Client.PostAsJsonAsync("/api/customers", new { name = "Martina" });

        Assert.Equal("Lucía", read.Name);
        Assert.Equal(customer.Id, Assert.Single(found.Items).Id);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(1, (await ListAsync(viewer.Client)).Total);
    }

    [Fact]
    public async Task Without_a_token_every_customer_route_is_401()
    {
        using var anonymous = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/customers/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/customers", new { name = "Lucía" })).StatusCode);
    }

    [Fact]
    public async Task Another_tenant_neither_reads_nor_finds_the_customer()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var stranger = await HubApi.CreateTenantWithMemberAsync(hub, "admin");
        var customer = await CreateAsync(agent.Client, "Lucía", "011 15-4444-5555");

        var read = await stranger.Client.GetAsync($"/api/customers/{customer.Id}");
        var update = await stranger.Client.PutAsJsonAsync($"/api/customers/{customer.Id}", new { name = "Robada", version = customer.Version });
        var delete = await stranger.Client.DeleteAsync($"/api/customers/{customer.Id}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Empty((await ListAsync(stranger.Client, "+5491144445555")).Items);
        Assert.Empty((await ListAsync(stranger.Client, "Lucía")).Items);
        Assert.Equal("Lucía", (await (await agent.Client.GetAsync($"/api/customers/{customer.Id}")).ReadAsync<CustomerView>()).Name);
    }

    [Fact]
    public async Task An_update_made_from_a_stale_version_is_a_409_problem_and_changes_nothing()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var customer = await CreateAsync(agent.Client, "Lucía", "011 15-4444-5555");

        var first = await agent.Client.PutAsJsonAsync($"/api/customers/{customer.Id}", new { name = "Lucía Fernández", version = customer.Version });
        var stale = await agent.Client.PutAsJsonAsync($"/api/customers/{customer.Id}", new { name = "Lucía Gómez", version = customer.Version });

        Assert.Equal("Lucía Fernández", (await first.ReadAsync<CustomerView>()).Name);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        await stale.ProblemAsync();
        Assert.Equal("Lucía Fernández", (await (await agent.Client.GetAsync($"/api/customers/{customer.Id}")).ReadAsync<CustomerView>()).Name);
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_problem_not_a_500()
    {
        var agent = await HubApi.CreateTenantWithMemberAsync(hub, "agent");
        var customer = await CreateAsync(agent.Client, "Lucía", "011 15-4444-5555");

        var create = await agent.Client.PostAsync("/api/customers", Json("{"));
        var update = await agent.Client.PutAsync($"/api/customers/{customer.Id}", Json("{"));

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        await create.ProblemAsync();
        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        await update.ProblemAsync();
        Assert.Equal(1, (await ListAsync(agent.Client)).Total);
    }

    private static async Task<CustomerView> CreateAsync(HttpClient client, string name, string phone) =>
        await (await client.PostAsJsonAsync("/api/customers", new { name, phones = new[] { phone } })).ReadAsync<CustomerView>();

    private static async Task<Page<CustomerView>> ListAsync(HttpClient client, string? search = null) =>
        await (await client.GetAsync(search is null ? "/api/customers" : $"/api/customers?q={Uri.EscapeDataString(search)}")).ReadAsync<Page<CustomerView>>();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
