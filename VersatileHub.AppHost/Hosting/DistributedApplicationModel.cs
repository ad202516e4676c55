namespace VersatileHub.AppHost.Hosting;

/// <summary>The resources of a built application, in the order they were added.</summary>
internal sealed class DistributedApplicationModel
{
    public DistributedApplicationModel(IEnumerable<IResource> resources)
    {
        Resources = [.. resources];
        EnsureEveryWaitEnds();
    }

    public IReadOnlyList<IResource> Resources { get; }

    public T GetResource<T>(string name) where T : IResource =>
        Resources.OfType<T>().SingleOrDefault(r => r.Name == name)
        ?? throw new InvalidOperationException($"The model has no {typeof(T).Name} named '{name}'.");

    /// <summary>What must be healthy before <paramref name="resource"/> starts: its waits, and a database's server.</summary>
    public static IEnumerable<IResource> GetStartDependencies(IResource resource) => resource switch
    {
        PostgresDatabaseResource database => resource.GetWaits().Append(database.Parent),
        MySqlDatabaseResource database => resource.GetWaits().Append(database.Parent),
        _ => resource.GetWaits(),
    };

    // A WaitFor cycle would leave `run` waiting forever without a word.
    private void EnsureEveryWaitEnds()
    {
        var done = new HashSet<IResource>();
        var path = new List<IResource>();

        void Visit(IResource resource)
        {
            if (done.Contains(resource))
            {
                return;
            }

            if (path.Contains(resource))
            {
                var cycle = path.SkipWhile(r => r != resource).Append(resource).Select(r => r.Name);
                throw new DistributedApplicationException($"Resources wait for each other in a cycle: {string.Join(" -> ", cycle)}.");
            }

            path.Add(resource);
            foreach (var dependency in GetStartDependencies(resource))
            {
                Visit(dependency);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(resource);
        }

        foreach (var resource in Resources)
        {
            Visit(resource);
        }
    }
}
