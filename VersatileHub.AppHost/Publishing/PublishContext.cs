using System.Text;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;

namespace VersatileHub.AppHost.Publishing;

/// <summary>
/// What every target shares: the model built for one client's profile, and the environment of a resource with each
/// parameter marked, so that a target writes its own reference (<c>${X}</c>, <c>$(X)</c>, <c>{x.value}</c>) and never a secret.
/// </summary>
internal sealed class PublishContext(DistributedApplicationModel model, ClientProfile profile, string repositoryDirectory)
{
    private const char Open = '\u0001';
    private const char Close = '\u0002';

    public DistributedApplicationModel Model { get; } = model;

    public ClientProfile Profile { get; } = profile;

    public string RepositoryDirectory { get; } = repositoryDirectory;

    public IEnumerable<ParameterResource> Parameters => Model.Resources.OfType<ParameterResource>();

    public IEnumerable<NetworkResource> Networks => Model.Resources.OfType<NetworkResource>();

    /// <summary>Resources that run as containers or pods when deployed, in the model's order.</summary>
    public IEnumerable<IResource> Workloads => Model.Resources.Where(r => r is ProjectResource or ContainerResource or PostgresServerResource or RedisResource or MySqlServerResource);

    /// <summary>Programs run as is on the AppHost's machine; only the Aspire manifest can carry them.</summary>
    public IEnumerable<ExecutableResource> Executables => Model.Resources.OfType<ExecutableResource>();

    /// <summary>Parameters a deployment must be given; the <c>.env</c> and Secret keys.</summary>
    public static string EnvironmentName(ParameterResource parameter) => parameter.Name.Replace('-', '_').ToUpperInvariant();

    /// <summary>Within a deployment every resource is reached by its name at its container port.</summary>
    public EnvironmentContext ServiceNameContext(string environmentName = "Production") => new(new Dictionary<string, string>(), environmentName, null)
    {
        ParameterExpression = p => $"{Open}{p.Name}{Close}",
        PublishedAddress = (resource, endpoint) => new EndpointAddress(endpoint.Scheme, resource.Name, $"{endpoint.TargetPort}"),
    };

    /// <summary>Rewrites <paramref name="text"/>: literal parts through <paramref name="literal"/>, each parameter through <paramref name="parameter"/>.</summary>
    public string Render(string text, Func<string, string> literal, Func<ParameterResource, string> parameter)
    {
        var result = new StringBuilder();
        var position = 0;
        while (text.IndexOf(Open, position) is var start and >= 0)
        {
            var end = text.IndexOf(Close, start);
            result.Append(literal(text[position..start]));
            var name = text[(start + 1)..end];
            result.Append(parameter(Parameters.Single(p => p.Name == name)));
            position = end + 1;
        }

        return result.Append(literal(text[position..])).ToString();
    }

    /// <summary>The parameters <paramref name="text"/> refers to.</summary>
    public IEnumerable<ParameterResource> ParametersIn(string text)
    {
        var found = new List<ParameterResource>();
        Render(text, _ => "", p =>
        {
            found.Add(p);
            return "";
        });
        return found.Distinct();
    }

    /// <summary>The resource that actually runs what <paramref name="resource"/> waits for (a database's server).</summary>
    public static IResource? RunningResourceOf(IResource resource) => resource switch
    {
        PostgresDatabaseResource database => database.Parent,
        MySqlDatabaseResource database => database.Parent,
        ConnectionStringResource => null,
        _ => resource,
    };

    public static bool IsDatabase(IResource resource) => resource is PostgresServerResource or RedisResource or MySqlServerResource;

    public static string ImageOf(IResource resource) => resource switch
    {
        ProjectResource project => project.ImageReference,
        ContainerResource container => container.ImageReference,
        PostgresServerResource => $"{PostgresServerResource.Image}:{PostgresServerResource.ImageTag}",
        RedisResource => $"{RedisResource.Image}:{RedisResource.ImageTag}",
        MySqlServerResource => $"{MySqlServerResource.Image}:{MySqlServerResource.ImageTag}",
        _ => throw new InvalidOperationException($"'{resource.Name}' has no image."),
    };

    public static string? StorageSizeOf(IResource resource) => resource.Annotations.OfType<StorageSizeAnnotation>().SingleOrDefault()?.Size;
}
