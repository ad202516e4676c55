using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// Start-up as <c>./run.sh</c> does it after a build: the built AppHost (Release here) with a fresh
/// <c>AppHost__DataDirectory</c>, so PostgreSQL is initialised, Redis started, the databases migrated and the five services
/// started in dependency order; timed from the AppHost's launch until every service's <c>/health</c> answers 200, then
/// stopped with Ctrl+C (SIGINT) as a developer stops it.
/// </summary>
internal static class AppHostStartup
{
    private static readonly string[] Services = ["hub", "chat", "agent", "whatsapp", "flow"];

    public static async Task<BenchResult> MeasureAsync()
    {
        var root = ServiceProcess.RepositoryRoot();
        var appHost = Path.Combine(root, "VersatileHub.AppHost", "bin", "Release", "net10.0", "VersatileHub.AppHost.dll");
        if (!File.Exists(appHost))
        {
            throw new InvalidOperationException($"{appHost} is missing: `dotnet build -c Release VersatileHub.AppHost` (./bench.sh suite does).");
        }
        var offset = FreeOffset();
        var data = Directory.CreateTempSubdirectory("vh-suite-apphost-");
        // PostgreSQL runs as the postgres user when the AppHost runs as root; it must reach its folder inside.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var log = Path.Combine(data.FullName, "apphost.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "exec \"$0\" \"$1\" >\"$2\" 2>&1", Environment.ProcessPath ?? "dotnet", appHost, log },
            WorkingDirectory = root,
            UseShellExecute = false,
            Environment =
            {
                ["AppHost__DataDirectory"] = Path.Combine(data.FullName, "data"),
                ["AppHost__PortOffset"] = offset.ToString(CultureInfo.InvariantCulture),
            },
        };
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var healthyAt = new Dictionary<string, TimeSpan>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        try
        {
            while (healthyAt.Count < Services.Length && clock.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
            {
                for (var i = 0; i < Services.Length; i++)
                {
                    if (!healthyAt.ContainsKey(Services[i]) && await IsHealthyAsync(health, 5101 + offset + i))
                    {
                        healthyAt[Services[i]] = clock.Elapsed;
                    }
                }
                await Task.Delay(100);
            }
            var elapsed = clock.Elapsed;
            var all = healthyAt.Count == Services.Length;
            if (!all)
            {
                Console.WriteLine($"suite: the AppHost did not get every service healthy (healthy: {string.Join(", ", healthyAt.Keys)}); its output:");
                Console.WriteLine(string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(40)));
            }
            var order = string.Join(", ", healthyAt.OrderBy(h => h.Value).Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key} {h.Value.TotalSeconds:0.0} s")));
            return new BenchResult(
                $"suite start-up: built AppHost (Release), fresh data folder, to all five services healthy ({order})",
                healthyAt.Count, elapsed, null, null, "< 30 s", all && elapsed < TimeSpan.FromSeconds(30));
        }
        finally
        {
            await StopAsync(process);
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException exception)
            {
                Console.WriteLine($"suite: could not remove {data.FullName}: {exception.Message}");
            }
        }
    }

    /// <summary>Ctrl+C: the AppHost stops the services and the servers in reverse order; killed if it takes over a minute.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        using (var interrupt = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", process.Id.ToString(CultureInfo.InvariantCulture) } })!)
        {
            await interrupt.WaitForExitAsync();
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> IsHealthyAsync(HttpClient client, int port)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/health")));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>An <c>AppHost__PortOffset</c> under which none of the run's ports (services, PostgreSQL, Redis, dashboard) is taken.</summary>
    private static int FreeOffset()
    {
        int[] defaults = [5101, 5102, 5103, 5104, 5105, 15432, 16379, 15888];
        for (var offset = 21_000; offset <= 40_000; offset += 500)
        {
            if (defaults.All(port => IsFree(port + offset)))
            {
                return offset;
            }
        }
        throw new InvalidOperationException("Found no port offset with every port free for the AppHost.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
