using System.Diagnostics.Metrics;

namespace VersatileHub.Flow.Execution;

/// <summary>Flow's meter (<c>VersatileHub.Flow</c>): workflow runs by how they ended, webhooks received and refused.</summary>
public sealed class FlowMetrics
{
    public const string MeterName = "VersatileHub.Flow";

    private readonly Counter<long> _runs;
    private readonly Counter<long> _webhooks;

    public FlowMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _runs = meter.CreateCounter<long>("vh.flow.runs", description: "Workflow runs that ended or paused, by status.");
        _webhooks = meter.CreateCounter<long>("vh.flow.webhooks", description: "Webhook calls received, by outcome.");
    }

    public void RunEnded(RunStatus status) => _runs.Add(1, new KeyValuePair<string, object?>("status", status.ToString()));

    public void Webhook(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
