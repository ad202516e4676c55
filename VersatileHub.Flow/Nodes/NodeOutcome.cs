using System.Text.Json.Nodes;

namespace VersatileHub.Flow.Nodes;

/// <summary>What a node's execution produced: items on each output, or a durable pause.</summary>
public abstract record NodeOutcome
{
    /// <summary><c>Outputs[i]</c> are the items sent along output <c>i</c> (If: 0 true, 1 false; Switch: one per rule + fallback).</summary>
    public sealed record Completed(IReadOnlyList<IReadOnlyList<JsonObject>> Outputs) : NodeOutcome;

    /// <summary>The run sleeps until <paramref name="ResumeAt"/>, surviving restarts, then continues with <paramref name="Items"/>.</summary>
    public sealed record Waiting(DateTimeOffset ResumeAt, IReadOnlyList<JsonObject> Items) : NodeOutcome;

    /// <summary>All items on output 0, the only output most nodes have.</summary>
    public static Completed Single(IReadOnlyList<JsonObject> items) => new([items]);
}
