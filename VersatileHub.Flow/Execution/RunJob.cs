using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace VersatileHub.Flow.Execution;

/// <summary>A run as the executor takes it: its workflow version, trigger, and the steps already recorded when it resumes.</summary>
internal sealed record RunJob(
    Guid Id,
    int TenantId,
    CompiledWorkflow Workflow,
    string TriggerNode,
    string TriggeredBy,
    IReadOnlyList<JsonObject> TriggerItems,
    string TriggerItemsJson,
    DateTimeOffset QueuedAt,
    DateTimeOffset StartedAt,
    Guid? RetryOf,
    int? ConcurrencyLimit,
    IReadOnlyList<StepRecord> Prior);

/// <summary>How a run ended (or paused), with what a webhook waiting on it answers.</summary>
internal sealed record RunResult(
    Guid RunId,
    RunStatus Status,
    IReadOnlyList<JsonObject> LastItems,
    WebhookReply? Reply,
    string? Error,
    string? FailedNode);

/// <summary>The runs this replica is executing, whose leases it renews.</summary>
internal sealed class LeaseKeeper
{
    private readonly ConcurrentDictionary<Guid, byte> _runs = new();

    public void Hold(Guid run) => _runs[run] = 0;

    public void Drop(Guid run) => _runs.TryRemove(run, out _);

    public IReadOnlyCollection<Guid> Held => [.. _runs.Keys];
}
