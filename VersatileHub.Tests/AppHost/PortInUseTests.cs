using System.Net;
using System.Net.Sockets;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.Tests.AppHost;

public sealed class PortInUseTests
{
    [Fact]
    public async Task A_taken_port_stops_the_run_before_anything_starts_naming_the_resource_and_the_port()
    {
        var portOffset = SuiteModel.FindFreePortOffset();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"vh-apphost-port-{Guid.NewGuid():N}");
        await using var app = SuiteModel.Build(portOffset, $"--AppHost:DataDirectory={dataDirectory}");
        var redisPort = app.Model.GetResource<RedisResource>("redis").GetEndpoint("tcp").Port;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var squatter = new TcpListener(IPAddress.Loopback, redisPort);
        squatter.Start();
        try
        {
            var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.RunAsync(timeout.Token));

            Assert.Contains($"Port {redisPort} for 'redis'", error.Message, StringComparison.Ordinal);
            Assert.Contains("AppHost__PortOffset", error.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dataDirectory), "Nothing should have started, not even the data folder.");
        }
        finally
        {
            squatter.Stop();
        }
    }
}
