using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Flow.Execution;

/// <summary>How this replica's workers take and run the queue (<c>Flow:Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string Section = "Flow:Engine";

    /// <summary>Runs this replica executes at once (across all workflows).</summary>
    [Range(1, 1_000)]
    public int Concurrency { get; set; } = 64;

    /// <summary>Runs taken from the queue in one claim.</summary>
    [Range(1, 1_000)]
    public int ClaimBatch { get; set; } = 64;

    /// <summary>How long a taken run is this worker's; renewed while it runs, so only a dead worker's runs are taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The queue is looked at this often even without a wake-up (due Waits, taken-over runs, a lost notification).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Steps one run may execute; a loop in the connections stops here instead of running forever.</summary>
    [Range(10, 100_000)]
    public int MaxStepsPerRun { get; set; } = 1_000;

    /// <summary>The longest back-off between two tries of a node, however the author set <c>waitBetweenTries</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether this replica executes queued runs (a replica may only receive webhooks and events).</summary>
    public bool Workers { get; set; } = true;

    /// <summary>This replica's name in leases; the machine name and a random suffix when empty.</summary>
    public string? WorkerId { get; set; }
}

/// <summary>How long runs are kept (<c>Flow:History</c>): finished runs older than <see cref="MaxAge"/>, or beyond the newest <see cref="MaxRunsPerWorkflow"/> of their workflow, are deleted with their steps.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Flow:History";

    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(14);

    [Range(1, 10_000_000)]
    public int MaxRunsPerWorkflow { get; set; } = 10_000;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);
}
