using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Workflows;

/// <summary>A tenant's automation: the current definition, its version number, and whether its triggers are live.</summary>
public sealed class Workflow : ITenantOwned
{
    private Workflow()
    {
    }

    public Guid Id { get; private set; }

    public int TenantId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>Only an active workflow's triggers start runs (a manual run works either way).</summary>
    public bool Active { get; private set; }

    /// <summary>1 for the first save, one more for every save after it; <see cref="WorkflowVersion"/> keeps each one.</summary>
    public int Version { get; private set; }

    public WorkflowDefinition Definition { get; private set; } = new();

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static (Workflow Workflow, WorkflowVersion Version) Create(string name, WorkflowDefinition definition, DateTimeOffset now)
    {
        var workflow = new Workflow { Id = Guid.CreateVersion7(now), Name = name, CreatedAt = now };
        return (workflow, workflow.Revise(name, definition, now));
    }

    /// <summary>Saves a new version; the caller has validated the definition.</summary>
    public WorkflowVersion Revise(string name, WorkflowDefinition definition, DateTimeOffset now)
    {
        Name = name;
        Definition = definition;
        Version++;
        UpdatedAt = now;
        return new WorkflowVersion(Id, Version, definition, now);
    }

    public void Activate(DateTimeOffset now) => (Active, UpdatedAt) = (true, now);

    public void Deactivate(DateTimeOffset now) => (Active, UpdatedAt) = (false, now);
}

/// <summary>One saved definition of a workflow; a run records the version it executed.</summary>
public sealed class WorkflowVersion(Guid workflowId, int version, WorkflowDefinition definition, DateTimeOffset savedAt) : ITenantOwned
{
    public Guid WorkflowId { get; private set; } = workflowId;

    public int Version { get; private set; } = version;

    public int TenantId { get; private set; }

    public WorkflowDefinition Definition { get; private set; } = definition;

    public DateTimeOffset SavedAt { get; private set; } = savedAt;
}
