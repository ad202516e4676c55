namespace VersatileHub.AppHost.Hosting;

/// <summary>Something the application model describes: a server, a database, a project, a parameter.</summary>
internal interface IResource
{
    string Name { get; }

    IList<IResourceAnnotation> Annotations { get; }
}

/// <summary>A resource that clients reach through a connection string, <c>ConnectionStrings__{Name}</c>.</summary>
internal interface IResourceWithConnectionString : IResource
{
    string GetConnectionString(EnvironmentContext context);

    /// <summary>
    /// The parts of the connection, given one by one as <c>&lt;NAME&gt;_HOST</c>, <c>_PORT</c>, <c>_USERNAME</c>,
    /// <c>_PASSWORD</c>, <c>_DATABASENAME</c>, <c>_URI</c> (Aspire's per-property form); empty when only the string is known.
    /// </summary>
    IEnumerable<KeyValuePair<string, string>> GetConnectionProperties(EnvironmentContext context);
}

/// <summary>A resource that something can wait for: it has a moment when it becomes healthy.</summary>
internal interface IResourceWithWaitSupport : IResource;

internal abstract class Resource(string name) : IResource
{
    public string Name { get; } = ResourceName.Validate(name);

    public IList<IResourceAnnotation> Annotations { get; } = [];

    public override string ToString() => Name;
}

internal static class ResourceName
{
    public static string Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // Names become environment variable and connection string keys.
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Resource name '{name}' may only contain ASCII letters, digits and '-'.", nameof(name));
        }

        return name;
    }
}
