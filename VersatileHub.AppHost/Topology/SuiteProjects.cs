using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;

namespace VersatileHub.AppHost.Topology;

internal static class SuiteProjects
{
    /// <summary>
    /// A service of the suite: its project (VersatileHub.&lt;Name&gt;), its image in the profile's registry, its networks,
    /// replicas and default limits, with readiness on <c>/health</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddSuiteProject(
        this DistributedApplicationBuilder builder, string module, ClientProfile profile, params IResourceBuilder<NetworkResource>[] networks)
    {
        var projectName = module == Modules.WhatsApp ? "WhatsApp" : char.ToUpperInvariant(module[0]) + module[1..];
        var project = builder.AddProject(module, $"../VersatileHub.{projectName}/VersatileHub.{projectName}.csproj")
            .WithNetwork(networks)
            .WithReplicas(profile.ReplicasOf(module))
            .WithLimits(1, 512)
            .WithEnvironment("TZ", profile.TimeZone)
            .WithEnvironment("Suite__Locale", profile.Locale);
        project.Resource.Image = profile.ImageOf($"versatilehub-{module}");
        return project;
    }

    /// <summary>Gives the project <paramref name="service"/>'s address and starts it once that service is healthy; nothing when the profile has no such service.</summary>
    public static IResourceBuilder<ProjectResource> WithService(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource>? service) =>
        service is null ? builder : builder.WithReference(service).WaitFor(service);
}
