using System.ComponentModel.DataAnnotations;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>How a local run behaves; configuration section <c>AppHost</c> (environment: <c>AppHost__PortOffset=1000</c>).</summary>
internal sealed class AppHostOptions
{
    public const string SectionName = "AppHost";

    /// <summary>Where PostgreSQL and Redis keep their data and the generated passwords; <c>.versatilehub</c> at the repository root by default.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Added to every default port, so that two runs (a developer's and the tests') never collide.</summary>
    [Range(0, 49000)]
    public int PortOffset { get; set; }

    /// <summary>Where the dashboard and its OTLP receiver listen on loopback, before the offset; 0 lets the system choose.</summary>
    [Range(0, 65535)]
    public int DashboardPort { get; set; } = DefaultDashboardPort;

    public const int DefaultDashboardPort = 15888;

    /// <summary>The dashboard's browser token; a new random one for every run when not set.</summary>
    [MinLength(16)]
    public string? DashboardToken { get; set; }

    /// <summary>How often a resource that is up has its health checked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Given to projects as ASPNETCORE_ENVIRONMENT and DOTNET_ENVIRONMENT.</summary>
    [Required(AllowEmptyStrings = false)]
    public string EnvironmentName { get; set; } = "Development";

    /// <summary>How long one resource may take to become healthy once it is started.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one resource may take to exit after its stop signal before it is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
