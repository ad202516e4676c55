using System.Text.Json.Nodes;

namespace VersatileHub.Flow.Expressions;

/// <summary>Evaluates <c>{{ ... }}</c> expressions in parameters with Jint (the engine's work fills this in).</summary>
public static class ExpressionEvaluator
{
    /// <summary>The syntax error in the expressions of <paramref name="text"/>, or null when they parse.</summary>
    public static string? Check(string text) => null;

    /// <summary>Whether an event trigger's filter (a JavaScript expression over <c>$event</c>, the envelope) holds for <paramref name="envelope"/>.</summary>
    public static bool Matches(string filter, JsonObject envelope) => throw new NotSupportedException("Filters are evaluated once the engine's expressions land.");
}
