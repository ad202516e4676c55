using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Services;

/// <summary>
/// Every service starts against its own migrated database and Redis and says so on <c>/health</c>, and lets no one in
/// without credentials except on the anonymous allow-list: <c>/alive</c>, <c>/health</c> and the routes the service names
/// (signature-checked webhooks, the sign-in pages).
/// </summary>
public abstract class ServiceShellSpec<TFactory>(TFactory factory, string[] dependencies, string[]? anonymousRoutes = null) where TFactory : IServiceFactory
{
    private static readonly string[] HealthRoutes = ["GET /alive", "GET /health"];

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Every_route_off_the_anonymous_allow_list_refuses_a_caller_without_credentials()
    {
        var allowed = HealthRoutes.Concat(anonymousRoutes ?? []).ToHashSet();
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var admitted = new List<string>();
        var openlyMarked = new List<string>();

        foreach (var (method, endpoint) in MappedRoutes())
        {
            var route = $"{method} {endpoint.RoutePattern.RawText}";
            if (allowed.Contains(route))
            {
                continue;
            }
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                openlyMarked.Add(route);
            }
            using var request = new HttpRequestMessage(new HttpMethod(method), SamplePath(endpoint.RoutePattern));
            using var response = await anonymous.SendAsync(request);
            if (!RefusesTheStranger(response))
            {
                admitted.Add($"{route} → {(int)response.StatusCode}");
            }
        }

        Assert.True(openlyMarked.Count == 0, $"Anonymous but not on the allow-list:\n  {string.Join("\n  ", openlyMarked)}");
        Assert.True(admitted.Count == 0, $"Answered a caller without credentials:\n  {string.Join("\n  ", admitted)}");
    }

    [Fact]
    public void The_anonymous_allow_list_names_only_mapped_routes()
    {
        var mapped = MappedRoutes().Select(r => $"{r.Method} {r.Endpoint.RoutePattern.RawText}").ToHashSet();

        Assert.All(HealthRoutes.Concat(anonymousRoutes ?? []), route => Assert.Contains(route, mapped));
    }

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

    private IEnumerable<(string Method, RouteEndpoint Endpoint)> MappedRoutes() =>
        factory.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (method, e)))
            .DistinctBy(r => $"{r.method} {r.e.RoutePattern.RawText}");

    /// <summary>A 401, or a page's redirect to the Hub's sign-in.</summary>
    private static bool RefusesTheStranger(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found
            && response.Headers.Location?.ToString().Contains("/account/login", StringComparison.Ordinal) == true);

    /// <summary>A path that matches the pattern: numbers for integer parameters, a new id for guid ones, a word otherwise.</summary>
    private static string SamplePath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => SampleValue(parameter),
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "x",
        }))));

    private static string SampleValue(RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Select(p => p.Content).FirstOrDefault() switch
        {
            "int" or "long" => "1",
            "guid" => Guid.NewGuid().ToString(),
            _ => "x",
        };
}

public sealed class HubShellTests(HubFactory factory)
    : ServiceShellSpec<HubFactory>(factory, ["hubdb", "redis"],
        ["GET /account/login", "POST /account/login", "GET /account/logout", "POST /account/logout", "POST /api/identity/sign-in", "POST /api/identity/sign-out"]), IClassFixture<HubFactory>;

public sealed class ChatShellTests(ChatFactory factory) : ServiceShellSpec<ChatFactory>(factory, ["chatdb", "redis"]), IClassFixture<ChatFactory>;

public sealed class AgentShellTests(AgentFactory factory) : ServiceShellSpec<AgentFactory>(factory, ["agentdb", "redis"]), IClassFixture<AgentFactory>;

public sealed class WhatsAppShellTests(WhatsAppFactory factory)
    : ServiceShellSpec<WhatsAppFactory>(factory, ["redis"],
        ["POST /webhooks/ycloud/{inboxKey}", "GET /webhooks/meta/{inboxKey}", "POST /webhooks/meta/{inboxKey}"]), IClassFixture<WhatsAppFactory>;

// A workflow's webhook answers any method; the node checks its own secret header or HMAC when it has one, as n8n's does.
public sealed class FlowShellTests(FlowFactory factory)
    : ServiceShellSpec<FlowFactory>(factory, ["flowdb", "redis"], ["GET /hooks/{tenant:int}/{**path}"]), IClassFixture<FlowFactory>;
