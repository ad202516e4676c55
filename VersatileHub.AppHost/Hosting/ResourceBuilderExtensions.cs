namespace VersatileHub.AppHost.Hosting;

internal static class ResourceBuilderExtensions
{
    /// <summary>Gives <paramref name="builder"/>'s resource the connection string of <paramref name="source"/>.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : IResource => builder.WithAnnotation(new ResourceReferenceAnnotation(source.Resource));

    /// <summary>Gives <paramref name="builder"/>'s resource the addresses of <paramref name="source"/> (<c>services__{name}__http__0</c>).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> source)
        where T : IResource => builder.WithAnnotation(new ResourceReferenceAnnotation(source.Resource));

    /// <summary>Starts <paramref name="builder"/>'s resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithWaitSupport> dependency)
        where T : IResource => builder.WithAnnotation(new WaitAnnotation(dependency.Resource));

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResource => builder.WithAnnotation(new EnvironmentAnnotation(name, value));

    /// <summary>Gives the resource a parameter's value, e.g. <c>Parameters__admin-password</c>.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResource => builder.WithAnnotation(new ParameterEnvironmentAnnotation(name, parameter.Resource));

    /// <summary>Marks the HTTP endpoints as reachable from outside the suite (published with an ingress later).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder)
        where T : IResource
    {
        foreach (var endpoint in builder.Resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Scheme == "http"))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    public static IEnumerable<IResource> GetReferences(this IResource resource) =>
        resource.Annotations.OfType<ResourceReferenceAnnotation>().Select(a => a.Resource);

    public static IEnumerable<IResource> GetWaits(this IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(a => a.Resource);

    public static IEnumerable<EndpointAnnotation> GetEndpoints(this IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>();

    public static AllocatedEndpoint GetEndpoint(this IResource resource, string name) =>
        resource.GetEndpoints().SingleOrDefault(e => e.Name == name)?.AllocatedEndpoint
        ?? throw new InvalidOperationException($"'{resource.Name}' has no allocated endpoint '{name}'; build the application first.");
}
