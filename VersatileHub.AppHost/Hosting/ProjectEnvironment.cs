namespace VersatileHub.AppHost.Hosting;

/// <summary>The environment a project gets, in Aspire's conventions, so that services run unchanged under either AppHost.</summary>
internal static class ProjectEnvironment
{
    public static IReadOnlyDictionary<string, string> GetEnvironment(this ProjectResource project, EnvironmentContext context)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = project.GetEndpoint("http").Url,
            ["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = context.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = project.Name,
        };

        if (context.OtlpEndpoint is { Length: > 0 } otlpEndpoint)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        }

        foreach (var reference in project.GetReferences())
        {
            switch (reference)
            {
                case IResourceWithConnectionString source:
                    environment[$"ConnectionStrings__{source.Name}"] = source.GetConnectionString(context);
                    break;
                case ProjectResource service:
                    foreach (var endpoint in service.GetEndpoints().Where(e => e.AllocatedEndpoint is not null))
                    {
                        environment[$"services__{service.Name}__{endpoint.Name}__0"] = endpoint.AllocatedEndpoint!.Url;
                    }

                    break;
            }
        }

        foreach (var variable in project.Annotations.OfType<EnvironmentAnnotation>())
        {
            environment[variable.Name] = variable.Value;
        }

        foreach (var variable in project.Annotations.OfType<ParameterEnvironmentAnnotation>())
        {
            environment[variable.Name] = context.GetValue(variable.Parameter);
        }

        return environment;
    }
}
