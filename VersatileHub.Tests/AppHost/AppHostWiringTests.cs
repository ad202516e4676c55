using Microsoft.Extensions.Options;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.Tests.AppHost;

public sealed class AppHostWiringTests
{
    private const int PortOffset = 1000;

    private static readonly EnvironmentContext Context = new(
        new Dictionary<string, string>
        {
            ["postgres-password"] = "pg-secret",
            ["redis-password"] = "redis-secret",
            ["admin-email"] = "owner@example.com",
            ["admin-password"] = "owner-secret-1",
            ["service-token-chat"] = "chat-token",
            ["service-token-agent"] = "agent-token",
            ["service-token-whatsapp"] = "whatsapp-token",
            ["service-token-flow"] = "flow-token",
            ["model-api-key"] = "model-key",
            ["erp-admin-password"] = "erp-admin",
            ["erp-db-password"] = "erp-db-secret",
        },
        EnvironmentName: "Development",
        OtlpEndpoint: null);

    [Fact]
    public async Task Chat_gets_its_database_redis_and_the_hub_address_in_Aspire_conventions()
    {
        await using var app = SuiteModel.Build(PortOffset);

        var environment = EnvironmentOf(app, "chat");

        Assert.Equal("Host=127.0.0.1;Port=16432;Username=postgres;Password=pg-secret;Database=chatdb", environment["ConnectionStrings__chatdb"]);
        Assert.Equal("127.0.0.1:17379,password=redis-secret", environment["ConnectionStrings__redis"]);
        Assert.Equal("http://127.0.0.1:6101", environment["services__hub__http__0"]);
        Assert.Equal("http://127.0.0.1:6102", environment["ASPNETCORE_URLS"]);
        Assert.Equal("chat", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("Development", environment["DOTNET_ENVIRONMENT"]);
    }

    [Fact]
    public async Task Only_the_hub_gets_the_first_owners_credentials_as_parameters()
    {
        await using var app = SuiteModel.Build(PortOffset);

        var hub = EnvironmentOf(app, "hub");
        Assert.Equal("owner@example.com", hub["Parameters__admin-email"]);
        Assert.Equal("owner-secret-1", hub["Parameters__admin-password"]);
        Assert.DoesNotContain("Parameters__admin-password", EnvironmentOf(app, "chat").Keys);
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("agent")]
    [InlineData("whatsapp")]
    [InlineData("flow")]
    public async Task Each_service_gets_its_own_service_token_and_the_hub_knows_whose_it_is(string service)
    {
        await using var app = SuiteModel.Build(PortOffset);

        Assert.Equal($"{service}-token", EnvironmentOf(app, service)["Parameters__service-token"]);
        Assert.Equal($"{service}-token", EnvironmentOf(app, "hub")[$"Parameters__service-token-{service}"]);
        Assert.DoesNotContain("Parameters__service-token", EnvironmentOf(app, "hub").Keys);
    }

    [Fact]
    public async Task Chat_does_not_get_another_services_database()
    {
        await using var app = SuiteModel.Build(PortOffset);

        var environment = EnvironmentOf(app, "chat");

        Assert.DoesNotContain("ConnectionStrings__hubdb", environment.Keys);
        Assert.DoesNotContain("ConnectionStrings__agentdb", environment.Keys);
        Assert.DoesNotContain("ConnectionStrings__flowdb", environment.Keys);
    }

    [Theory]
    [InlineData("hub", "hubdb redis", "agent chat erp flow")]
    [InlineData("chat", "chatdb redis", "agent hub")]
    [InlineData("agent", "agentdb redis", "chat hub")]
    [InlineData("whatsapp", "redis", "chat")]
    [InlineData("flow", "flowdb redis", "agent chat hub")]
    public async Task Each_service_gets_exactly_the_connections_and_services_it_references(string service, string connections, string services)
    {
        await using var app = SuiteModel.Build(PortOffset);

        var environment = EnvironmentOf(app, service);

        Assert.Equal(Words(connections), Names(environment, "ConnectionStrings__", ""));
        Assert.Equal(Words(services), Names(environment, "services__", "__http__0"));
    }

    [Theory]
    [InlineData("hub", "hubdb redis")]
    [InlineData("chat", "chatdb hub redis")]
    [InlineData("agent", "agentdb chat hub redis")]
    [InlineData("whatsapp", "chat redis")]
    [InlineData("flow", "agent chat flowdb hub redis")]
    public async Task Each_service_waits_for_the_resources_it_needs_to_start(string service, string waits)
    {
        await using var app = SuiteModel.Build(PortOffset);

        var project = app.Model.GetResource<ProjectResource>(service);

        Assert.Equal(Words(waits), project.GetWaits().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ports_are_the_defaults_moved_by_the_port_offset()
    {
        await using var app = SuiteModel.Build(portOffset: 7);

        Assert.Equal(
            ["postgres 15439", "redis 16386", "hub 5108", "chat 5109", "agent 5110", "whatsapp 5111", "flow 5112"],
            app.Model.Resources.Where(r => r is not ContainerResource and not MySqlServerResource).SelectMany(r => r.GetEndpoints().Select(e => $"{r.Name} {e.AllocatedEndpoint!.Port}")));
    }

    [Fact]
    public async Task Services_send_telemetry_to_the_AppHosts_OTLP_endpoint_only_when_it_has_one()
    {
        await using var app = SuiteModel.Build(PortOffset);
        var chat = app.Model.GetResource<ProjectResource>("chat");

        Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", chat.GetEnvironment(Context).Keys);
        Assert.Equal(
            "http://127.0.0.1:4317",
            chat.GetEnvironment(Context with { OtlpEndpoint = "http://127.0.0.1:4317" })["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    [Fact]
    public async Task A_local_run_keeps_Chats_attachments_in_its_data_directory_never_in_the_source_tree()
    {
        await using var app = SuiteModel.Build(PortOffset);
        var chat = app.Model.GetResource<ProjectResource>("chat");

        var environment = chat.GetEnvironment(Context with { DataDirectory = "/srv/versatilehub" });

        Assert.Equal("/srv/versatilehub/chat-data/attachments", environment["Attachments__LocalPath"]);
    }

    [Fact]
    public async Task Only_hub_chat_and_agent_and_the_ERP_front_end_have_external_http_endpoints()
    {
        await using var app = SuiteModel.Build(PortOffset);

        var external = app.Model.Resources.OfType<ProjectResource>()
            .Where(p => p.GetEndpoints().Any(e => e.IsExternal))
            .Select(p => p.Name);

        Assert.Equal(["hub", "chat", "agent"], external);
        Assert.Equal(["erp"], app.Model.Resources.OfType<ContainerResource>().Where(c => c.GetEndpoints().Any(e => e.IsExternal)).Select(c => c.Name));
    }

    [Fact]
    public void A_port_offset_that_pushes_ports_past_65535_fails_at_build_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SuiteModel.Build(portOffset: 60000));

        Assert.Contains("PortOffset", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyDictionary<string, string> EnvironmentOf(DistributedApplication app, string service) =>
        app.Model.GetResource<ProjectResource>(service).GetEnvironment(Context);

    private static string[] Words(string words) => words.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> Names(IReadOnlyDictionary<string, string> environment, string prefix, string suffix) =>
        environment.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.EndsWith(suffix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..^suffix.Length])
            .Order(StringComparer.Ordinal);
}
