using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Tenancy;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Hub.Data;

/// <summary>
/// The hubdb database, owned by this service alone. Each feature maps its entities with an
/// <see cref="IEntityTypeConfiguration{TEntity}"/> in its own folder; rows that implement <see cref="ITenantOwned"/>
/// are filtered by and stamped with the current tenant.
/// </summary>
public sealed class HubDbContext(DbContextOptions<HubDbContext> options, CurrentTenant tenant) : DbContext(options)
{
    internal const string TenantFilter = "Tenant";

    /// <summary>The tenant every query on tenant-owned rows is limited to; read by the query filters on each query.</summary>
    internal int? TenantId => tenant.Id;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // btree_gist: the agenda's no-double-booking exclusion constraint.
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HubDbContext).Assembly);
        modelBuilder.AddEventBusTables();

        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(TenantFilter, OwnedByCurrentTenant(entity.ClrType));
            modelBuilder.Entity(entity.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>New rows take the current tenant; a row of another tenant can be neither added nor changed.</summary>
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var property = entry.Property(nameof(ITenantOwned.TenantId));
            if (entry.State == EntityState.Added && (int)property.CurrentValue! == 0)
            {
                property.CurrentValue = tenant.RequiredId;
            }
            else if ((int)property.CurrentValue! != tenant.RequiredId)
            {
                throw new InvalidOperationException(
                    $"A {entry.Metadata.ClrType.Name} of tenant {property.CurrentValue} cannot be saved while acting for tenant {tenant.Id}.");
            }
        }
    }

    private LambdaExpression OwnedByCurrentTenant(Type entityType)
    {
        // e => e.TenantId == this.TenantId, with this.TenantId read per query.
        var row = Expression.Parameter(entityType, "row");
        var rowTenant = Expression.Convert(Expression.Property(row, nameof(ITenantOwned.TenantId)), typeof(int?));
        var currentTenant = Expression.Property(Expression.Constant(this), nameof(TenantId));
        return Expression.Lambda(Expression.Equal(rowTenant, currentTenant), row);
    }
}
