using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Topology;

/// <summary>
/// A published deployment's telemetry: the standalone Aspire Dashboard receives every service's OTLP (with an API key)
/// and shows it behind browser-token sign-in. It is on <c>shared</c> only: reached from inside, through a port-forward or
/// an SSH tunnel, never by a public route.
/// </summary>
internal static class TelemetryDashboard
{
    public const string Name = "aspire-dashboard";
    private const int OtlpPort = 18889;

    public static void AddTelemetryDashboard(this DistributedApplicationBuilder builder, SuiteNetworks networks)
    {
        var browserToken = builder.AddParameter("dashboard-browser-token", secret: true);
        var otlpApiKey = builder.AddParameter("dashboard-otlp-api-key", secret: true);
        builder.AddContainer(Name, "mcr.microsoft.com/dotnet/aspire-dashboard", "9.5")
            .WithHttpEndpoint(18888, 18888)
            .WithEndpoint(OtlpPort, OtlpPort, "otlp", "http")
            .WithNetwork(networks.Shared)
            .WithEnvironment("DASHBOARD__FRONTEND__AUTHMODE", "BrowserToken")
            .WithEnvironment("DASHBOARD__FRONTEND__BROWSERTOKEN", browserToken)
            .WithEnvironment("DASHBOARD__OTLP__AUTHMODE", "ApiKey")
            .WithEnvironment("DASHBOARD__OTLP__PRIMARYAPIKEY", otlpApiKey)
            .WithLimits(0.5, 512);

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            new ResourceBuilder<ProjectResource>(builder, project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://{Name}:{OtlpPort}")
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .WithEnvironment("OTEL_EXPORTER_OTLP_HEADERS", otlpApiKey.Resource, "x-otlp-api-key=");
        }
    }
}
