namespace VersatileHub.Flow.Workflows;

/// <summary>
/// Why a definition cannot be saved, pointing at the node and the field (a JSON path inside it, e.g.
/// <c>parameters.url</c>) so the editor can mark the spot; both empty for a workflow-wide error.
/// </summary>
public sealed record DefinitionError(string? Node, string? Field, string Message)
{
    public override string ToString() =>
        (Node, Field) switch
        {
            (null, null) => Message,
            (null, _) => $"{Field}: {Message}",
            (_, null) => $"{Node}: {Message}",
            _ => $"{Node}.{Field}: {Message}",
        };
}
