using System.Net.Http.Json;
using System.Text.Json;
using static VersatileHub.Tests.Fakes.OpenAi.FakeOpenAi;

namespace VersatileHub.Tests.Agent;

/// <summary>The deployment's model (the client profile's <c>model</c>): what a tenant without a profile of its own answers with.</summary>
public sealed class SuiteModelTests(SuiteModelTests.World world) : IClassFixture<SuiteModelTests.World>
{
    public const string DeploymentModel = "deployment-model";

    public sealed class World : IAsyncLifetime
    {
        public AgentWorld Inner { get; } = new()
        {
            AgentSettings = model => new Dictionary<string, string>
            {
                ["Agent:Model:Endpoint"] = model.Endpoint,
                ["Agent:Model:Name"] = DeploymentModel,
                ["Parameters:model-api-key"] = "sk-deployment",
            },
        };

        public Task InitializeAsync() => Inner.InitializeAsync();

        public Task DisposeAsync() => Inner.DisposeAsync();
    }

    private AgentWorld W => world.Inner;

    [Fact]
    public async Task A_tenant_without_a_profile_answers_with_the_deployments_model_and_its_tools()
    {
        (await W.Admin.Client.PostAsJsonAsync("/api/catalog/products", new { name = "Zapatilla Trail", price = 90000, currency = "ARS" })).EnsureSuccessStatusCode();
        W.Model.Script(DeploymentModel,
            Answer.Call("search_products", new { query = "zapatilla" }),
            Answer.Say("Tenemos la Zapatilla Trail a $90.000."));

        var (conversation, _, _) = await W.CustomerWritesAsync("suite-model-1", "¿Tienen zapatillas?");

        var replies = await Eventually.ThatAsync(() => W.BotRepliesAsync(conversation), r => r.Count > 0);
        Assert.Equal("Tenemos la Zapatilla Trail a $90.000.", replies[0].GetProperty("content").GetString());
        Assert.Equal("Bearer sk-deployment", W.Model.Authorizations[DeploymentModel]);
        var toolResult = W.Model.RequestsFor(DeploymentModel)[^1]["messages"]!.AsArray().Last()!;
        Assert.Contains("Zapatilla Trail", toolResult.ToJsonString());
    }

    [Fact]
    public async Task The_status_says_the_bot_answers_with_the_deployments_model_until_the_tenant_has_its_own()
    {
        var before = await W.B.GetFromJsonAsync<JsonElement>("/api/agent/status");
        Assert.True(before.GetProperty("enabled").GetBoolean());
        Assert.Equal("suite", before.GetProperty("source").GetString());
        Assert.Contains(DeploymentModel, before.GetProperty("primary").GetString());

        (await W.B.PostAsJsonAsync("/api/agent/profiles", new { role = "primary", name = "Propio", endpoint = W.Model.Endpoint, model = "own-model" }))
            .EnsureSuccessStatusCode();

        var after = await W.B.GetFromJsonAsync<JsonElement>("/api/agent/status");
        Assert.Equal("tenant", after.GetProperty("source").GetString());
        Assert.Contains("own-model", after.GetProperty("primary").GetString());
    }
}
