using System.Diagnostics;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Telemetry;

namespace VersatileHub.AppHost.Topology;

/// <summary>
/// The standalone Aspire Dashboard. In a local run where a container engine answers, it runs through <c>docker run</c> (an
/// executable) on loopback and the AppHost relays to it what its own OTLP receiver gets; it prints its login URL in its log.
/// A published deployment's telemetry: the standalone Aspire Dashboard receives every service's OTLP (with an API key)
/// and shows it behind browser-token sign-in. It is on <c>shared</c> only: reached from inside, through a port-forward or
/// an SSH tunnel, never by a public route.
/// </summary>
internal static class TelemetryDashboard
{
    public const string Name = "aspire-dashboard";
    private const int OtlpPort = 18889;
    private const int OtlpHttpPort = 18890;
    private const string Image = "mcr.microsoft.com/dotnet/aspire-dashboard";
    private const string ImageTag = "9.5";

    public static void AddTelemetryDashboard(this DistributedApplicationBuilder builder, SuiteNetworks networks)
    {
        var browserToken = builder.AddParameter("dashboard-browser-token", secret: true);
        var otlpApiKey = builder.AddParameter("dashboard-otlp-api-key", secret: true);
        builder.AddContainer(Name, Image, ImageTag)
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

    /// <summary>A local run's Aspire Dashboard, in a container started with the engine's command line; its ports only on loopback.</summary>
    public static void AddLocalTelemetryDashboard(this DistributedApplicationBuilder builder)
    {
        var otlpApiKey = builder.AddParameter("dashboard-otlp-api-key", secret: true);
        var dashboard = builder.AddExecutable(Name, "docker", ".")
            .WithHttpEndpoint(18888, 18888)
            .WithEndpoint(OtlpHttpPort, OtlpHttpPort, "otlp", "http")
            .WithHttpHealthCheck("/")
            .WithEnvironment("DASHBOARD__OTLP__PRIMARYAPIKEY", otlpApiKey);
        var resource = dashboard.Resource;
        dashboard.WithArgs(
            "run", "--rm", "--name", new EndpointPortReference(resource, "http", "versatilehub-aspire-dashboard-{0}"),
            "-p", new EndpointPortReference(resource, "http", "127.0.0.1:{0}:18888"),
            "-p", new EndpointPortReference(resource, "otlp", $"127.0.0.1:{{0}}:{OtlpHttpPort}"),
            "-e", "DASHBOARD__FRONTEND__AUTHMODE=BrowserToken",
            "-e", "DASHBOARD__OTLP__AUTHMODE=ApiKey",
            // Without a value, docker passes the variable on from its own environment, so the key is not on a command line.
            "-e", "DASHBOARD__OTLP__PRIMARYAPIKEY",
            $"{Image}:{ImageTag}");
    }

    /// <summary>Points the AppHost's OTLP relay at the local Aspire Dashboard, when the run has one.</summary>
    public static void ConnectRelay(OtlpRelay relay, DistributedApplicationModel model, EnvironmentContext context)
    {
        if (model.Resources.OfType<ExecutableResource>().SingleOrDefault(r => r.Name == Name) is { } dashboard)
        {
            var apiKey = model.Resources.OfType<ParameterResource>().Single(p => p.Name == "dashboard-otlp-api-key");
            relay.Connect(new Uri(dashboard.GetEndpoint("otlp").Url), context.GetValue(apiKey));
        }
    }

    /// <summary>A container engine answers here: <c>docker info</c> succeeds within a few seconds.</summary>
    public static bool ContainerEngineAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (docker is null)
            {
                return false;
            }

            if (!docker.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                docker.Kill();
                return false;
            }

            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No docker on PATH.
            return false;
        }
    }
}
