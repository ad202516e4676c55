using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>
/// Runs the model on this machine: PostgreSQL and Redis from the machine's packages, projects from their build output.
/// A resource starts once everything it waits for is healthy; independent resources start together.
/// Stopping goes in reverse start order.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LocalRunner(DistributedApplicationModel model, AppHostOptions options, IConfiguration configuration, string repositoryDirectory)
{
    private readonly List<IResource> _runnable = [.. model.Resources.Where(IsRunnableHere)];
    private readonly List<ResourceProcess> _started = [];
    private readonly Lock _gate = new();
    private volatile bool _stopping;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var dashboard = new ConsoleDashboard(_runnable, Console.Out, useColour: !Console.IsOutputRedirected);

        // Everything that can be known to fail fails here, before any process starts.
        PortAvailability.EnsureFree(_runnable);
        var postgresBin = _runnable.OfType<PostgresServerResource>().Any() ? PostgresRunner.FindBinDirectory() : "";
        var redisServer = _runnable.OfType<RedisResource>().Any() ? RedisRunner.FindServer() : "";
        foreach (var project in _runnable.OfType<ProjectResource>())
        {
            ProjectRunner.EnsureBuilt(project);
        }

        var dataDirectory = Directory.CreateDirectory(
            Path.GetFullPath(options.DataDirectory ?? Path.Combine(repositoryDirectory, ".versatilehub"))).FullName;
        var parameters = await SecretStore.LoadOrCreateAsync(dataDirectory, model.Resources.OfType<ParameterResource>(), configuration, stoppingToken);
        var context = new EnvironmentContext(parameters, options.EnvironmentName, configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        using var postgres = new PostgresRunner(postgresBin, dataDirectory, context, dashboard);
        var redis = new RedisRunner(redisServer, dataDirectory, context, dashboard);
        using var projects = new ProjectRunner(context, dashboard);

        dashboard.Announce($"VersatileHub AppHost: data in {dataDirectory}, port offset {options.PortOffset}. Ctrl+C stops everything.");
        var notRun = model.Resources.Where(r => r is ContainerResource or MySqlServerResource or MySqlDatabaseResource).Select(r => r.Name).ToList();
        if (notRun.Count > 0)
        {
            dashboard.Announce($"Not run here (they need a container engine; `publish` deploys them): {string.Join(", ", notRun)}.");
        }

        try
        {
            await StartAllAsync((resource, cancellationToken) => resource switch
            {
                PostgresServerResource server => StartPostgresAsync(server, postgres, dashboard, cancellationToken),
                PostgresDatabaseResource database => postgres.EnsureDatabaseAsync(database, cancellationToken),
                RedisResource cache => StartAsync(redis.Start(cache), redis.WaitUntilReadyAsync, dashboard, cancellationToken),
                ProjectResource project => StartAsync(projects.Start(project), projects.WaitUntilHealthyAsync, dashboard, cancellationToken),
                _ => throw new NotSupportedException($"Running a {resource.GetType().Name} locally is not supported yet."),
            }, dashboard, stoppingToken);

            dashboard.ShowTable();
            dashboard.ShowTableOnEveryChange(true);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM, while starting or running.
        }
        finally
        {
            await StopAllAsync(dashboard);
        }
    }

    // Parameters and networks are not processes; containers need an engine this machine does not have; an existing
    // database (a connection string) is already running somewhere else.
    private static bool IsRunnableHere(IResource resource) =>
        resource is PostgresServerResource or PostgresDatabaseResource or RedisResource or ProjectResource;

    private async Task StartAllAsync(Func<IResource, CancellationToken, Task> start, ConsoleDashboard dashboard, CancellationToken stoppingToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var healthy = _runnable.ToDictionary(r => r, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Exception? failure = null;

        async Task StartWhenReadyAsync(IResource resource)
        {
            try
            {
                var dependencies = DistributedApplicationModel.GetStartDependencies(resource).Where(healthy.ContainsKey);
                await Task.WhenAll(dependencies.Select(d => healthy[d].Task)).WaitAsync(startup.Token);
                dashboard.SetState(resource, ResourceState.Starting);
                // One failure cancels every other start in flight.
                await start(resource, startup.Token);
                dashboard.SetState(resource, ResourceState.Healthy);
                healthy[resource].SetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException || !startup.IsCancellationRequested)
            {
                dashboard.SetState(resource, ResourceState.Failed);
                Interlocked.CompareExchange(ref failure, e, null);
                healthy[resource].SetCanceled(CancellationToken.None);
                await startup.CancelAsync();
            }
            catch (OperationCanceledException)
            {
                healthy[resource].TrySetCanceled(CancellationToken.None);
            }
        }

        await Task.WhenAll(_runnable.Select(StartWhenReadyAsync));
        stoppingToken.ThrowIfCancellationRequested();
        switch (failure)
        {
            case null:
                return;
            case DistributedApplicationException:
                throw failure;
            default:
                throw new DistributedApplicationException($"Starting the suite failed: {failure.Message}", failure);
        }
    }

    private async Task StartPostgresAsync(PostgresServerResource server, PostgresRunner postgres, ConsoleDashboard dashboard, CancellationToken cancellationToken)
    {
        await postgres.InitializeAsync(server, cancellationToken);
        await StartAsync(postgres.Start(server), postgres.WaitUntilReadyAsync, dashboard, cancellationToken);
    }

    private async Task StartAsync(
        ResourceProcess process, Func<ResourceProcess, TimeSpan, CancellationToken, Task> waitUntilReady, ConsoleDashboard dashboard, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _started.Add(process);
        }

        dashboard.SetState(process.Resource, ResourceState.Running, $"pid {process.Id}");
        _ = ReportUnexpectedExitAsync(process, dashboard);
        await waitUntilReady(process, options.StartTimeout, cancellationToken);
    }

    // A project that ends by itself is shown as Exited; the rest of the suite keeps running.
    private async Task ReportUnexpectedExitAsync(ResourceProcess process, ConsoleDashboard dashboard)
    {
        var exitCode = await process.Exited;
        if (!_stopping && dashboard.GetState(process.Resource) is not ResourceState.Failed)
        {
            dashboard.SetState(process.Resource, ResourceState.Exited, $"code {exitCode}");
        }
    }

    private async Task StopAllAsync(ConsoleDashboard dashboard)
    {
        _stopping = true;
        dashboard.ShowTableOnEveryChange(false);
        List<ResourceProcess> started;
        lock (_gate)
        {
            started = [.. _started];
        }

        if (started.Count == 0)
        {
            return;
        }

        dashboard.Announce("stopping");
        started.Reverse();
        foreach (var process in started)
        {
            var alreadyEnded = process.HasExited;
            await process.StopAsync(options.StopTimeout);
            if (!alreadyEnded)
            {
                dashboard.SetState(process.Resource, ResourceState.Stopped);
            }

            if (process.Resource is PostgresServerResource server)
            {
                foreach (var database in server.Databases.Where(d => dashboard.GetState(d) == ResourceState.Healthy))
                {
                    dashboard.SetState(database, ResourceState.Stopped);
                }
            }
        }

        dashboard.ShowTable();
    }
}
