using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Data;

/// <summary>
/// The hubdb database, owned by this service alone. Each feature maps its entities with an
/// <see cref="IEntityTypeConfiguration{TEntity}"/> in its own folder; rows that implement <see cref="ITenantOwned"/>
/// are filtered by and stamped with the current tenant.
/// </summary>
public sealed class HubDbContext(DbContextOptions<HubDbContext> options, CurrentTenant tenant) : DbContext(options), ITenantScopedContext
{
    internal const string TenantFilter = TenantScoping.Filter;

    /// <summary>The tenant every query on tenant-owned rows is limited to; read by the query filters on each query.</summary>
    public int? TenantId => tenant.Id;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // btree_gist: the agenda's no-double-booking exclusion constraint.
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HubDbContext).Assembly);
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
