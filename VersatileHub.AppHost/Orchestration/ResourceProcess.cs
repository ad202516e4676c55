using System.Diagnostics;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>A child process of the run whose output lines go to the <see cref="ResourceMonitor"/> under the resource's name.</summary>
internal sealed class ResourceProcess
{
    private readonly Process _process;

    private ResourceProcess(IResource resource, Process process, int stopSignal)
    {
        Resource = resource;
        _process = process;
        StopSignal = stopSignal;
        Id = process.Id;
        Exited = WaitForExitCodeAsync();
    }

    public IResource Resource { get; }

    public int Id { get; }

    /// <summary>The signal that asks this kind of process to shut down cleanly.</summary>
    public int StopSignal { get; }

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public static ResourceProcess Start(
        IResource resource,
        Command command,
        ResourceMonitor monitor,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        int stopSignal = Libc.SIGTERM)
    {
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, isError: true);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new DistributedApplicationException($"Cannot start '{resource.Name}' ({command.FileName}): {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ResourceProcess(resource, process, stopSignal);

        void Forward(string? line, bool isError)
        {
            if (line is not null)
            {
                monitor.Log(resource, line, isError);
            }
        }
    }

    /// <summary>Sends the stop signal and waits; kills the process if it is still there after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (HasExited)
        {
            return;
        }

        Libc.SendSignal(Id, StopSignal);
        if (await Task.WhenAny(Exited, Task.Delay(timeout)) != Exited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the wait and the kill.
            }

            await Exited;
        }
    }

    private async Task<int> WaitForExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        var exitCode = _process.ExitCode;
        _process.Dispose();
        return exitCode;
    }
}
