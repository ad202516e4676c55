using System.Net;
using System.Text.Json;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Services;

/// <summary>Every service starts against its own migrated database and Redis and says so on <c>/health</c>.</summary>
public abstract class ServiceShellSpec<TFactory>(TFactory factory, params string[] dependencies) where TFactory : IServiceFactory
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Health_lists_each_dependency_as_healthy()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var checks = report.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        foreach (var dependency in dependencies)
        {
            Assert.Equal("Healthy", checks[dependency]);
        }
    }

    [Fact]
    public async Task Alive_answers_without_checking_dependencies()
    {
        var response = await _client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["self"], report.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Unknown_route_answers_404_as_problem_details()
    {
        var response = await _client.GetAsync("/no-such-route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class HubShellTests(HubFactory factory) : ServiceShellSpec<HubFactory>(factory, "hubdb", "redis"), IClassFixture<HubFactory>;

public sealed class ChatShellTests(ChatFactory factory) : ServiceShellSpec<ChatFactory>(factory, "chatdb", "redis"), IClassFixture<ChatFactory>;

public sealed class AgentShellTests(AgentFactory factory) : ServiceShellSpec<AgentFactory>(factory, "agentdb", "redis"), IClassFixture<AgentFactory>;

public sealed class WhatsAppShellTests(WhatsAppFactory factory) : ServiceShellSpec<WhatsAppFactory>(factory, "redis"), IClassFixture<WhatsAppFactory>;

public sealed class FlowShellTests(FlowFactory factory) : ServiceShellSpec<FlowFactory>(factory, "flowdb", "redis"), IClassFixture<FlowFactory>;
