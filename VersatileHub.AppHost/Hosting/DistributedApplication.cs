using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VersatileHub.AppHost.Orchestration;

namespace VersatileHub.AppHost.Hosting;

/// <summary>The built suite: <see cref="Run"/> starts every resource locally and stops them on Ctrl+C or SIGTERM.</summary>
internal sealed class DistributedApplication : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _repositoryDirectory;

    internal DistributedApplication(DistributedApplicationModel model, ServiceProvider services, string repositoryDirectory)
    {
        Model = model;
        _services = services;
        _repositoryDirectory = repositoryDirectory;
    }

    public DistributedApplicationModel Model { get; }

    public IServiceProvider Services => _services;

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    /// <summary>Runs until Ctrl+C or SIGTERM; a failure to start is reported on the console and sets a non-zero exit code.</summary>
    public void Run()
    {
        try
        {
            // The one synchronous boundary, so that Program.cs reads like an Aspire AppHost.
            RunAsync().GetAwaiter().GetResult();
        }
        catch (DistributedApplicationException e)
        {
            Console.Error.WriteLine(e.Message);
            Environment.ExitCode = 1;
        }
    }

    /// <summary>Starts every resource, then waits for <paramref name="cancellationToken"/>, Ctrl+C or SIGTERM and stops them all.</summary>
    /// <exception cref="DistributedApplicationException">A resource could not start; whatever had started is stopped again.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new DistributedApplicationException("Running the suite locally is supported on Linux only for now.");
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext signal)
        {
            // Stop the resources in order ourselves instead of dying with them still running.
            signal.Cancel = true;
            stopping.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

        var options = _services.GetRequiredService<IOptions<AppHostOptions>>().Value;
        var configuration = _services.GetRequiredService<IConfiguration>();
        var runner = new LocalRunner(Model, options, configuration, _repositoryDirectory);
        await runner.RunAsync(stopping.Token);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
