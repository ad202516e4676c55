using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Data;

/// <summary>
/// The flowdb database, owned by this service alone. Entities are configured by an
/// <see cref="IEntityTypeConfiguration{TEntity}"/> beside them; rows that implement <see cref="ITenantOwned"/> are
/// filtered by and stamped with the current tenant (workers set it per run).
/// </summary>
public sealed class FlowDbContext(DbContextOptions<FlowDbContext> options, CurrentTenant tenant) : DbContext(options), ITenantScopedContext
{
    public int? TenantId => tenant.Id;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FlowDbContext).Assembly);
        modelBuilder.AddEventBusTables();
        modelBuilder.ScopeToTenant(this);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        this.StampTenant(tenant);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        this.StampTenant(tenant);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }
}
