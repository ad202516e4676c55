namespace VersatileHub.AppHost.Hosting;

/// <summary>A MySQL-compatible server run from the MariaDB image with utf8mb4 throughout (what ERPNext requires).</summary>
internal sealed class MySqlServerResource(string name, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public const string Image = "docker.io/library/mariadb";
    public const string ImageTag = "10.6";
    public const string UserName = "root";

    public ParameterResource PasswordParameter { get; } = password;

    public IList<MySqlDatabaseResource> Databases { get; } = [];

    public string GetConnectionString(EnvironmentContext context)
    {
        var endpoint = context.GetAddress(this, "tcp");
        return $"Server={endpoint.Host};Port={endpoint.Port};User ID={UserName};Password={context.GetValue(PasswordParameter)}";
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

        yield return new("URI", $"mysql://{UserName}:{password}@{endpoint.Host}:{endpoint.Port}{(databaseName is null ? "" : $"/{databaseName}")}");
    }
}

/// <summary>A database on a <see cref="MySqlServerResource"/>.</summary>
internal sealed class MySqlDatabaseResource(string name, string databaseName, MySqlServerResource parent)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public string DatabaseName { get; } = databaseName;

    public MySqlServerResource Parent { get; } = parent;

    public string GetConnectionString(EnvironmentContext context) => $"{Parent.GetConnectionString(context)};Database={DatabaseName}";

    public IEnumerable<KeyValuePair<string, string>> GetConnectionProperties(EnvironmentContext context) => Parent.Properties(context, DatabaseName);
}

internal static class MySqlBuilderExtensions
{
    public const int DefaultPort = 13306;

    public static IResourceBuilder<MySqlServerResource> AddMySql(this DistributedApplicationBuilder builder, string name, int port = DefaultPort)
    {
        var password = builder.AddParameter($"{name}-password", secret: true);
        var server = builder.AddResource(new MySqlServerResource(name, password.Resource));
        return server
            .WithAnnotation(new EndpointAnnotation("tcp", "tcp", port, targetPort: 3306))
            .WithEnvironment("MARIADB_ROOT_PASSWORD", password)
            // MariaDB's own client reads the password from MYSQL_PWD, so the health check carries no secret.
            .WithEnvironment("MYSQL_PWD", password)
            .WithArgs("--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--skip-character-set-client-handshake", "--skip-innodb-read-only-compressed")
            .WithVolume($"{name}-data", "/var/lib/mysql")
            .WithHealthCheckCommand("mariadb-admin", "ping", "-h", "127.0.0.1", "-u", MySqlServerResource.UserName);
    }

    public static IResourceBuilder<MySqlDatabaseResource> AddDatabase(this IResourceBuilder<MySqlServerResource> builder, string name, string? databaseName = null)
    {
        var database = new MySqlDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database);
    }
}
