namespace VersatileHub.AppHost.Hosting;

/// <summary>A Redis server (event streams, caches, data-protection keys); local runs start it from the machine's packages.</summary>
internal sealed class RedisResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public ParameterResource PasswordParameter { get; } = password;

    public string GetConnectionString(EnvironmentContext context)
    {
        var endpoint = this.GetEndpoint("tcp");
        return $"{endpoint.Host}:{endpoint.Port},password={context.GetValue(PasswordParameter)}";
    }
}

internal static class RedisBuilderExtensions
{
    public const int DefaultPort = 16379;

    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name, int port = DefaultPort)
    {
        var password = builder.AddParameter($"{name}-password", secret: true);
        return builder.AddResource(new RedisResource(name, password.Resource))
            .WithAnnotation(new EndpointAnnotation("tcp", "tcp", port));
    }
}
