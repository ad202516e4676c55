using System.Diagnostics;
using System.Reflection;
using VersatileHub.AppHost.Orchestration;
using VersatileHub.AppHost;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.Tests.AppHost;

/// <summary>The AppHost's real topology, built as `run` builds it.</summary>
internal static class SuiteModel
{
    public static DistributedApplication Build(int portOffset, params string[] args)
    {
        var builder = DistributedApplication.CreateBuilder([$"--AppHost:PortOffset={portOffset}", .. args]);
        Suite.Define(builder);
        return builder.Build();
    }

    /// <summary>A random port offset at which every port of the suite is free now, so that a test run never meets a developer's run.</summary>
    public static int FindFreePortOffset()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        Suite.Define(builder);
        var defaultPorts = builder.Resources.SelectMany(r => r.GetEndpoints()).Select(e => e.Port).Append(AppHostOptions.DefaultDashboardPort).ToList();

        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Below the kernel's ephemeral range (32768+), where outgoing connections take their ports.
            var offset = Random.Shared.Next(100, 16000);
            if (defaultPorts.All(port => PortAvailability.IsFree(port + offset)))
            {
                return offset;
            }
        }

        throw new InvalidOperationException("No free port offset found for the suite.");
    }

    /// <summary>
    /// Starts the built AppHost as `./run.sh` runs it, with <paramref name="environment"/> (which its children inherit),
    /// every line of its output handed to <paramref name="output"/>.
    /// </summary>
    public static Process StartBuiltAppHost(IReadOnlyDictionary<string, string> environment, Action<string> output)
    {
        var repository = DistributedApplication.CreateBuilder([]).RepositoryDirectory;
        var configuration = typeof(SuiteModel).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var appHostAssembly = Path.Combine(repository, "VersatileHub.AppHost", "bin", configuration, "net10.0", "VersatileHub.AppHost.dll");
        Assert.True(File.Exists(appHostAssembly), $"{appHostAssembly} is missing; build the tests first.");

        var startInfo = new ProcessStartInfo(Environment.ProcessPath!)
        {
            ArgumentList = { appHostAssembly },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }
        var appHost = Process.Start(startInfo)!;
        appHost.OutputDataReceived += (_, e) => output(e.Data ?? "");
        appHost.ErrorDataReceived += (_, e) => output(e.Data ?? "");
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();
        return appHost;
    }
}
