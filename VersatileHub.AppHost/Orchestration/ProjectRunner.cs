using System.Reflection;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>Runs a <see cref="ProjectResource"/> from its build output and waits for its <c>/health</c>.</summary>
internal sealed class ProjectRunner(EnvironmentContext context, ResourceMonitor monitor, HttpHealthCheck health)
{
    /// <summary>Projects are built with the AppHost, in its configuration (Debug or Release).</summary>
    public static string AssemblyPathOf(ProjectResource project)
    {
        var appHost = typeof(ProjectRunner).Assembly;
        var configuration = appHost.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var targetFramework = appHost.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TargetFramework").Value!;
        return Path.Combine(project.ProjectDirectory, "bin", configuration, targetFramework, $"{project.AssemblyName}.dll");
    }

    public static void EnsureBuilt(ProjectResource project)
    {
        var assembly = AssemblyPathOf(project);
        if (!File.Exists(assembly))
        {
            throw new DistributedApplicationException(
                $"'{project.Name}' is not built: {assembly} is missing. Build first: `dotnet build VersatileHub.AppHost`.");
        }
    }

    public ResourceProcess Start(ProjectResource project)
    {
        var dotnet = new Command(DotnetHost(), [AssemblyPathOf(project)]);
        return ResourceProcess.Start(project, dotnet.InOwnSession(), monitor, project.ProjectDirectory, project.GetEnvironment(context));
    }

    public Task WaitUntilHealthyAsync(ResourceProcess process, TimeSpan timeout, CancellationToken cancellationToken) =>
        Readiness.WaitUntilAsync(process, $"GET {HttpHealthCheck.UriOf(process.Resource)} returning 200", ct => health.PassesAsync(process.Resource, ct), timeout, cancellationToken);

    // The same dotnet that runs the AppHost, so that `dotnet run` and the tests need nothing on PATH.
    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath
        : "dotnet";
}
