namespace VersatileHub.Flow.Expressions;

/// <summary>An expression that does not parse or throws: fails its node, naming the expression and the reason.</summary>
public sealed class ExpressionFailedException(string expression, string reason, Exception? inner = null)
    : Exception($"The expression {expression} failed: {reason}", inner)
{
    public string Expression { get; } = expression;

    public string Reason { get; } = reason;
}
