using System.Diagnostics.Metrics;

namespace VersatileHub.Agent.Models;

/// <summary>The agent's meter (<c>VersatileHub.Agent</c>): tool calls, tokens and where a reply's time went.</summary>
public sealed class AgentTelemetry : IDisposable
{
    public const string MeterName = "VersatileHub.Agent";

    private readonly Meter _meter;
    private readonly Counter<long> _toolCalls;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _modelTime;
    private readonly Histogram<double> _ownTime;
    private readonly Counter<long> _modelFailures;

    public AgentTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _toolCalls = _meter.CreateCounter<long>("vh.agent.tool_calls", "{call}", "Tool calls by tool and status.");
        _tokens = _meter.CreateCounter<long>("vh.agent.tokens", "{token}", "Model tokens by tenant, model and kind (input, output).");
        _modelTime = _meter.CreateHistogram<double>("vh.agent.reply.model_time", "ms", "Time a reply spent waiting for the model.");
        _ownTime = _meter.CreateHistogram<double>("vh.agent.reply.own_time", "ms", "Time a reply spent in the agent itself (context, tools, posting).");
        _modelFailures = _meter.CreateCounter<long>("vh.agent.model_failures", "{failure}", "Model requests that failed, by model and reason.");
    }

    public void ToolCalled(string tool, string status) =>
        _toolCalls.Add(1, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("status", status));

    public void TokensUsed(int tenant, string model, long input, long output)
    {
        _tokens.Add(input, new("tenant", tenant), new("model", model), new("kind", "input"));
        _tokens.Add(output, new("tenant", tenant), new("model", model), new("kind", "output"));
    }

    public void ReplyTimed(TimeSpan model, TimeSpan own)
    {
        _modelTime.Record(model.TotalMilliseconds);
        _ownTime.Record(own.TotalMilliseconds);
    }

    public void ModelFailed(string model, string reason) =>
        _modelFailures.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
