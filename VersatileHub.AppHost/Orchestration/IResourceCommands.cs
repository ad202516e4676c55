using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>What the dashboard may ask of a run.</summary>
internal interface IResourceCommands
{
    /// <summary>Stops the resource's process and starts it again in the background; the monitor reports each step.</summary>
    RestartRequest RequestRestart(IResource resource);

    /// <summary>The resource has a process of its own here, which <see cref="RequestRestart"/> can stop and start again.</summary>
    bool CanRestart(IResource resource);
}

internal enum RestartRequest
{
    Accepted,
    /// <summary>The resource has no process of its own here (a database on its server, a parameter).</summary>
    NotRestartable,
    /// <summary>It is starting, stopping or restarting already, or the run is stopping.</summary>
    Busy,
}
