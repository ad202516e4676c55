using System.Text.Json.Nodes;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Execution;

/// <summary>One node's execution within a run: its input and output items, error, attempts and timings (the run's history).</summary>
public sealed class Step : ITenantOwned
{
    private Step()
    {
    }

    public long Id { get; private set; }

    public Guid RunId { get; private set; }

    public int TenantId { get; private set; }

    /// <summary>Execution order within the run, from 1.</summary>
    public int Sequence { get; private set; }

    public string NodeName { get; private set; } = "";

    public StepStatus Status { get; private set; }

    public JsonArray Input { get; private set; } = [];

    /// <summary>Items per output index, as the node returned them (secrets masked).</summary>
    public JsonArray? Output { get; private set; }

    public string? Error { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public static Step Start(Guid runId, int tenantId, int sequence, string nodeName, JsonArray input, DateTimeOffset now) =>
        new() { RunId = runId, TenantId = tenantId, Sequence = sequence, NodeName = nodeName, Status = StepStatus.Running, Input = input, StartedAt = now, Attempts = 1 };

    /// <summary>A completed step carried into a re-run, which replays it instead of executing its node again.</summary>
    public Step CopyTo(Guid runId) =>
        new()
        {
            RunId = runId, TenantId = TenantId, Sequence = Sequence, NodeName = NodeName, Status = Status, Input = (JsonArray)Input.DeepClone(),
            Output = (JsonArray?)Output?.DeepClone(), Error = Error, Attempts = Attempts, StartedAt = StartedAt, FinishedAt = FinishedAt,
        };
}

public enum StepStatus
{
    Running,
    Waiting,
    Succeeded,
    Failed,
}
