namespace VersatileHub.Flow.Nodes;

/// <summary>Every node type the service knows, by the name definitions use; each type registers itself as an <see cref="INodeType"/> singleton.</summary>
public sealed class NodeRegistry(IEnumerable<INodeType> types)
{
    private readonly Dictionary<string, INodeType> _types = FirstOfEachName(types);

    public IReadOnlyCollection<string> Names => _types.Keys;

    public INodeType? Find(string type) => _types.GetValueOrDefault(type);

    /// <summary>The first registration of a name wins, so a host (a test) may add stand-ins only for types not registered yet.</summary>
    private static Dictionary<string, INodeType> FirstOfEachName(IEnumerable<INodeType> types)
    {
        var byName = new Dictionary<string, INodeType>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            byName.TryAdd(type.Type, type);
        }
        return byName;
    }
}
