namespace VersatileHub.Flow.Nodes;

/// <summary>Every node type the service knows, by the name definitions use; each type registers itself as an <see cref="INodeType"/> singleton.</summary>
public sealed class NodeRegistry(IEnumerable<INodeType> types)
{
    private readonly Dictionary<string, INodeType> _types = types.ToDictionary(type => type.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _types.Keys;

    public INodeType? Find(string type) => _types.GetValueOrDefault(type);
}
