using System.Linq.Expressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VersatileHub.ServiceDefaults.Tenancy;

public static class TenantScoping
{
    public const string Filter = "Tenant";

    /// <summary>A scoped <see cref="CurrentTenant"/>, set from the signed-in principal's tenant.</summary>
    public static IHostApplicationBuilder AddTenancy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<CurrentTenant>();
        builder.Services.AddScoped<IClaimsTransformation, TenantFromPrincipal>();
        return builder;
    }

    /// <summary>Filters every <see cref="ITenantOwned"/> entity by the context's current tenant and indexes its tenant column.</summary>
    public static ModelBuilder ScopeToTenant<TContext>(this ModelBuilder modelBuilder, TContext context)
        where TContext : DbContext, ITenantScopedContext
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
        {
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(Filter, OwnedByCurrentTenant(entity.ClrType, context));
            if (entity.FindPrimaryKey()?.Properties is not [{ Name: nameof(ITenantOwned.TenantId) }])
            {
                modelBuilder.Entity(entity.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
            }
        }
        return modelBuilder;
    }

    /// <summary>New rows take the current tenant; a row of another tenant can be neither added, changed nor deleted.</summary>
    public static void StampTenant(this DbContext context, CurrentTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tenant);
        foreach (var entry in context.ChangeTracker.Entries<ITenantOwned>())
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

    private static LambdaExpression OwnedByCurrentTenant<TContext>(Type entityType, TContext context)
        where TContext : ITenantScopedContext
    {
        // row => row.TenantId == context.TenantId, with context.TenantId read per query.
        var row = Expression.Parameter(entityType, "row");
        var rowTenant = Expression.Convert(Expression.Property(row, nameof(ITenantOwned.TenantId)), typeof(int?));
        var currentTenant = Expression.Property(Expression.Constant(context), typeof(ITenantScopedContext).GetProperty(nameof(ITenantScopedContext.TenantId))!);
        return Expression.Lambda(Expression.Equal(rowTenant, currentTenant), row);
    }
}
