using System.Collections.Concurrent;
using System.Text.Json;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Execution;

/// <summary>A saved version of a workflow as the engine runs it, with what the engine derives from it once.</summary>
internal sealed record CompiledWorkflow(Guid Id, int Version, string Name, WorkflowDefinition Definition)
{
    /// <summary>Whether any parameter reads <c>$vars</c>: only then are the tenant's variables loaded for a run.</summary>
    public bool ReadsVariables { get; } = Definition.Nodes.Any(n => n.Parameters.ToJsonString().Contains("$vars", StringComparison.Ordinal));

    public TimeZoneInfo TimeZone { get; } = FindTimeZone(Definition.Settings.TimeZone);

    private static TimeZoneInfo FindTimeZone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Local;
}

/// <summary>
/// Workflow versions by id and number, read from flowdb once and kept: a saved version never changes, so runs of a busy
/// workflow never read its definition again.
/// </summary>
internal sealed class WorkflowCatalog(RunStore store)
{
    private const int Capacity = 5_000;
    private readonly ConcurrentDictionary<(Guid, int), CompiledWorkflow> _versions = new();

    public async ValueTask<CompiledWorkflow?> FindAsync(Guid workflowId, int version, CancellationToken cancellationToken)
    {
        if (_versions.TryGetValue((workflowId, version), out var known))
        {
            return known;
        }
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT w.name, coalesce(v.definition, CASE WHEN w.version = @version THEN w.definition END)::text
            FROM workflows w LEFT JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = @version
            WHERE w.id = @id
            """;
        command.Parameters.Add(new("id", workflowId));
        command.Parameters.Add(new("version", version));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(1))
        {
            return null;
        }
        var definition = JsonSerializer.Deserialize<WorkflowDefinition>(reader.GetString(1), WorkflowDefinition.Json)!;
        var compiled = new CompiledWorkflow(workflowId, version, reader.GetString(0), definition);
        if (_versions.Count >= Capacity)
        {
            _versions.Clear();
        }
        _versions[(workflowId, version)] = compiled;
        return compiled;
    }

    /// <summary>The tenant's active workflows, at their current versions (what a webhook may start).</summary>
    public async Task<IReadOnlyList<CompiledWorkflow>> ActiveAsync(int tenantId, CancellationToken cancellationToken)
    {
        var current = new List<(Guid Id, int Version)>();
        await using (var connection = await store.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, version FROM workflows WHERE tenant_id = @tenant AND active";
            command.Parameters.Add(new("tenant", tenantId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                current.Add((reader.GetGuid(0), reader.GetInt32(1)));
            }
        }
        var workflows = new List<CompiledWorkflow>(current.Count);
        foreach (var (id, version) in current)
        {
            if (await FindAsync(id, version, cancellationToken) is { } workflow)
            {
                workflows.Add(workflow);
            }
        }
        return workflows;
    }
}
