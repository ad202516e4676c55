namespace VersatileHub.AppHost.Hosting;

/// <summary>A Redis server (event streams, caches, data-protection keys); local runs start it from the machine's packages.</summary>
internal sealed class RedisResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public const string Image = "docker.io/library/redis";
    public const string ImageTag = "7.4";

    public ParameterResource PasswordParameter { get; } = password;

    public string GetConnectionString(EnvironmentContext context)
    {
        var endpoint = context.GetAddress(this, "tcp");
        return $"{endpoint.Host}:{endpoint.Port},password={context.GetValue(PasswordParameter)}";
    }

    public IEnumerable<KeyValuePair<string, string>> GetConnectionProperties(EnvironmentContext context)
    {
        var endpoint = context.GetAddress(this, "tcp");
        var password = context.GetValue(PasswordParameter);
        yield return new("HOST", endpoint.Host);
        yield return new("PORT", endpoint.Port);
        yield return new("PASSWORD", password);
        yield return new("URI", $"redis://:{password}@{endpoint.Host}:{endpoint.Port}");
    }
}

internal static class RedisBuilderExtensions
{
    public const int DefaultPort = 16379;

    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name, int port = DefaultPort)
    {
        var password = builder.AddParameter($"{name}-password", secret: true);
        return builder.AddResource(new RedisResource(name, password.Resource))
            .WithAnnotation(new EndpointAnnotation("tcp", "tcp", port, targetPort: 6379))
            .WithVolume($"{name}-data", "/data")
            .WithArgs("--requirepass", password.Resource, "--appendonly", "yes")
            // redis-cli reads the password from REDISCLI_AUTH, so the health check needs no secret on its command line.
            .WithEnvironment("REDISCLI_AUTH", password)
            .WithHealthCheckCommand("redis-cli", "ping");
    }
}
