using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>How the console and the web dashboard name a resource's kind and show where it listens.</summary>
internal static class ResourceDescription
{
    public static string TypeOf(IResource resource) => resource switch
    {
        PostgresServerResource => "PostgreSQL",
        PostgresDatabaseResource => "Database",
        RedisResource => "Redis",
        ProjectResource => "Project",
        ExecutableResource => "Executable",
        ContainerResource => "Container",
        _ => resource.GetType().Name.Replace("Resource", "", StringComparison.Ordinal),
    };

    /// <summary>Where the resource listens on this machine; a database is its server's address and its name.</summary>
    public static IReadOnlyList<string> UrlsOf(IResource resource) => resource switch
    {
        PostgresDatabaseResource database => [$"{database.Parent.GetEndpoint("tcp").Url}/{database.DatabaseName}"],
        _ => [.. resource.GetEndpoints().Where(e => e.AllocatedEndpoint is not null).Select(e => e.AllocatedEndpoint!.Url)],
    };
}
