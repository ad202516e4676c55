using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Fakes.OpenAi;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Agent;

public sealed class ProfilesApiTests(AgentWorld world) : IClassFixture<AgentWorld>
{
    [Fact]
    public async Task Without_a_profile_the_bot_is_off_and_the_status_says_why_and_how_to_configure_it()
    {
        var status = await world.B.GetFromJsonAsync<JsonElement>("/api/agent/status");

        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.Contains("no hay un modelo configurado", status.GetProperty("reason").GetString());
        Assert.Contains("no model is configured", status.GetProperty("reason").GetString());
        Assert.Contains("POST /api/agent/profiles", status.GetProperty("howToConfigure").GetString());
    }

    [Fact]
    public async Task A_profile_keeps_its_api_key_secret_and_turns_the_bot_on()
    {
        var created = await world.A.PostAsJsonAsync("/api/agent/profiles", new
        {
            name = "Principal", endpoint = world.Model.Endpoint + "/", model = "gpt-4o-mini", apiKey = "sk-very-secret",
            temperature = 0.5, maxTokens = 500, persona = "Hablás de vos, informal.", language = "es",
            enabledTools = new[] { "search_products", "handoff_to_human" }, businessHours = "Lunes a viernes de 9 a 18",
            handoffRules = new[] { "el cliente está enojado" },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sk-very-secret", text, StringComparison.Ordinal);
        var profile = JsonDocument.Parse(text).RootElement;
        Assert.True(profile.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal("primary", profile.GetProperty("role").GetString());
        Assert.Equal(world.Model.Endpoint, profile.GetProperty("endpoint").GetString());
        var listed = await world.A.GetStringAsync("/api/agent/profiles");
        Assert.DoesNotContain("sk-very-secret", listed, StringComparison.Ordinal);
        var status = await world.A.GetFromJsonAsync<JsonElement>("/api/agent/status");
        Assert.True(status.GetProperty("enabled").GetBoolean());

        // Leaving the key out of an update keeps it; an empty key removes it.
        var id = profile.GetProperty("id").GetInt32();
        var kept = await (await world.A.PutAsJsonAsync($"/api/agent/profiles/{id}", new { name = "Principal", endpoint = world.Model.Endpoint, model = "gpt-4o" }))
            .ReadAsync<JsonElement>();
        Assert.True(kept.GetProperty("hasApiKey").GetBoolean());
        var removed = await (await world.A.PutAsJsonAsync($"/api/agent/profiles/{id}", new { name = "Principal", endpoint = world.Model.Endpoint, model = "gpt-4o", apiKey = "" }))
            .ReadAsync<JsonElement>();
        Assert.False(removed.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await world.A.DeleteAsync($"/api/agent/profiles/{id}")).StatusCode);
    }

    [Fact]
    public async Task Bad_profile_input_is_a_400_naming_each_field()
    {
        var response = await world.A.PostAsJsonAsync("/api/agent/profiles", new
        {
            role = "backup", name = "", endpoint = "ftp://models", model = "", temperature = 3.5, maxTokens = 0, language = "fr",
            enabledTools = new[] { "run_shell" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "role", "name", "endpoint", "model", "temperature", "maxTokens", "language", "enabledTools" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }
        Assert.Contains("run_shell", errors.GetProperty("enabledTools")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await world.A.PostAsync("/api/agent/profiles", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task A_second_primary_profile_is_a_conflict()
    {
        var first = await world.B.PostAsJsonAsync("/api/agent/profiles", new { name = "Uno", endpoint = world.Model.Endpoint, model = "m1" });
        var second = await world.B.PostAsJsonAsync("/api/agent/profiles", new { name = "Dos", endpoint = world.Model.Endpoint, model = "m2" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("primary", await second.Content.ReadAsStringAsync());
        await world.B.DeleteAsync($"/api/agent/profiles/{(await first.ReadAsync<JsonElement>()).GetProperty("id").GetInt32()}");
    }

    [Fact]
    public async Task Another_tenants_profile_cannot_be_read_changed_tested_or_deleted()
    {
        var mine = await (await world.A.PostAsJsonAsync("/api/agent/profiles", new { role = "fallback", name = "De A", endpoint = world.Model.Endpoint, model = "a-model", apiKey = "sk-a" }))
            .ReadAsync<JsonElement>();
        var id = mine.GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NotFound, (await world.B.GetAsync($"/api/agent/profiles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.PutAsJsonAsync($"/api/agent/profiles/{id}", new { name = "Robado", endpoint = world.Model.Endpoint, model = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.PostAsync($"/api/agent/profiles/{id}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.B.DeleteAsync($"/api/agent/profiles/{id}")).StatusCode);
        Assert.DoesNotContain("De A", await world.B.GetStringAsync("/api/agent/profiles"), StringComparison.Ordinal);
        Assert.Equal("De A", (await world.A.GetFromJsonAsync<JsonElement>($"/api/agent/profiles/{id}")).GetProperty("name").GetString());
        await world.A.DeleteAsync($"/api/agent/profiles/{id}");
    }

    [Fact]
    public async Task Profiles_need_an_admin_and_the_ask_api_needs_a_service()
    {
        var agent = AgentWorld.With(world.Agent.CreateClient(), await Infrastructure.HubApi.CreateTenantWithMemberAsync(world.Hub, "agent"));
        using var anonymous = world.Agent.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/agent/profiles")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/agent/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/agent/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.A.PostAsJsonAsync("/api/agent/ask", new { tenant = world.TenantA, prompt = "hola" })).StatusCode);
    }

    [Fact]
    public async Task Test_model_says_what_the_endpoint_answered_or_why_it_failed()
    {
        var profile = await (await world.A.PostAsJsonAsync("/api/agent/profiles", new { name = "Prueba", endpoint = world.Model.Endpoint, model = "test-model", apiKey = "sk-t" }))
            .ReadAsync<JsonElement>();
        var id = profile.GetProperty("id").GetInt32();
        world.Model.Script("test-model", FakeOpenAi.Answer.Say("ok"), FakeOpenAi.Answer.Fail(500, "overloaded"));

        var ok = await (await world.A.PostAsync($"/api/agent/profiles/{id}/test", null)).ReadAsync<JsonElement>();
        var failed = await (await world.A.PostAsync($"/api/agent/profiles/{id}/test", null)).ReadAsync<JsonElement>();

        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Equal("ok", ok.GetProperty("answer").GetString());
        Assert.Equal("Bearer sk-t", world.Model.Authorizations["test-model"]);
        Assert.False(failed.GetProperty("ok").GetBoolean());
        Assert.Contains("500", failed.GetProperty("error").GetString());
        await world.A.DeleteAsync($"/api/agent/profiles/{id}");
    }
}
