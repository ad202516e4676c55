namespace VersatileHub.AppHost.Orchestration;

internal enum ResourceState
{
    /// <summary>Not started yet: something it waits for is not healthy.</summary>
    Waiting,
    Starting,
    /// <summary>The process runs but has not passed its readiness check yet.</summary>
    Running,
    Healthy,
    /// <summary>Was healthy, but its last periodic health check failed.</summary>
    Unhealthy,
    Failed,
    /// <summary>The process ended by itself.</summary>
    Exited,
    Stopping,
    Stopped,
}
