using VersatileHub.Agent.Tools;

namespace VersatileHub.Agent.Models;

/// <summary>
/// What happened during one turn of the agent: the tool calls it made, a handoff it asked for, the tokens it spent and the
/// time spent in tools. Filled while the model and its tools run; read once the turn is over.
/// </summary>
public sealed class AgentTurn(int tenantId, ConversationScope? scope)
{
    private readonly List<ToolCallRecord> _toolCalls = [];
    private readonly Lock _lock = new();

    public int TenantId { get; } = tenantId;

    /// <summary>The conversation and customer the tools act for; null for a turn outside a conversation (the ask API).</summary>
    public ConversationScope? Scope { get; } = scope;

    /// <summary>Why the agent asked for a human, once it did: the handoff happens after its reply is posted.</summary>
    public string? HandoffReason { get; private set; }

    public IReadOnlyList<ToolCallRecord> ToolCalls
    {
        get
        {
            lock (_lock)
            {
                return [.. _toolCalls];
            }
        }
    }

    public TimeSpan ToolTime
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromMilliseconds(_toolCalls.Sum(c => c.DurationMs));
            }
        }
    }

    /// <summary>Raised as each tool call ends, for whoever watches the turn live (the operator console's playground).</summary>
    public event Action<ToolCallRecord>? ToolCalled;

    public void Called(ToolCallRecord call)
    {
        lock (_lock)
        {
            _toolCalls.Add(call);
        }
        ToolCalled?.Invoke(call);
    }

    public void AskForHuman(string reason) => HandoffReason ??= reason;
}
