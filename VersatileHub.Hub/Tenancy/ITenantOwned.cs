namespace VersatileHub.Hub.Tenancy;

/// <summary>
/// A row that belongs to one tenant. <see cref="Data.HubDbContext"/> filters every query on such rows by the caller's
/// tenant and stamps new rows with it, so no handler can read or write across tenants by forgetting a <c>Where</c>.
/// </summary>
public interface ITenantOwned
{
    int TenantId { get; }
}
