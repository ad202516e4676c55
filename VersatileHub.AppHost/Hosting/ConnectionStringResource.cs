namespace VersatileHub.AppHost.Hosting;

/// <summary>
/// An existing database outside the deployment, reached through a connection string supplied at deploy time
/// (Aspire's <c>AddConnectionString</c>): a secret parameter named <c>&lt;name&gt;-connection-string</c>.
/// </summary>
internal sealed class ConnectionStringResource(string name, ParameterResource connectionString)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public ParameterResource ConnectionStringParameter { get; } = connectionString;

    public string GetConnectionString(EnvironmentContext context) => context.GetValue(ConnectionStringParameter);

    public IEnumerable<KeyValuePair<string, string>> GetConnectionProperties(EnvironmentContext context) => [];
}

internal static class ConnectionStringBuilderExtensions
{
    public static IResourceBuilder<ConnectionStringResource> AddConnectionString(this DistributedApplicationBuilder builder, string name, string? defaultValue = null)
    {
        var value = builder.AddParameter($"{name}-connection-string", secret: true, defaultValue: defaultValue);
        return builder.AddResource(new ConnectionStringResource(name, value.Resource));
    }
}
