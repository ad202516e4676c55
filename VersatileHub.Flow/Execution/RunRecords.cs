namespace VersatileHub.Flow.Execution;

/// <summary>A run's row as the engine writes it (one upsert per flush; JSON as text).</summary>
internal sealed record RunRecord(
    Guid Id,
    int TenantId,
    Guid WorkflowId,
    int WorkflowVersion,
    RunStatus Status,
    string TriggerNode,
    string TriggeredBy,
    string TriggerItems,
    DateTimeOffset QueuedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? LeasedBy,
    DateTimeOffset? LeaseUntil,
    string? Error,
    string? FailedNode,
    Guid? RetryOf,
    int? ConcurrencyLimit);

/// <summary>A step's row as the engine writes it: inserted, or updated when a waiting step completes or a failed try is retried.</summary>
internal sealed record StepRecord(
    Guid RunId,
    int TenantId,
    int Sequence,
    string NodeName,
    StepStatus Status,
    string Input,
    string? Output,
    string? Error,
    int Attempts,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A run a worker has just taken from the queue.</summary>
internal sealed record ClaimedRun(
    Guid Id,
    int TenantId,
    Guid WorkflowId,
    int WorkflowVersion,
    string TriggerNode,
    string TriggeredBy,
    string TriggerItems,
    DateTimeOffset QueuedAt,
    DateTimeOffset DueAt,
    DateTimeOffset StartedAt,
    bool Resumed,
    Guid? RetryOf,
    int? ConcurrencyLimit);
