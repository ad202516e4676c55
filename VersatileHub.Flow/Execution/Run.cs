using System.Text.Json.Nodes;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// One execution of one workflow version, queued in flowdb and taken by a worker (<c>FOR UPDATE SKIP LOCKED</c>).
/// Its <see cref="Step"/>s are its history; a run resumes from its last completed step.
/// </summary>
public sealed class Run : ITenantOwned
{
    private Run()
    {
    }

    public Guid Id { get; private set; }

    public int TenantId { get; private set; }

    public Guid WorkflowId { get; private set; }

    public int WorkflowVersion { get; private set; }

    public RunStatus Status { get; private set; }

    /// <summary>The trigger node the run starts at, and what started it (for the runs list: webhook, event type, schedule, manual, error, rerun).</summary>
    public string TriggerNode { get; private set; } = "";

    public string TriggeredBy { get; private set; } = "";

    /// <summary>The trigger's items: the first step's input.</summary>
    public JsonArray TriggerItems { get; private set; } = [];

    public DateTimeOffset QueuedAt { get; private set; }

    /// <summary>Not taken before this time: a Wait node's wake-up or a retry's back-off; now when queued.</summary>
    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>The worker holding the run and until when; an expired lease lets another worker take it over.</summary>
    public string? LeasedBy { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    public string? Error { get; private set; }

    public string? FailedNode { get; private set; }

    /// <summary>The run this one re-runs from its failed node, if any.</summary>
    public Guid? RetryOf { get; private set; }

    /// <summary>The workflow's <c>maxConcurrency</c> when queued: at most this many of its runs execute at once.</summary>
    public int? ConcurrencyLimit { get; private set; }

    public static Run Queue(int tenantId, Guid workflowId, int workflowVersion, string triggerNode, string triggeredBy, JsonArray triggerItems, DateTimeOffset now,
        int? concurrencyLimit = null, Guid? retryOf = null) =>
        new()
        {
            ConcurrencyLimit = concurrencyLimit,
            RetryOf = retryOf,
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            WorkflowId = workflowId,
            WorkflowVersion = workflowVersion,
            Status = RunStatus.Queued,
            TriggerNode = triggerNode,
            TriggeredBy = triggeredBy,
            TriggerItems = triggerItems,
            QueuedAt = now,
            DueAt = now,
        };
}

public enum RunStatus
{
    Queued,
    Running,
    Waiting,
    Succeeded,
    Failed,
    Cancelled,
}
