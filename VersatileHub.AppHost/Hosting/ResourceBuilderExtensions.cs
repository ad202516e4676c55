namespace VersatileHub.AppHost.Hosting;

internal static class ResourceBuilderExtensions
{
    /// <summary>Gives <paramref name="builder"/>'s resource the connection string of <paramref name="source"/> and its parts.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : IResource => builder.WithAnnotation(new ResourceReferenceAnnotation(source.Resource));

    /// <summary>Gives <paramref name="builder"/>'s resource the addresses of <paramref name="source"/> (<c>services__{name}__http__0</c>).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> source)
        where T : IResource => builder.WithAnnotation(new ResourceReferenceAnnotation(source.Resource));

    /// <summary>Gives <paramref name="builder"/>'s resource the address of a container's endpoints (<c>services__{name}__{endpoint}__0</c>).</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ContainerResource> source)
        where T : IResource => builder.WithAnnotation(new ResourceReferenceAnnotation(source.Resource));

    /// <summary>References a database and waits for it: its connection string, and the start once it is healthy.</summary>
    public static IResourceBuilder<T> WithDatabase<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithWaitSupport> database)
        where T : IResource => builder.WithAnnotation(new ResourceReferenceAnnotation(database.Resource)).WithAnnotation(new WaitAnnotation(database.Resource));

    /// <summary>Starts <paramref name="builder"/>'s resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithWaitSupport> dependency)
        where T : IResource => builder.WithAnnotation(new WaitAnnotation(dependency.Resource));

    /// <summary>Starts <paramref name="builder"/>'s resource only once the one-shot <paramref name="job"/> has finished successfully.</summary>
    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<ContainerResource> job)
        where T : IResource => builder.WithAnnotation(new WaitAnnotation(job.Resource, WaitBehavior.Completed));

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResource => builder.WithAnnotation(new EnvironmentAnnotation(name, value));

    /// <summary>Gives the resource a parameter's value, e.g. <c>Parameters__admin-password</c>.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResource => builder.WithEnvironment(name, parameter.Resource);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, ParameterResource parameter, string prefix = "")
        where T : IResource => builder.WithAnnotation(new ParameterEnvironmentAnnotation(name, parameter, prefix));

    /// <summary>Marks the HTTP endpoints as reachable from outside the suite (published with an ingress or the edge proxy).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder)
        where T : IResource
    {
        foreach (var endpoint in builder.Resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Scheme == "http"))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int port, int targetPort, string name = "http")
        where T : IResource => builder.WithAnnotation(new EndpointAnnotation(name, "http", port, targetPort));

    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, int port, int targetPort, string name = "tcp", string scheme = "tcp")
        where T : IResource => builder.WithAnnotation(new EndpointAnnotation(name, scheme, port, targetPort));

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params object[] args)
        where T : IResource => builder.WithAnnotation(new ArgsAnnotation(args));

    public static IResourceBuilder<T> WithVolume<T>(this IResourceBuilder<T> builder, string name, string target, bool readOnly = false)
        where T : IResource => builder.WithAnnotation(new VolumeAnnotation(ResourceName.Validate(name), target, readOnly));

    /// <summary>
    /// Files the resource keeps across restarts and replicas: <paramref name="folder"/> in a volume mounted at
    /// <paramref name="target"/> in a deployment, in a folder of the data directory in a local run;
    /// <paramref name="pathVariable"/> tells the resource where.
    /// </summary>
    public static IResourceBuilder<T> WithDataVolume<T>(this IResourceBuilder<T> builder, string name, string target, string folder, string pathVariable)
        where T : IResource
    {
        var volume = new VolumeAnnotation(ResourceName.Validate(name), target, ReadOnly: false);
        return builder.WithAnnotation(volume).WithAnnotation(new VolumePathEnvironmentAnnotation(pathVariable, volume, folder));
    }

    public static IResourceBuilder<T> WithNetwork<T>(this IResourceBuilder<T> builder, params IResourceBuilder<NetworkResource>[] networks)
        where T : IResource
    {
        foreach (var network in networks.Where(n => !builder.Resource.GetNetworks().Contains(n.Resource)))
        {
            builder.WithAnnotation(new NetworkAnnotation(network.Resource));
        }

        return builder;
    }

    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas)
        where T : IResource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        return builder.Replace(new ReplicasAnnotation(replicas));
    }

    /// <param name="cpus">Cores, e.g. 0.5.</param>
    /// <param name="memoryMiB">Memory in MiB.</param>
    public static IResourceBuilder<T> WithLimits<T>(this IResourceBuilder<T> builder, double cpus, int memoryMiB)
        where T : IResource
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryMiB);
        return builder.Replace(new ResourceLimitsAnnotation(cpus, memoryMiB));
    }

    /// <summary>Readiness is a GET of <paramref name="path"/> on the HTTP endpoint answering 2xx.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health")
        where T : IResource => builder.Replace(new HealthCheckAnnotation(path, null));

    /// <summary>Readiness is <paramref name="command"/> exiting 0 inside the container.</summary>
    public static IResourceBuilder<T> WithHealthCheckCommand<T>(this IResourceBuilder<T> builder, params string[] command)
        where T : IResource => builder.Replace(new HealthCheckAnnotation(null, command));

    public static IResourceBuilder<T> WithPublicRoute<T>(this IResourceBuilder<T> builder, string subdomain, string? pathPrefix = null)
        where T : IResource => builder.WithAnnotation(new PublicRouteAnnotation(subdomain, pathPrefix));

    public static IResourceBuilder<T> WithStorageSize<T>(this IResourceBuilder<T> builder, string size)
        where T : IResource => builder.Replace(new StorageSizeAnnotation(size));

    public static IEnumerable<IResource> GetReferences(this IResource resource) =>
        resource.Annotations.OfType<ResourceReferenceAnnotation>().Select(a => a.Resource);

    public static IEnumerable<IResource> GetWaits(this IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(a => a.Resource);

    public static IEnumerable<EndpointAnnotation> GetEndpoints(this IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>();

    public static IEnumerable<NetworkResource> GetNetworks(this IResource resource) =>
        resource.Annotations.OfType<NetworkAnnotation>().Select(a => a.Network);

    public static IEnumerable<VolumeAnnotation> GetVolumes(this IResource resource) => resource.Annotations.OfType<VolumeAnnotation>();

    public static IEnumerable<PublicRouteAnnotation> GetPublicRoutes(this IResource resource) => resource.Annotations.OfType<PublicRouteAnnotation>();

    public static int GetReplicas(this IResource resource) => resource.Annotations.OfType<ReplicasAnnotation>().SingleOrDefault()?.Replicas ?? 1;

    public static ResourceLimitsAnnotation? GetLimits(this IResource resource) => resource.Annotations.OfType<ResourceLimitsAnnotation>().SingleOrDefault();

    public static HealthCheckAnnotation? GetHealthCheck(this IResource resource) => resource.Annotations.OfType<HealthCheckAnnotation>().SingleOrDefault();

    public static IReadOnlyList<string> GetArgs(this IResource resource, EnvironmentContext context) =>
        [.. resource.Annotations.OfType<ArgsAnnotation>().SelectMany(a => a.Render(context))];

    public static bool RunsOnce(this IResource resource) => resource.Annotations.OfType<RunOnceAnnotation>().Any();

    public static AllocatedEndpoint GetEndpoint(this IResource resource, string name) =>
        resource.GetEndpoints().SingleOrDefault(e => e.Name == name)?.AllocatedEndpoint
        ?? throw new InvalidOperationException($"'{resource.Name}' has no allocated endpoint '{name}'; build the application first.");

    // One of a kind: a later call wins over an earlier one (a profile's limits over a default).
    private static IResourceBuilder<T> Replace<T, TAnnotation>(this IResourceBuilder<T> builder, TAnnotation annotation)
        where T : IResource where TAnnotation : IResourceAnnotation
    {
        foreach (var old in builder.Resource.Annotations.OfType<TAnnotation>().ToList())
        {
            builder.Resource.Annotations.Remove(old);
        }

        return builder.WithAnnotation(annotation);
    }
}
