using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Runtime.Versioning;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Orchestration;

using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.AppHost;

/// <summary>Runs the real AppHost as `dotnet run` would, against real PostgreSQL, Redis and the five services.</summary>
[SupportedOSPlatform("linux")]
public sealed class AppHostRunTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory;
    private readonly ConcurrentQueue<string> _output = new();

    public AppHostRunTests()
    {
        // Under /tmp and world-traversable: as root the AppHost runs PostgreSQL as the postgres user.
        _dataDirectory = Path.Combine("/tmp", $"vh-apphost-run-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    [Fact]
    public async Task Run_brings_every_service_to_healthy_and_SIGTERM_stops_everything_leaving_no_process_behind()
    {
        var portOffset = SuiteModel.FindFreePortOffset();
        await using var model = SuiteModel.Build(portOffset);
        var services = model.Model.Resources.OfType<ProjectResource>().ToList();

        using var appHost = StartAppHost(portOffset);
        var resourceProcesses = new List<int>();
        try
        {
            await WaitUntilHealthyAsync(appHost, services);
            resourceProcesses.AddRange(ProcessTable.DescendantsOf(appHost.Id));
            Assert.True(resourceProcesses.Count >= 7, $"Expected postgres, redis-server and five services under the AppHost; found {Describe(resourceProcesses)}.{Output()}");

            Libc.SendSignal(appHost.Id, Libc.SIGTERM);
            using var stopTimeout = new CancellationTokenSource(StopTimeout);
            await appHost.WaitForExitAsync(stopTimeout.Token);

            Assert.Equal(0, appHost.ExitCode);
            Assert.Empty(resourceProcesses.Where(ProcessTable.IsAlive).Select(pid => $"{pid} {ProcessTable.CommandLineOf(pid)}"));
            Assert.Empty(ProcessTable.ProcessesUsing(_dataDirectory));
        }
        finally
        {
            if (!appHost.HasExited)
            {
                appHost.Kill(entireProcessTree: true);
            }

            foreach (var pid in resourceProcesses.Concat(ProcessTable.ProcessesUsing(_dataDirectory)).Where(ProcessTable.IsAlive))
            {
                Libc.SendSignal(pid, Libc.SIGKILL);
            }
        }
    }

    public void Dispose()
    {
        foreach (var pid in ProcessTable.ProcessesUsing(_dataDirectory))
        {
            Libc.SendSignal(pid, Libc.SIGKILL);
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Process StartAppHost(int portOffset) => SuiteModel.StartBuiltAppHost(
        new Dictionary<string, string>
        {
            ["AppHost__DataDirectory"] = _dataDirectory,
            ["AppHost__PortOffset"] = $"{portOffset}",
            ["AppHost__StartTimeout"] = "00:01:30",
        },
        _output.Enqueue);

    private async Task WaitUntilHealthyAsync(Process appHost, IReadOnlyList<ProjectResource> services)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        var pending = services.ToList();
        while (pending.Count > 0)
        {
            Assert.False(appHost.HasExited, $"The AppHost exited before every service was healthy.{Output()}");
            Assert.True(DateTime.UtcNow < deadline, $"Not healthy within {StartTimeout}: {string.Join(", ", pending)}.{Output()}");

            foreach (var service in pending.ToList())
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"{service.GetEndpoint("http").Url}/health"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        pending.Remove(service);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Slow to answer while starting.
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static string Describe(IEnumerable<int> pids) => string.Join("; ", pids.Select(pid => $"{pid} {ProcessTable.CommandLineOf(pid)}"));

    private string Output() => $"{Environment.NewLine}AppHost output:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}";
}
