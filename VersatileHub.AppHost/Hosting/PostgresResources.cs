namespace VersatileHub.AppHost.Hosting;

/// <summary>A PostgreSQL server; local runs start it from the machine's packages.</summary>
internal sealed class PostgresServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public const string UserName = "postgres";

    public ParameterResource PasswordParameter { get; } = password;

    public IList<PostgresDatabaseResource> Databases { get; } = [];

    public string GetConnectionString(EnvironmentContext context)
    {
        var endpoint = this.GetEndpoint("tcp");
        return $"Host={endpoint.Host};Port={endpoint.Port};Username={UserName};Password={context.GetValue(PasswordParameter)}";
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
}

internal static class PostgresBuilderExtensions
{
    public const int DefaultPort = 15432;

    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name, int port = DefaultPort)
    {
        var password = builder.AddParameter($"{name}-password", secret: true);
        return builder.AddResource(new PostgresServerResource(name, password.Resource))
            .WithAnnotation(new EndpointAnnotation("tcp", "tcp", port));
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database);
    }
}
