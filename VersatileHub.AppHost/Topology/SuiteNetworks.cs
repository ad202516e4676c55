using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Profiles;

namespace VersatileHub.AppHost.Topology;

/// <summary>
/// The networks operators run today: <c>web</c> (public: the edge proxy and public front ends only), <c>shared</c>
/// (service to service, Redis) and one internal network per service group that holds the group's databases.
/// </summary>
internal sealed class SuiteNetworks
{
    private readonly Dictionary<string, IResourceBuilder<NetworkResource>> _groups;

    private SuiteNetworks(IResourceBuilder<NetworkResource> web, IResourceBuilder<NetworkResource> shared, Dictionary<string, IResourceBuilder<NetworkResource>> groups)
    {
        Web = web;
        Shared = shared;
        _groups = groups;
    }

    public IResourceBuilder<NetworkResource> Web { get; }

    public IResourceBuilder<NetworkResource> Shared { get; }

    /// <summary>The internal network of a group: <c>hub</c>, <c>chat</c> (chat and agent), <c>flow</c> or <c>erp</c>.</summary>
    public IResourceBuilder<NetworkResource> Group(string group) =>
        _groups.TryGetValue(group, out var network) ? network : throw new InvalidOperationException($"The profile has no '{group}' group.");

    public static SuiteNetworks Add(DistributedApplicationBuilder builder, ClientProfile profile)
    {
        var web = builder.AddNetwork("web", isInternal: false);
        var shared = builder.AddNetwork("shared");
        string[] groups = [Modules.Hub, Modules.Chat, Modules.Flow, Modules.Erp];
        var networks = groups.Where(profile.Has).ToDictionary(g => g, g => builder.AddNetwork($"{g}-net"));
        return new SuiteNetworks(web, shared, networks);
    }
}
