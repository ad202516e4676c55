namespace VersatileHub.ServiceDefaults.Tenancy;

/// <summary>
/// The tenant a scope acts for: set once per request after authentication (<see cref="TenantFromPrincipal"/>), or by an
/// event handler or worker for the tenant it works for. Until it is set, tenant-owned queries return nothing and saving
/// such a row fails.
/// </summary>
public sealed class CurrentTenant
{
    public int? Id { get; private set; }

    public int RequiredId => Id ?? throw new InvalidOperationException("No tenant is set for this scope.");

    public void Set(int tenantId)
    {
        if (Id is { } current && current != tenantId)
        {
            throw new InvalidOperationException($"This scope already acts for tenant {current}.");
        }
        Id = tenantId;
    }
}

/// <summary>
/// A row that belongs to one tenant. A context that calls <see cref="TenantScoping.ScopeToTenant"/> filters every query on
/// such rows by the current tenant and stamps new rows with it, so no handler can cross tenants by forgetting a <c>Where</c>.
/// </summary>
public interface ITenantOwned
{
    int TenantId { get; }
}

/// <summary>A database context whose tenant-owned rows are scoped to <see cref="TenantId"/>, read anew by every query.</summary>
public interface ITenantScopedContext
{
    int? TenantId { get; }
}
