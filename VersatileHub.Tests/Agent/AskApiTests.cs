using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Data;
using VersatileHub.Tests.Hub.Identity;
using static VersatileHub.Tests.Fakes.OpenAi.FakeOpenAi;

namespace VersatileHub.Tests.Agent;

/// <summary>The internal API Flow's "ask agent" node calls, and the catalog cache behind the tools.</summary>
public sealed class AskApiTests(AskApiTests.World world) : IClassFixture<AskApiTests.World>
{
    public sealed class World : IAsyncLifetime
    {
        public AgentWorld Inner { get; } = new();

        public async Task InitializeAsync()
        {
            await Inner.InitializeAsync();
            await Inner.ConfigureModelsAsync();
        }

        public Task DisposeAsync() => Inner.DisposeAsync();
    }

    private AgentWorld W => world.Inner;

    [Fact]
    public async Task Ask_answers_with_the_reply_parts_and_the_tool_calls_made()
    {
        var image = W.Model.ImageUrl("mochila.png");
        (await W.Admin.Client.PostAsJsonAsync("/api/catalog/products", new { name = "Mochila Urbana", price = 30000, currency = "ARS", images = new[] { image } }))
            .EnsureSuccessStatusCode();
        W.Model.Script(AgentWorld.Primary,
            Answer.Call("search_products", new { query = "mochila" }),
            Answer.Say($"Tenemos la Mochila Urbana.\n![Mochila Urbana]({image})"));
        using var flow = W.Service(W.TenantA);

        var response = await flow.PostAsJsonAsync("/api/agent/ask", new { tenant = W.TenantA, prompt = "¿Qué mochilas hay?" });

        var answer = await response.ReadAsync<JsonElement>();
        var reply = answer.GetProperty("reply");
        Assert.Equal("ok", reply.GetProperty("status").GetString());
        Assert.True(reply.GetProperty("send").GetBoolean());
        var parts = reply.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal((1, 2, "Tenemos la Mochila Urbana."), (parts[0].GetProperty("part").GetInt32(), parts[0].GetProperty("total").GetInt32(), parts[0].GetProperty("text").GetString()));
        Assert.Equal(image, parts[1].GetProperty("imageUrl").GetString());
        Assert.Equal("Mochila Urbana", parts[1].GetProperty("caption").GetString());
        var call = Assert.Single(answer.GetProperty("toolCalls").EnumerateArray());
        Assert.Equal("search_products", call.GetProperty("tool").GetString());
        Assert.Equal("ok", call.GetProperty("status").GetString());
        Assert.Equal(AgentWorld.Primary, answer.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Ask_refuses_a_tenant_other_than_the_callers_and_an_empty_prompt()
    {
        using var flow = W.Service(W.TenantA);

        var response = await flow.PostAsJsonAsync("/api/agent/ask", new { tenant = W.Intruder.TenantId, prompt = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("tenant", out _));
        Assert.True(errors.TryGetProperty("prompt", out _));
    }

    [Fact]
    public async Task Ask_for_a_tenant_without_a_profile_says_the_bot_is_off()
    {
        using var flow = W.Service(W.Intruder.TenantId);

        var response = await flow.PostAsJsonAsync("/api/agent/ask", new { tenant = W.Intruder.TenantId, prompt = "Hola" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("The bot is off", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Catalog_answers_are_cached_until_a_catalog_event_says_the_catalog_changed()
    {
        var product = await (await W.Admin.Client.PostAsJsonAsync("/api/catalog/products", new { name = "Gorra Roja", price = 9000, currency = "ARS" }))
            .ReadAsync<JsonElement>();
        var id = product.GetProperty("id").GetInt32();
        using var flow = W.Service(W.TenantA);
        async Task<string> SearchAsync()
        {
            W.Model.Script(AgentWorld.Primary, Answer.Call("search_products", new { query = "gorra" }), Answer.Say("Listo."));
            (await flow.PostAsJsonAsync("/api/agent/ask", new { tenant = W.TenantA, prompt = "¿Hay gorras?" })).EnsureSuccessStatusCode();
            return W.Model.RequestsFor(AgentWorld.Primary)[^1]["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "tool")!["content"]!.GetValue<string>();
        }

        Assert.Contains("9000 ARS", await SearchAsync(), StringComparison.Ordinal);
        // A change behind the Hub's back (no event) is not seen while the answer is cached...
        await using (var scope = W.Hub.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HubDbContext>().Database.ExecuteSqlInterpolatedAsync($"UPDATE products SET price = 9500 WHERE id = {id}");
        }
        Assert.Contains("9000 ARS", await SearchAsync(), StringComparison.Ordinal);
        // ...and a change through the Hub's API publishes product.updated, which clears the tenant's cached answers.
        (await W.Admin.Client.PutAsJsonAsync($"/api/catalog/products/{id}", new { name = "Gorra Roja", price = 9900, currency = "ARS" })).EnsureSuccessStatusCode();
        await Eventually.ThatAsync(SearchAsync, result => result.Contains("9900 ARS", StringComparison.Ordinal));
    }
}
