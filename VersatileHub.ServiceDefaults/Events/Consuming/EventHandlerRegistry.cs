namespace VersatileHub.ServiceDefaults.Events.Consuming;

/// <summary>Which handler types run for which event types.</summary>
internal sealed class EventHandlerRegistry
{
    private readonly Dictionary<string, List<Type>> _handlers = new(StringComparer.Ordinal);

    public void Add(string eventType, Type handlerType)
    {
        if (!_handlers.TryGetValue(eventType, out var handlers))
        {
            _handlers[eventType] = handlers = [];
        }
        if (!handlers.Contains(handlerType))
        {
            handlers.Add(handlerType);
        }
    }

    public bool Handles(string eventType) => _handlers.ContainsKey(eventType);

    public IReadOnlyList<Type> For(string eventType) => _handlers.TryGetValue(eventType, out var handlers) ? handlers : [];
}
