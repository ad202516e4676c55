namespace VersatileHub.ServiceDefaults.Events;

/// <summary>Names of the Redis keys and channels of the bus: one stream per producing service, e.g. <c>vh:events:chat</c>.</summary>
internal sealed class EventStreams(string keyPrefix)
{
    public string Stream(string producer) => $"{keyPrefix}events:{producer}";

    /// <summary>Pub/sub channel on which the relay announces new entries, so consumers need not poll.</summary>
    public string Signal(string producer) => $"{keyPrefix}events:{producer}:signal";

    public string Attempts(string producer, string group) => $"{keyPrefix}events:{producer}:attempts:{group}";

    public string Parked(string group) => $"{keyPrefix}events:parked:{group}";

    public string Processed(string group, Guid eventId) => $"{keyPrefix}events:processed:{group}:{eventId:N}";
}
