using Microsoft.Extensions.Hosting;

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

    public bool Handles(string eventType) => _handlers.ContainsKey(eventType) || _handlers.ContainsKey(EventBusBuilder.AnyType);

    /// <summary>The handlers of the type, then those of every type (<see cref="EventBusBuilder.AnyType"/>).</summary>
    public IReadOnlyList<Type> For(string eventType)
    {
        var exact = _handlers.GetValueOrDefault(eventType);
        var any = _handlers.GetValueOrDefault(EventBusBuilder.AnyType);
        return (exact, any) switch
        {
            (null, null) => [],
            (_, null) => exact,
            (null, _) => any,
            _ => exact.Concat(any).Distinct().ToList(),
        };
    }
}
