namespace VersatileHub.AppHost.Hosting;

/// <summary>
/// A container image run as is (ERPNext, MariaDB, the edge proxy). The local runner has no container engine and says so;
/// the model still holds it so that every published target gets it.
/// </summary>
internal class ContainerResource(string name, string image, string tag) : Resource(name), IResourceWithWaitSupport
{
    public string Image { get; } = image;

    public string Tag { get; } = tag;

    public string ImageReference => $"{Image}:{Tag}";
}

internal static class ContainerBuilderExtensions
{
    public static IResourceBuilder<ContainerResource> AddContainer(this DistributedApplicationBuilder builder, string name, string image, string tag) =>
        builder.AddResource(new ContainerResource(name, image, tag));

    /// <summary>The container runs once to completion (a set-up job); others wait for it with <c>WaitForCompletion</c>.</summary>
    public static IResourceBuilder<ContainerResource> WithEntrypoint(this IResourceBuilder<ContainerResource> builder, string entrypoint) =>
        builder.WithAnnotation(new EntrypointAnnotation(entrypoint));

    public static string? GetEntrypoint(this IResource resource) => resource.Annotations.OfType<EntrypointAnnotation>().SingleOrDefault()?.Entrypoint;

    public static IResourceBuilder<ContainerResource> AsRunOnce(this IResourceBuilder<ContainerResource> builder) =>
        builder.WithAnnotation(new RunOnceAnnotation());
}
