namespace VersatileHub.AppHost.Hosting;

/// <summary>A fact attached to a resource: an endpoint, a reference, a wait.</summary>
internal interface IResourceAnnotation;

/// <summary>A network endpoint the resource listens on; the port is moved by <c>AppHost:PortOffset</c> when the application is built.</summary>
internal sealed class EndpointAnnotation(string name, string scheme, int port) : IResourceAnnotation
{
    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    /// <summary>The default port, before the offset.</summary>
    public int Port { get; } = port;

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

/// <summary>The annotated resource starts only once <see cref="Resource"/> is healthy.</summary>
internal sealed record WaitAnnotation(IResource Resource) : IResourceAnnotation;

/// <summary>An environment variable given as is to the resource's process.</summary>
internal sealed record EnvironmentAnnotation(string Name, string Value) : IResourceAnnotation;

/// <summary>An environment variable whose value is a parameter's, known only when the application runs.</summary>
internal sealed record ParameterEnvironmentAnnotation(string Name, ParameterResource Parameter) : IResourceAnnotation;
