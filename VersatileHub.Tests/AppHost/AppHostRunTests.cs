using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Runtime.Versioning;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Orchestration;

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
            resourceProcesses.AddRange(DescendantsOf(appHost.Id));
            Assert.True(resourceProcesses.Count >= 7, $"Expected postgres, redis-server and five services under the AppHost; found {Describe(resourceProcesses)}.{Output()}");

            Libc.SendSignal(appHost.Id, Libc.SIGTERM);
            using var stopTimeout = new CancellationTokenSource(StopTimeout);
            await appHost.WaitForExitAsync(stopTimeout.Token);

            Assert.Equal(0, appHost.ExitCode);
            Assert.Empty(resourceProcesses.Where(IsAlive).Select(pid => $"{pid} {CommandLineOf(pid)}"));
            Assert.Empty(ProcessesUsing(_dataDirectory));
        }
        finally
        {
            if (!appHost.HasExited)
            {
                appHost.Kill(entireProcessTree: true);
            }

            foreach (var pid in resourceProcesses.Concat(ProcessesUsing(_dataDirectory)).Where(IsAlive))
            {
                Libc.SendSignal(pid, Libc.SIGKILL);
            }
        }
    }

    public void Dispose()
    {
        foreach (var pid in ProcessesUsing(_dataDirectory))
        {
            Libc.SendSignal(pid, Libc.SIGKILL);
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Process StartAppHost(int portOffset)
    {
        var repository = DistributedApplication.CreateBuilder([]).RepositoryDirectory;
        var configuration = typeof(AppHostRunTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var appHostAssembly = Path.Combine(repository, "VersatileHub.AppHost", "bin", configuration, "net10.0", "VersatileHub.AppHost.dll");
        Assert.True(File.Exists(appHostAssembly), $"{appHostAssembly} is missing; build the tests first.");

        var startInfo = new ProcessStartInfo(Environment.ProcessPath!)
        {
            ArgumentList = { appHostAssembly },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            Environment =
            {
                ["AppHost__DataDirectory"] = _dataDirectory,
                ["AppHost__PortOffset"] = $"{portOffset}",
                ["AppHost__StartTimeout"] = "00:01:30",
            },
        };
        var appHost = Process.Start(startInfo)!;
        appHost.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        appHost.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();
        return appHost;
    }

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

    private string Output() => $"{Environment.NewLine}AppHost output:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}";

    private static IEnumerable<int> DescendantsOf(int root)
    {
        var parents = AllProcesses().ToDictionary(pid => pid, ParentOf);
        var descendants = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                descendants.Add(child);
                frontier.Enqueue(child);
            }
        }

        return descendants;
    }

    private static IEnumerable<int> ProcessesUsing(string path) =>
        AllProcesses().Where(pid => CommandLineOf(pid).Contains(path, StringComparison.Ordinal) && IsAlive(pid)).ToList();

    private static IEnumerable<int> AllProcesses() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    // A zombie has exited; only its exit status is left for a parent to collect.
    private static bool IsAlive(int pid) => StatOf(pid) is { } stat && stat[0] != "Z";

    private static int ParentOf(int pid) => StatOf(pid) is { } stat ? int.Parse(stat[1], System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>The fields of /proc/[pid]/stat after the command name: state, ppid, ...</summary>
    private static string[]? StatOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string Describe(IEnumerable<int> pids) => string.Join("; ", pids.Select(pid => $"{pid} {CommandLineOf(pid)}"));
}
