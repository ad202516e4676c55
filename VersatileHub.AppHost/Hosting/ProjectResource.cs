namespace VersatileHub.AppHost.Hosting;

/// <summary>A .NET project of the suite, started from its build output.</summary>
internal sealed class ProjectResource(string name, string projectPath) : Resource(name), IResourceWithWaitSupport
{
    /// <summary>Full path of the .csproj.</summary>
    public string ProjectPath { get; } = projectPath;

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    public string AssemblyName => Path.GetFileNameWithoutExtension(ProjectPath);

    /// <summary>The image a deployment runs, built with <c>dotnet publish -t:PublishContainer</c>; <c>&lt;name&gt;:latest</c> when not set.</summary>
    public string? Image { get; set; }

    public string ImageReference => Image ?? $"versatilehub-{Name}:latest";
}

internal static class ProjectBuilderExtensions
{
    /// <summary>Projects get consecutive HTTP ports from here, in the order they are added.</summary>
    public const int FirstHttpPort = 5101;

    /// <summary>Where a published project listens inside its container (the .NET images' default).</summary>
    public const int ContainerHttpPort = 8080;

    /// <param name="projectPath">The .csproj, relative to the AppHost project's folder.</param>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath, int? httpPort = null)
    {
        var fullPath = Path.GetFullPath(projectPath, builder.AppHostDirectory);
        var port = httpPort ?? FirstHttpPort + builder.Resources.OfType<ProjectResource>().Count();
        return builder.AddResource(new ProjectResource(name, fullPath))
            .WithAnnotation(new EndpointAnnotation("http", "http", port, ContainerHttpPort))
            .WithHttpHealthCheck("/health");
    }

    /// <summary>
    /// Gives the project its own generated service token (<c>Parameters__service-token</c>) and tells
    /// <paramref name="identityAuthority"/> whose it is (<c>Parameters__service-token-&lt;project&gt;</c>), so the project's
    /// calls to the other services are authenticated as that service.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceToken(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> identityAuthority)
    {
        var name = $"service-token-{builder.Resource.Name}";
        var token = builder.ApplicationBuilder.AddParameter(name, secret: true);
        identityAuthority.WithEnvironment($"Parameters__{name}", token);
        return builder.WithEnvironment("Parameters__service-token", token);
    }
}
