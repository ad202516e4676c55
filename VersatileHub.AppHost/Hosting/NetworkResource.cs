namespace VersatileHub.AppHost.Hosting;

/// <summary>
/// A network resources join with <c>WithNetwork</c>; two resources talk only over a network they share. An internal
/// network has no route out of the deployment; only <c>web</c>, where the edge proxy and public front ends live, is public.
/// </summary>
internal sealed class NetworkResource(string name, bool isInternal) : Resource(name)
{
    public bool IsInternal { get; } = isInternal;
}

internal static class NetworkBuilderExtensions
{
    public static IResourceBuilder<NetworkResource> AddNetwork(this DistributedApplicationBuilder builder, string name, bool isInternal = true) =>
        builder.AddResource(new NetworkResource(name, isInternal));
}
