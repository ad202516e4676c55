using System.Net;
using System.Net.Sockets;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

internal static class PortAvailability
{
    /// <summary>Fails before anything starts when a port of the model is taken, naming the resource and the port.</summary>
    public static void EnsureFree(IEnumerable<IResource> resources)
    {
        foreach (var resource in resources)
        {
            foreach (var endpoint in resource.GetEndpoints().Select(e => e.AllocatedEndpoint!))
            {
                if (!IsFree(endpoint.Port))
                {
                    throw new DistributedApplicationException(
                        $"Port {endpoint.Port} for '{resource.Name}' is already in use on {endpoint.Host}. " +
                        "Stop the process that holds it (another run of the AppHost?) or move every port with AppHost__PortOffset, e.g. AppHost__PortOffset=1000.");
                }
            }
        }
    }

    /// <summary>Fails when <paramref name="port"/> (not 0, which the system chooses) is taken, naming what needs it.</summary>
    public static void EnsureFree(string what, int port)
    {
        if (port != 0 && !IsFree(port))
        {
            throw new DistributedApplicationException(
                $"Port {port} for {what} is already in use on 127.0.0.1. " +
                "Stop the process that holds it (another run of the AppHost?) or move every port with AppHost__PortOffset, e.g. AppHost__PortOffset=1000.");
        }
    }

    internal static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
