namespace VersatileHub.AppHost.Hosting;

/// <summary>A PostgreSQL server; local runs start it from the machine's packages, deployments run the official image.</summary>
internal sealed class PostgresServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public const string UserName = "postgres";
    public const string Image = "docker.io/library/postgres";
    public const string ImageTag = "17.6";

    public ParameterResource PasswordParameter { get; } = password;

    public IList<PostgresDatabaseResource> Databases { get; } = [];

    public string GetConnectionString(EnvironmentContext context)
    {
        var endpoint = context.GetAddress(this, "tcp");
        return $"Host={endpoint.Host};Port={endpoint.Port};Username={UserName};Password={context.GetValue(PasswordParameter)}";
    }

    public IEnumerable<KeyValuePair<string, string>> GetConnectionProperties(EnvironmentContext context) => Properties(context, null);

    internal IEnumerable<KeyValuePair<string, string>> Properties(EnvironmentContext context, string? databaseName)
    {
        var endpoint = context.GetAddress(this, "tcp");
        var password = context.GetValue(PasswordParameter);
        yield return new("HOST", endpoint.Host);
        yield return new("PORT", endpoint.Port);
        yield return new("USERNAME", UserName);
        yield return new("PASSWORD", password);
        if (databaseName is not null)
        {
            yield return new("DATABASENAME", databaseName);
        }

        yield return new("URI", $"postgresql://{UserName}:{password}@{endpoint.Host}:{endpoint.Port}{(databaseName is null ? "" : $"/{databaseName}")}");
    }
}

/// <summary>A database on a <see cref="PostgresServerResource"/>, owned by one service.</summary>
internal sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;

    public string GetConnectionString(EnvironmentContext context) =>
        $"{Parent.GetConnectionString(context)};Database={DatabaseName}";

    public IEnumerable<KeyValuePair<string, string>> GetConnectionProperties(EnvironmentContext context) => Parent.Properties(context, DatabaseName);
}

internal static class PostgresBuilderExtensions
{
    public const int DefaultPort = 15432;

    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name, int port = DefaultPort)
    {
        var password = builder.AddParameter($"{name}-password", secret: true);
        return builder.AddResource(new PostgresServerResource(name, password.Resource))
            .WithAnnotation(new EndpointAnnotation("tcp", "tcp", port, targetPort: 5432))
            .WithVolume($"{name}-data", "/var/lib/postgresql/data")
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithHealthCheckCommand("pg_isready", "-U", PostgresServerResource.UserName);
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database);
    }
}
