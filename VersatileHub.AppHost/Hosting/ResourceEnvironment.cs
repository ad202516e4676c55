namespace VersatileHub.AppHost.Hosting;

/// <summary>The environment a resource gets, in Aspire's conventions, so that services run unchanged under either AppHost.</summary>
internal static class ResourceEnvironment
{
    public static IReadOnlyDictionary<string, string> GetEnvironment(this IResource resource, EnvironmentContext context)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (resource is ProjectResource project)
        {
            // Published projects listen on the container port of the .NET images (8080); local ones on their own port.
            environment["ASPNETCORE_URLS"] = context.IsPublishing
                ? $"http://+:{project.GetEndpoints().Single(e => e.Name == "http").TargetPort}"
                : project.GetEndpoint("http").Url;
            environment["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName;
            environment["DOTNET_ENVIRONMENT"] = context.EnvironmentName;
        }

        if (resource is ProjectResource or ExecutableResource)
        {
            environment["OTEL_SERVICE_NAME"] = resource.Name;
            if (context.OtlpEndpoint is { Length: > 0 } otlpEndpoint)
            {
                environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
                AddUnlessEmpty("OTEL_EXPORTER_OTLP_PROTOCOL", context.OtlpProtocol);
                AddUnlessEmpty("OTEL_EXPORTER_OTLP_HEADERS", context.OtlpHeaders);
            }
        }

        foreach (var reference in resource.GetReferences())
        {
            switch (reference)
            {
                case IResourceWithConnectionString source:
                    environment[$"ConnectionStrings__{source.Name}"] = source.GetConnectionString(context);
                    foreach (var (property, value) in source.GetConnectionProperties(context))
                    {
                        environment[$"{EnvironmentPrefix(source)}_{property}"] = value;
                    }

                    break;
                default:
                    foreach (var endpoint in reference.GetEndpoints().Where(e => e.Scheme == "http"))
                    {
                        var url = context.GetAddress(reference, endpoint.Name).Url;
                        environment[$"services__{reference.Name}__{endpoint.Name}__0"] = url;
                        environment[$"{EnvironmentPrefix(reference)}_{endpoint.Name.ToUpperInvariant()}"] = url;
                    }

                    break;
            }
        }

        foreach (var variable in resource.Annotations.OfType<EnvironmentAnnotation>())
        {
            environment[variable.Name] = variable.Value;
        }

        foreach (var variable in resource.Annotations.OfType<VolumePathEnvironmentAnnotation>())
        {
            environment[variable.Name] = variable.PathIn(context);
        }

        foreach (var variable in resource.Annotations.OfType<ParameterEnvironmentAnnotation>())
        {
            environment[variable.Name] = variable.Prefix + context.GetValue(variable.Parameter);
        }

        return environment;

        void AddUnlessEmpty(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                environment[name] = value;
            }
        }
    }

    /// <summary><c>erp-db</c> becomes <c>ERP_DB</c>, as Aspire names per-property variables.</summary>
    public static string EnvironmentPrefix(IResource resource) => resource.Name.Replace('-', '_').ToUpperInvariant();
}
