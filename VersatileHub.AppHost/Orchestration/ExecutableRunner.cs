using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>
/// Runs an <see cref="ExecutableResource"/> as is, in its working folder with its arguments and environment. It is ready once
/// its HTTP health check passes, or, without one, as soon as it runs (as in Aspire).
/// </summary>
internal sealed class ExecutableRunner(EnvironmentContext context, ResourceMonitor monitor, HttpHealthCheck health)
{
    public ResourceProcess Start(ExecutableResource executable)
    {
        if (!Directory.Exists(executable.WorkingDirectory))
        {
            throw new DistributedApplicationException($"'{executable.Name}' cannot start: its working folder {executable.WorkingDirectory} does not exist.");
        }

        var command = new Command(executable.Command, executable.GetArgs(context));
        return ResourceProcess.Start(executable, command.InOwnSession(), monitor, executable.WorkingDirectory, executable.GetEnvironment(context));
    }

    public Task WaitUntilReadyAsync(ResourceProcess process, TimeSpan timeout, CancellationToken cancellationToken) =>
        HttpHealthCheck.Applies(process.Resource)
            ? Readiness.WaitUntilAsync(process, $"GET {HttpHealthCheck.UriOf(process.Resource)} returning 200", ct => health.PassesAsync(process.Resource, ct), timeout, cancellationToken)
            : Readiness.WaitUntilAsync(process, "running", _ => Task.FromResult(true), timeout, cancellationToken);

    /// <summary>The periodic check: the HTTP health check when it has one, else that its process still runs.</summary>
    public Task<bool> IsHealthyAsync(ResourceProcess process, CancellationToken cancellationToken) =>
        HttpHealthCheck.Applies(process.Resource) ? health.PassesAsync(process.Resource, cancellationToken) : Task.FromResult(!process.HasExited);
}
