namespace VersatileHub.Flow.Workflows;

/// <summary>A definition (or name) that cannot be saved, with every reason: a 400 naming each node and field.</summary>
public sealed class InvalidDefinitionException(IReadOnlyList<DefinitionError> errors)
    : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;

    public static InvalidDefinitionException Of(string? node, string field, string message) => new([new DefinitionError(node, field, message)]);
}

/// <summary>A save that lost a race or clashes with another workflow (a stale version, a taken name or webhook route): a 409.</summary>
public sealed class WorkflowConflictException(string? node, string field, string message) : Exception(message)
{
    public string? Node { get; } = node;

    public string Field { get; } = field;
}
