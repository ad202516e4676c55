namespace VersatileHub.AppHost.Hosting;

/// <summary>A fact attached to a resource: an endpoint, a reference, a wait.</summary>
internal interface IResourceAnnotation;

/// <summary>
/// A network endpoint the resource listens on. <see cref="Port"/> is where a local run listens (moved by
/// <c>AppHost:PortOffset</c>); <see cref="TargetPort"/> is where the published container listens.
/// </summary>
internal sealed class EndpointAnnotation(string name, string scheme, int port, int? targetPort = null) : IResourceAnnotation
{
    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    /// <summary>The default port, before the offset.</summary>
    public int Port { get; } = port;

    /// <summary>The port inside the container when published; the local port when not given.</summary>
    public int TargetPort { get; } = targetPort ?? port;

    /// <summary>Reachable from outside the suite (through the edge proxy or an ingress), not only from other resources.</summary>
    public bool IsExternal { get; set; }

    /// <summary>Where the resource actually listens; set by <see cref="DistributedApplicationBuilder.Build"/>.</summary>
    public AllocatedEndpoint? AllocatedEndpoint { get; internal set; }
}

internal sealed record AllocatedEndpoint(string Scheme, string Host, int Port)
{
    public string Url => $"{Scheme}://{Host}:{Port}";
}

/// <summary>The annotated resource gets the referenced resource's connection string or service address.</summary>
internal sealed record ResourceReferenceAnnotation(IResource Resource) : IResourceAnnotation;

/// <summary>The annotated resource starts only once <see cref="Resource"/> is healthy, or, for a one-shot job, has completed.</summary>
internal sealed record WaitAnnotation(IResource Resource, WaitBehavior Behavior = WaitBehavior.Healthy) : IResourceAnnotation;

internal enum WaitBehavior
{
    Healthy,
    Completed,
}

/// <summary>An environment variable given as is to the resource's process.</summary>
internal sealed record EnvironmentAnnotation(string Name, string Value) : IResourceAnnotation;

/// <summary>
/// An environment variable naming where a project keeps files that must outlive it: <paramref name="Folder"/> in the
/// <paramref name="Volume"/> (mounted at its target in a deployment, a folder of the data directory named after it in a
/// local run).
/// </summary>
internal sealed record VolumePathEnvironmentAnnotation(string Name, VolumeAnnotation Volume, string Folder) : IResourceAnnotation
{
    public string PathIn(EnvironmentContext context) => context.IsPublishing || context.DataDirectory is null
        ? $"{Volume.Target.TrimEnd('/')}/{Folder}"
        : Path.Combine(context.DataDirectory, Volume.Name, Folder);
}

/// <summary>An environment variable whose value is a parameter's, known only when the application runs.</summary>
/// <param name="Prefix">Text before the value, e.g. <c>x-otlp-api-key=</c> for a header.</param>
internal sealed record ParameterEnvironmentAnnotation(string Name, ParameterResource Parameter, string Prefix = "") : IResourceAnnotation;

/// <summary>Arguments given to a container's entry point: text, or a <see cref="ParameterResource"/> whose value is known only when it runs.</summary>
internal sealed record ArgsAnnotation(IReadOnlyList<object> Args) : IResourceAnnotation
{
    public IEnumerable<string> Render(EnvironmentContext context) => Args.Select(a => a switch
    {
        ParameterResource parameter => context.GetValue(parameter),
        EndpointPortReference port => port.Render(context),
        _ => (string)a,
    });
}

/// <summary>An argument that holds the port of an endpoint, known only once ports are placed (<c>127.0.0.1:{0}:18888</c>).</summary>
internal sealed record EndpointPortReference(IResource Resource, string EndpointName, string Template)
{
    public string Render(EnvironmentContext context) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, context.GetAddress(Resource, EndpointName).Port);
}

/// <summary>Replaces the image's entry point (the arguments follow it).</summary>
internal sealed record EntrypointAnnotation(string Entrypoint) : IResourceAnnotation;

/// <summary>A named volume mounted into a container at <see cref="Target"/>; published as a volume or a volume claim.</summary>
internal sealed record VolumeAnnotation(string Name, string Target, bool ReadOnly = false) : IResourceAnnotation;

/// <summary>The resource is attached to <see cref="Network"/>; resources meet only on a network they share.</summary>
internal sealed record NetworkAnnotation(NetworkResource Network) : IResourceAnnotation;

/// <summary>How many copies run when published.</summary>
internal sealed record ReplicasAnnotation(int Replicas) : IResourceAnnotation;

/// <summary>CPU (cores) and memory (MiB) the resource may use when published; requests are half of these.</summary>
internal sealed record ResourceLimitsAnnotation(double Cpus, int MemoryMiB) : IResourceAnnotation;

/// <summary>How a deployment learns that the resource is ready: an HTTP path, or a command run inside the container.</summary>
internal sealed record HealthCheckAnnotation(string? Path, IReadOnlyList<string>? Command) : IResourceAnnotation;

/// <summary>The edge routes <c>&lt;Subdomain&gt;.&lt;domain&gt;</c> (optionally only <see cref="PathPrefix"/>) to the resource's HTTP endpoint.</summary>
internal sealed record PublicRouteAnnotation(string Subdomain, string? PathPrefix = null) : IResourceAnnotation;

/// <summary>The container runs to completion once (a migration or set-up job) instead of staying up.</summary>
internal sealed record RunOnceAnnotation : IResourceAnnotation;

/// <summary>Size of the storage a published database asks for (e.g. <c>10Gi</c>).</summary>
internal sealed record StorageSizeAnnotation(string Size) : IResourceAnnotation;
