using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using VersatileHub.AppHost.Dashboard;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Telemetry;
using VersatileHub.AppHost.Topology;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>
/// Runs the model on this machine: PostgreSQL and Redis from the machine's packages, projects from their build output,
/// executables as they are, with the dashboard (and its OTLP receiver) up before anything starts. A resource starts once
/// everything it waits for is healthy; independent resources start together. Once up, every resource's health is checked
/// every few seconds; the dashboard can restart one. Stopping goes in reverse start order.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LocalRunner : IResourceCommands
{
    private readonly DistributedApplicationModel _model;
    private readonly AppHostOptions _options;
    private readonly IConfiguration _configuration;
    private readonly string _repositoryDirectory;
    private readonly TextWriter _output;
    private readonly List<IResource> _runnable;
    private readonly ResourceMonitor _monitor;
    private readonly ConsoleDashboard _console;
    private readonly Lock _gate = new();
    // The resources with a process, in the order they first started, and each one's current process.
    private readonly List<IResource> _started = [];
    private readonly Dictionary<IResource, ResourceProcess> _processes = [];
    private readonly HashSet<IResource> _restarting = [];
    private readonly List<Task> _restarts = [];
    private Runners? _runners;
    private CancellationToken _runStopping;
    private volatile bool _stopping;

    public LocalRunner(DistributedApplicationModel model, AppHostOptions options, IConfiguration configuration, string repositoryDirectory, TextWriter? output = null)
    {
        _model = model;
        _options = options;
        _configuration = configuration;
        _repositoryDirectory = repositoryDirectory;
        _output = output ?? Console.Out;
        _runnable = [.. model.Resources.Where(IsRunnableHere)];
        _monitor = new ResourceMonitor(_runnable);
        _console = new ConsoleDashboard(_monitor, _output, useColour: output is null && !Console.IsOutputRedirected);
    }

    /// <summary>What the run knows about its resources; the dashboard and the tests read it.</summary>
    public ResourceMonitor Monitor => _monitor;

    /// <summary>Set once the dashboard is up.</summary>
    public DashboardServer? Dashboard { get; private set; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _runStopping = stoppingToken;

        // Everything that can be known to fail fails here, before any process starts.
        var dashboardPort = _options.DashboardPort == 0 ? 0 : _options.DashboardPort + _options.PortOffset;
        PortAvailability.EnsureFree(_runnable);
        PortAvailability.EnsureFree("the dashboard", dashboardPort);
        var postgresBin = _runnable.OfType<PostgresServerResource>().Any() ? PostgresRunner.FindBinDirectory() : "";
        var redisServer = _runnable.OfType<RedisResource>().Any() ? RedisRunner.FindServer() : "";
        foreach (var project in _runnable.OfType<ProjectResource>())
        {
            ProjectRunner.EnsureBuilt(project);
        }

        var otlpApiKey = DashboardServer.NewToken();
        var telemetry = new TelemetryStore();
        using var relay = new OtlpRelay();
        await using var dashboard = await DashboardServer.StartAsync(
            dashboardPort, _options.DashboardToken ?? DashboardServer.NewToken(), otlpApiKey, _monitor, telemetry, this, relay, stoppingToken);
        Dashboard = dashboard;
        // The first line of the run, as Aspire's: the address that signs a browser in.
        await _output.WriteLineAsync($"Login to the dashboard at {dashboard.LoginUrl}");

        var dataDirectory = Directory.CreateDirectory(
            Path.GetFullPath(_options.DataDirectory ?? Path.Combine(_repositoryDirectory, ".versatilehub"))).FullName;
        var parameters = await SecretStore.LoadOrCreateAsync(dataDirectory, _model.Resources.OfType<ParameterResource>(), _configuration, stoppingToken);
        var context = new EnvironmentContext(parameters, _options.EnvironmentName, dashboard.Address.ToString().TrimEnd('/'))
        {
            DataDirectory = dataDirectory,
            OtlpProtocol = OtlpReceiver.Protocol,
            OtlpHeaders = OtlpReceiver.HeadersFor(otlpApiKey),
        };
        TelemetryDashboard.ConnectRelay(relay, _model, context);

        using var health = new HttpHealthCheck();
        using var postgres = new PostgresRunner(postgresBin, dataDirectory, context, _monitor);
        _runners = new Runners(
            postgres,
            new RedisRunner(redisServer, dataDirectory, context, _monitor),
            new ProjectRunner(context, _monitor, health),
            new ExecutableRunner(context, _monitor, health),
            health);

        _console.Announce($"VersatileHub AppHost: data in {dataDirectory}, port offset {_options.PortOffset}. Ctrl+C stops everything.");
        var notRun = _model.Resources.Where(r => r is ContainerResource or MySqlServerResource or MySqlDatabaseResource).Select(r => r.Name).ToList();
        if (notRun.Count > 0)
        {
            _console.Announce($"Not run here (they need a container engine; `publish` deploys them): {string.Join(", ", notRun)}.");
        }

        try
        {
            await StartAllAsync(stoppingToken);
            _console.ShowTable();
            _console.ShowTableOnEveryChange(true);
            await CheckHealthUntilStoppedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM, while starting or running.
        }
        finally
        {
            await StopAllAsync();
        }
    }

    public bool CanRestart(IResource resource) =>
        resource is PostgresServerResource or RedisResource or ProjectResource or ExecutableResource && _runnable.Contains(resource);

    public RestartRequest RequestRestart(IResource resource)
    {
        if (!CanRestart(resource))
        {
            return RestartRequest.NotRestartable;
        }

        lock (_gate)
        {
            if (_stopping || _runners is null || _restarting.Contains(resource)
                || _monitor.GetState(resource) is ResourceState.Waiting or ResourceState.Starting or ResourceState.Stopping)
            {
                return RestartRequest.Busy;
            }

            _restarting.Add(resource);
            _restarts.RemoveAll(r => r.IsCompleted);
            _restarts.Add(RestartAsync(resource));
        }

        return RestartRequest.Accepted;
    }

    // Parameters and networks are not processes; containers need an engine this machine does not have; an existing
    // database (a connection string) is already running somewhere else.
    private static bool IsRunnableHere(IResource resource) =>
        resource is PostgresServerResource or PostgresDatabaseResource or RedisResource or ProjectResource or ExecutableResource;

    private Task StartAsync(IResource resource, CancellationToken cancellationToken)
    {
        var runners = _runners!;
        return resource switch
        {
            PostgresServerResource server => StartPostgresAsync(server, runners.Postgres, cancellationToken),
            PostgresDatabaseResource database => runners.Postgres.EnsureDatabaseAsync(database, cancellationToken),
            RedisResource cache => WatchAsync(runners.Redis.Start(cache), runners.Redis.WaitUntilReadyAsync, cancellationToken),
            ProjectResource project => WatchAsync(runners.Projects.Start(project), runners.Projects.WaitUntilHealthyAsync, cancellationToken),
            ExecutableResource executable => WatchAsync(runners.Executables.Start(executable), runners.Executables.WaitUntilReadyAsync, cancellationToken),
            _ => throw new NotSupportedException($"Running a {resource.GetType().Name} locally is not supported yet."),
        };
    }

    /// <summary>The periodic health check of a resource that is up.</summary>
    private async Task<bool> IsHealthyAsync(IResource resource, CancellationToken cancellationToken)
    {
        var runners = _runners!;
        ResourceProcess? process;
        lock (_gate)
        {
            process = _processes.GetValueOrDefault(resource);
        }

        return resource switch
        {
            PostgresServerResource server => await runners.Postgres.AcceptsConnectionsAsync(server, cancellationToken),
            PostgresDatabaseResource database => await runners.Postgres.AcceptsConnectionsAsync(database, cancellationToken),
            RedisResource cache => await runners.Redis.AnswersPingAsync(cache, cancellationToken),
            ProjectResource project => await runners.Health.PassesAsync(project, cancellationToken),
            ExecutableResource when process is not null => await runners.Executables.IsHealthyAsync(process, cancellationToken),
            _ => false,
        };
    }

    private async Task StartAllAsync(CancellationToken stoppingToken)
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
                _monitor.SetState(resource, ResourceState.Starting);
                // One failure cancels every other start in flight.
                await StartAsync(resource, startup.Token);
                _monitor.SetState(resource, ResourceState.Healthy);
                healthy[resource].SetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException || !startup.IsCancellationRequested)
            {
                _monitor.SetState(resource, ResourceState.Failed);
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

    private async Task StartPostgresAsync(PostgresServerResource server, PostgresRunner postgres, CancellationToken cancellationToken)
    {
        await postgres.InitializeAsync(server, cancellationToken);
        await WatchAsync(postgres.Start(server), postgres.WaitUntilReadyAsync, cancellationToken);
    }

    private async Task WatchAsync(
        ResourceProcess process, Func<ResourceProcess, TimeSpan, CancellationToken, Task> waitUntilReady, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_started.Contains(process.Resource))
            {
                _started.Add(process.Resource);
            }

            _processes[process.Resource] = process;
        }

        _monitor.ProcessStarted(process.Resource, process.Id);
        _ = ReportUnexpectedExitAsync(process);
        await waitUntilReady(process, _options.StartTimeout, cancellationToken);
    }

    // A process that ends by itself is shown as Exited; the rest of the suite keeps running. A restart's old process is expected to end.
    private async Task ReportUnexpectedExitAsync(ResourceProcess process)
    {
        var exitCode = await process.Exited;
        lock (_gate)
        {
            if (_stopping || _restarting.Contains(process.Resource) || _processes.GetValueOrDefault(process.Resource) != process)
            {
                return;
            }
        }

        if (_monitor.GetState(process.Resource) is not ResourceState.Failed)
        {
            _monitor.SetState(process.Resource, ResourceState.Exited, $"code {exitCode}");
        }
    }

    private async Task RestartAsync(IResource resource)
    {
        // Off the caller's thread: the dashboard's request answers at once.
        await Task.Yield();
        try
        {
            ResourceProcess? old;
            lock (_gate)
            {
                old = _processes.GetValueOrDefault(resource);
            }

            _console.Announce($"restarting {resource.Name}");
            if (old is { HasExited: false })
            {
                _monitor.SetState(resource, ResourceState.Stopping);
                await old.StopAsync(_options.StopTimeout);
            }

            _monitor.SetState(resource, ResourceState.Starting);
            await StartAsync(resource, _runStopping);
            _monitor.SetState(resource, ResourceState.Healthy);
        }
        catch (OperationCanceledException) when (_runStopping.IsCancellationRequested)
        {
            // The run is stopping; it stops this resource too.
        }
        catch (Exception e)
        {
            _monitor.SetState(resource, ResourceState.Failed, e.Message);
        }
        finally
        {
            lock (_gate)
            {
                _restarting.Remove(resource);
            }
        }
    }

    private async Task CheckHealthUntilStoppedAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HealthCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var up = _runnable.Where(r => _monitor.GetState(r) is ResourceState.Healthy or ResourceState.Unhealthy);
            await Task.WhenAll(up.Select(r => CheckHealthAsync(r, stoppingToken)));
        }
    }

    private async Task CheckHealthAsync(IResource resource, CancellationToken stoppingToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var healthy = await IsHealthyAsync(resource, attempt.Token);
            _monitor.ReportHealth(resource, healthy, healthy ? null : "the health check failed");
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            _monitor.ReportHealth(resource, false, e is OperationCanceledException ? "the health check timed out" : e.Message);
        }
    }

    private async Task StopAllAsync()
    {
        List<Task> restarts;
        lock (_gate)
        {
            _stopping = true;
            restarts = [.. _restarts];
        }

        // A restart in flight ends first (its start is cancelled), so that its new process is stopped too.
        await Task.WhenAll(restarts);
        List<(IResource Resource, ResourceProcess Process)> started;
        lock (_gate)
        {
            started = [.. _started.Select(r => (r, _processes[r]))];
        }

        _console.ShowTableOnEveryChange(false);
        if (started.Count == 0)
        {
            return;
        }

        _console.Announce("stopping");
        started.Reverse();
        foreach (var (resource, process) in started)
        {
            var alreadyEnded = process.HasExited;
            await process.StopAsync(_options.StopTimeout);
            if (!alreadyEnded)
            {
                _monitor.SetState(resource, ResourceState.Stopped);
            }

            if (resource is PostgresServerResource server)
            {
                foreach (var database in server.Databases.Where(d => _monitor.GetState(d) is ResourceState.Healthy or ResourceState.Unhealthy))
                {
                    _monitor.SetState(database, ResourceState.Stopped);
                }
            }
        }

        _console.ShowTable();
    }

    private sealed record Runners(PostgresRunner Postgres, RedisRunner Redis, ProjectRunner Projects, ExecutableRunner Executables, HttpHealthCheck Health);
}
