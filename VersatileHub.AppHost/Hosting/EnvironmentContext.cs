namespace VersatileHub.AppHost.Hosting;

/// <summary>What a run knows beyond the model when it computes a resource's environment.</summary>
/// <param name="ParameterValues">Values of the model's parameters (passwords), by parameter name.</param>
/// <param name="EnvironmentName">The ASP.NET Core / .NET environment given to projects.</param>
/// <param name="OtlpEndpoint">Where projects send telemetry, when the AppHost itself has one.</param>
internal sealed record EnvironmentContext(IReadOnlyDictionary<string, string> ParameterValues, string EnvironmentName, string? OtlpEndpoint)
{
    /// <summary>The OTLP protocol of <see cref="OtlpEndpoint"/> (<c>http/protobuf</c>), when it is not the exporter's default.</summary>
    public string? OtlpProtocol { get; init; }

    /// <summary>Headers every export carries (<c>x-otlp-api-key=...</c>), as <c>OTEL_EXPORTER_OTLP_HEADERS</c> writes them.</summary>
    public string? OtlpHeaders { get; init; }

    /// <summary>
    /// How a published target writes a parameter (<c>${POSTGRES_PASSWORD}</c>, <c>{postgres-password.value}</c>) instead of
    /// its value, so that no secret lands in a published file; a local run leaves it null and gets the values.
    /// </summary>
    public Func<ParameterResource, string>? ParameterExpression { get; init; }

    /// <summary>Where a local run keeps its data; a project's volumes are folders in it (see <see cref="VolumePathEnvironmentAnnotation"/>).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Where a published target reaches an endpoint (the service name and the container port); a local run leaves it null.</summary>
    public Func<IResource, EndpointAnnotation, EndpointAddress>? PublishedAddress { get; init; }

    /// <summary>True when the environment is written into a deployment rather than given to a local process.</summary>
    public bool IsPublishing => PublishedAddress is not null;

    public string GetValue(ParameterResource parameter) =>
        ParameterExpression is { } expression ? expression(parameter)
        : ParameterValues.TryGetValue(parameter.Name, out var value) ? value
        : throw new InvalidOperationException($"Parameter '{parameter.Name}' has no value.");

    public EndpointAddress GetAddress(IResource resource, string endpointName)
    {
        var endpoint = resource.GetEndpoints().SingleOrDefault(e => e.Name == endpointName)
            ?? throw new InvalidOperationException($"'{resource.Name}' has no endpoint '{endpointName}'.");
        if (PublishedAddress is { } published)
        {
            return published(resource, endpoint);
        }

        var allocated = endpoint.AllocatedEndpoint
            ?? throw new InvalidOperationException($"'{resource.Name}' has no allocated endpoint '{endpointName}'; build the application first.");
        return new EndpointAddress(allocated.Scheme, allocated.Host, $"{allocated.Port}");
    }
}

/// <summary>An endpoint as another resource reaches it; <see cref="Port"/> is text because a manifest writes it as an expression.</summary>
internal sealed record EndpointAddress(string Scheme, string Host, string Port)
{
    public string Url => $"{Scheme}://{Host}:{Port}";
}
