using System.Threading.Channels;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>
/// What a run knows about each resource right now: its state, its last health check and the last
/// <see cref="LogCapacity"/> lines of its output. The console and the web dashboard are views of it; they follow it
/// through <see cref="WatchStates"/> and <see cref="WatchLogs"/>.
/// </summary>
internal sealed class ResourceMonitor
{
    public const int LogCapacity = 1000;

    // A browser that stops reading loses its oldest updates rather than slowing the run down.
    private static readonly BoundedChannelOptions WatchOptions = new(LogCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true };

    private readonly Lock _gate = new();
    private readonly Dictionary<IResource, Entry> _entries;
    private readonly List<Channel<ResourceSnapshot>> _stateWatchers = [];
    private readonly TimeProvider _time;

    public ResourceMonitor(IEnumerable<IResource> resources, TimeProvider? time = null)
    {
        Resources = [.. resources];
        _entries = Resources.ToDictionary(r => r, _ => new Entry());
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The resources of the run, in the model's order.</summary>
    public IReadOnlyList<IResource> Resources { get; }

    /// <summary>Raised after every change of state or health, outside the monitor's lock.</summary>
    public event Action<ResourceSnapshot>? StateChanged;

    /// <summary>Raised for every line a resource writes, outside the monitor's lock.</summary>
    public event Action<IResource, LogLine>? Logged;

    public IResource? Find(string name) => Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    public void Log(IResource resource, string text, bool isError = false)
    {
        var line = new LogLine(0, _time.GetUtcNow(), text, isError);
        List<Channel<LogLine>> watchers;
        lock (_gate)
        {
            var entry = _entries[resource];
            line = line with { Number = ++entry.LinesWritten };
            entry.Lines.Enqueue(line);
            if (entry.Lines.Count > LogCapacity)
            {
                entry.Lines.Dequeue();
            }

            watchers = [.. entry.LogWatchers];
        }

        foreach (var watcher in watchers)
        {
            watcher.Writer.TryWrite(line);
        }

        Logged?.Invoke(resource, line);
    }

    public ResourceState GetState(IResource resource)
    {
        lock (_gate)
        {
            return _entries[resource].State;
        }
    }

    public void SetState(IResource resource, ResourceState state, string? detail = null) =>
        Change(resource, entry =>
        {
            if (entry.State == state && entry.Detail == detail)
            {
                return false;
            }

            entry.State = state;
            entry.Detail = detail;
            if (state is not (ResourceState.Healthy or ResourceState.Unhealthy))
            {
                entry.Health = null;
            }

            return true;
        });

    /// <summary>A process of the resource has started (the first, or after a restart): it is <see cref="ResourceState.Running"/> until its readiness check passes.</summary>
    public void ProcessStarted(IResource resource, int processId) =>
        Change(resource, entry =>
        {
            entry.ProcessId = processId;
            entry.StartedAt = _time.GetUtcNow();
            entry.Starts++;
            entry.State = ResourceState.Running;
            entry.Detail = $"pid {processId}";
            entry.Health = null;
            return true;
        });

    /// <summary>
    /// Records a periodic health check of a resource that is up: it moves between <see cref="ResourceState.Healthy"/> and
    /// <see cref="ResourceState.Unhealthy"/>; a resource in any other state (starting, stopping, exited) keeps it.
    /// </summary>
    public void ReportHealth(IResource resource, bool healthy, string? problem = null) =>
        Change(resource, entry =>
        {
            var previous = (entry.State, entry.Detail, entry.Health?.Problem);
            entry.Health = new HealthReport(_time.GetUtcNow(), healthy, healthy ? null : problem);
            if (entry.State is ResourceState.Healthy or ResourceState.Unhealthy)
            {
                entry.State = healthy ? ResourceState.Healthy : ResourceState.Unhealthy;
                entry.Detail = healthy ? null : problem;
            }

            // A repeated result changes only the time of the check: the console stays quiet, the web page updates.
            return previous != (entry.State, entry.Detail, entry.Health.Problem);
        }, announceUnchanged: true);

    public ResourceSnapshot Snapshot(IResource resource)
    {
        lock (_gate)
        {
            return SnapshotOf(resource, _entries[resource]);
        }
    }

    public IReadOnlyList<ResourceSnapshot> Snapshots()
    {
        lock (_gate)
        {
            return [.. Resources.Select(r => SnapshotOf(r, _entries[r]))];
        }
    }

    /// <summary>Every later change of any resource, until the watch is disposed.</summary>
    public Watch<ResourceSnapshot> WatchStates()
    {
        var channel = Channel.CreateBounded<ResourceSnapshot>(WatchOptions);
        lock (_gate)
        {
            _stateWatchers.Add(channel);
        }

        return new Watch<ResourceSnapshot>([], channel.Reader, () =>
        {
            lock (_gate)
            {
                _stateWatchers.Remove(channel);
            }
        });
    }

    /// <summary>The lines kept so far, then every later line of <paramref name="resource"/>, with none lost or repeated in between.</summary>
    public Watch<LogLine> WatchLogs(IResource resource)
    {
        var channel = Channel.CreateBounded<LogLine>(WatchOptions);
        lock (_gate)
        {
            var entry = _entries[resource];
            entry.LogWatchers.Add(channel);
            return new Watch<LogLine>([.. entry.Lines], channel.Reader, () =>
            {
                lock (_gate)
                {
                    entry.LogWatchers.Remove(channel);
                }
            });
        }
    }

    private void Change(IResource resource, Func<Entry, bool> change, bool announceUnchanged = false)
    {
        ResourceSnapshot snapshot;
        List<Channel<ResourceSnapshot>> watchers;
        bool changed;
        lock (_gate)
        {
            var entry = _entries[resource];
            changed = change(entry);
            if (!changed && !announceUnchanged)
            {
                return;
            }

            snapshot = SnapshotOf(resource, entry);
            watchers = [.. _stateWatchers];
        }

        foreach (var watcher in watchers)
        {
            watcher.Writer.TryWrite(snapshot);
        }

        if (changed)
        {
            StateChanged?.Invoke(snapshot);
        }
    }

    private static ResourceSnapshot SnapshotOf(IResource resource, Entry entry) =>
        new(resource, entry.State, entry.Detail, entry.Health, entry.ProcessId, entry.StartedAt, entry.Starts);

    private sealed class Entry
    {
        public ResourceState State { get; set; } = ResourceState.Waiting;

        public string? Detail { get; set; }

        public HealthReport? Health { get; set; }

        public int? ProcessId { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public int Starts { get; set; }

        public long LinesWritten { get; set; }

        public Queue<LogLine> Lines { get; } = new();

        public List<Channel<LogLine>> LogWatchers { get; } = [];
    }
}

/// <summary>One resource as the monitor knows it at one moment.</summary>
/// <param name="ProcessId">The process running it now, or that ran it last.</param>
/// <param name="Starts">How many times a process of it was started in this run: 2 after one restart.</param>
internal sealed record ResourceSnapshot(
    IResource Resource, ResourceState State, string? Detail, HealthReport? Health, int? ProcessId, DateTimeOffset? StartedAt, int Starts)
{
    public override string ToString() => Detail is null ? $"{State}" : $"{State} ({Detail})";
}

/// <summary>The last periodic health check of a resource that is up.</summary>
internal sealed record HealthReport(DateTimeOffset CheckedAt, bool Healthy, string? Problem);

/// <summary>A line of a resource's output; <see cref="Number"/> counts from 1 since the run started, across restarts.</summary>
internal sealed record LogLine(long Number, DateTimeOffset Time, string Text, bool IsError);

/// <summary>What was there when the watch began (<see cref="Backlog"/>), then what comes later (<see cref="Updates"/>).</summary>
internal sealed class Watch<T>(IReadOnlyList<T> backlog, ChannelReader<T> updates, Action stop) : IDisposable
{
    public IReadOnlyList<T> Backlog { get; } = backlog;

    public ChannelReader<T> Updates { get; } = updates;

    public void Dispose() => stop();
}
