using Microsoft.EntityFrameworkCore;
using Npgsql;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Nodes;

namespace VersatileHub.Flow.Workflows;

/// <summary>
/// The current tenant's workflows: created and saved only when valid, a new version kept on every save (a save based
/// on an older version is refused), activated only when no other active workflow answers the same webhook route.
/// </summary>
public sealed class WorkflowStore(FlowDbContext db, DefinitionValidator validator, ActiveTriggers triggers, TimeProvider time)
{
    public Task<List<Workflow>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<Workflow>().AsNoTracking().OrderBy(w => w.Name).ToListAsync(cancellationToken);

    public Task<Workflow?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Workflow>().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);

    /// <exception cref="InvalidDefinitionException">The name or definition cannot be saved.</exception>
    /// <exception cref="WorkflowConflictException">Another workflow of the tenant has the name.</exception>
    public async Task<Workflow> CreateAsync(string? name, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var checkedName = await CheckAsync(null, name, definition, cancellationToken);
        var (workflow, version) = Workflow.Create(checkedName, definition, time.GetUtcNow());
        db.Add(workflow);
        db.Add(version);
        await SaveAsync(cancellationToken);
        return workflow;
    }

    /// <summary>Saves a new version made from <paramref name="basedOn"/>; null when there is no such workflow.</summary>
    /// <exception cref="WorkflowConflictException">Someone saved a newer version meanwhile, or the name or a webhook route is taken.</exception>
    public async Task<Workflow?> SaveAsync(Guid id, int basedOn, string? name, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } workflow)
        {
            return null;
        }
        if (workflow.Version != basedOn)
        {
            throw Stale(workflow.Version);
        }
        var checkedName = await CheckAsync(workflow.Id, name, definition, cancellationToken);
        if (workflow.Active && DefinitionValidator.CheckActivatable(definition) is { } inactive)
        {
            throw new InvalidDefinitionException([inactive]);
        }
        db.Add(workflow.Revise(checkedName, definition, time.GetUtcNow()));
        await triggers.SyncAsync(workflow, cancellationToken);
        try
        {
            await SaveAsync(cancellationToken);
        }
        catch (WorkflowConflictException conflict) when (conflict.Field == "version")
        {
            throw Stale(basedOn + 1);
        }
        return workflow;
    }

    /// <summary>Makes the workflow's triggers live; null when there is no such workflow.</summary>
    /// <exception cref="InvalidDefinitionException">It has no webhook, schedule or event trigger to make live.</exception>
    /// <exception cref="WorkflowConflictException">Another active workflow answers one of its webhook routes.</exception>
    public async Task<Workflow?> ActivateAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } workflow)
        {
            return null;
        }
        if (DefinitionValidator.CheckActivatable(workflow.Definition) is { } inactive)
        {
            throw new InvalidDefinitionException([inactive]);
        }
        if (!workflow.Active)
        {
            workflow.Activate(time.GetUtcNow());
            await triggers.SyncAsync(workflow, cancellationToken);
            await SaveAsync(cancellationToken);
        }
        return workflow;
    }

    public async Task<Workflow?> DeactivateAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } workflow)
        {
            return null;
        }
        if (workflow.Active)
        {
            workflow.Deactivate(time.GetUtcNow());
            await triggers.SyncAsync(workflow, cancellationToken);
            await SaveAsync(cancellationToken);
        }
        return workflow;
    }

    /// <summary>Deletes the workflow with its versions, triggers and runs; false when there is no such workflow.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } workflow)
        {
            return false;
        }
        db.Remove(workflow);
        await SaveAsync(cancellationToken);
        return true;
    }

    /// <summary>Every saved version, newest first; null when there is no such workflow.</summary>
    public async Task<List<WorkflowVersion>?> VersionsAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<Workflow>().AnyAsync(w => w.Id == id, cancellationToken)
            ? await db.Set<WorkflowVersion>().AsNoTracking().Where(v => v.WorkflowId == id).OrderByDescending(v => v.Version).ToListAsync(cancellationToken)
            : null;

    public Task<WorkflowVersion?> VersionAsync(Guid id, int version, CancellationToken cancellationToken) =>
        db.Set<WorkflowVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.WorkflowId == id && v.Version == version, cancellationToken);

    private async Task<string> CheckAsync(Guid? id, string? name, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var errors = new List<DefinitionError>();
        var trimmed = name?.Trim() ?? "";
        if (NameError(trimmed) is { } nameError)
        {
            errors.Add(nameError);
        }
        errors.AddRange(validator.Validate(definition));
        if (definition.Settings.ErrorWorkflow is { } errorWorkflow)
        {
            var target = await db.Set<Workflow>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == errorWorkflow, cancellationToken);
            if (target is null || target.Id == id || !target.Definition.Triggers(NodeTypes.Error).Any())
            {
                errors.Add(new(null, "settings.errorWorkflow",
                    "El workflow de error es otro workflow de la cuenta con un nodo errorTrigger. / The error workflow is another workflow of the account with an errorTrigger node."));
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidDefinitionException(errors);
        }
        if (await db.Set<Workflow>().AnyAsync(w => w.Name == trimmed && w.Id != id, cancellationToken))
        {
            throw NameTaken(trimmed);
        }
        return trimmed;
    }

    /// <summary>Why a workflow cannot have this name, or null.</summary>
    public static DefinitionError? NameError(string? name) =>
        name?.Trim() is { Length: > 0 and <= DefinitionValidator.MaxNameLength }
            ? null
            : new(null, "name", $"El workflow necesita un nombre de hasta {DefinitionValidator.MaxNameLength} caracteres. / The workflow needs a name of up to {DefinitionValidator.MaxNameLength} characters.");

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            throw unique.ConstraintName switch
            {
                "pk_workflow_versions" => new WorkflowConflictException(null, "version", "version"),
                "pk_webhook_routes" => new WorkflowConflictException(null, "nodes",
                    "Otro workflow activo acaba de tomar una de sus rutas de webhook. / Another active workflow just took one of its webhook routes."),
                _ => new WorkflowConflictException(null, "name", "Ya hay un workflow con ese nombre. / There is already a workflow with that name."),
            };
        }
    }

    private static WorkflowConflictException NameTaken(string name) =>
        new(null, "name", $"Ya hay un workflow llamado «{name}». / There is already a workflow named «{name}».");

    private static WorkflowConflictException Stale(int current) =>
        new(null, "version",
            $"Alguien guardó la versión {current} mientras editabas: recargala y volvé a aplicar tus cambios. / Someone saved version {current} while you edited: reload it and apply your changes again.");
}
