namespace VersatileHub.Hub.Tenancy;

/// <summary>
/// The tenant a request acts for, set once per request scope after authentication (or by a background job for the
/// tenant it works on). Until it is set, tenant-owned queries return nothing and saving a tenant-owned row fails.
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
