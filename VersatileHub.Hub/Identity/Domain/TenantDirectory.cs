using Microsoft.EntityFrameworkCore;
using Npgsql;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Hub.Identity.Domain;

internal sealed record MyTenant(int Id, string Name, string Slug, string TimeZone, string Role);

/// <summary>The data of the <c>tenant.created</c> event.</summary>
internal sealed record TenantCreated(int TenantId, string Name, string Slug, string TimeZone, int OwnerUserId);

/// <summary>The tenants a user belongs to, and founding a new one.</summary>
internal sealed class TenantDirectory(HubDbContext db, EventPublisher events, TimeProvider time)
{
    public async Task<IReadOnlyList<MyTenant>> OfUserAsync(int userId, CancellationToken cancellationToken) =>
        await db.Set<Membership>()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.Tenant!.Name)
            .Select(m => new MyTenant(m.TenantId, m.Tenant!.Name, m.Tenant.Slug, m.Tenant.TimeZone, m.Role))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Creates the tenant with <paramref name="userId"/> as its owner; the slug gets a number when the name's is taken.
    /// Null when a concurrent request took the same slug first.
    /// </summary>
    public async Task<MyTenant?> FoundAsync(int userId, string name, string timeZone, CancellationToken cancellationToken)
    {
        var user = await db.Set<HubUser>().SingleAsync(u => u.Id == userId, cancellationToken);
        var slug = Tenant.SlugOf(name);
        var taken = await db.Set<Tenant>().Where(t => t.Slug == slug || t.Slug.StartsWith(slug + "-")).Select(t => t.Slug).ToListAsync(cancellationToken);
        var unique = slug;
        for (var n = 2; taken.Contains(unique); n++)
        {
            unique = $"{slug}-{n}";
        }

        var now = time.GetUtcNow();
        var tenant = Tenant.Create(name, unique, timeZone, now);
        // The event needs the tenant's id, issued by the first save; one transaction keeps tenant and event together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(Membership.Founding(user, tenant, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return null;
        }
        events.Publish(db, "tenant.created", tenant.Id, tenant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new TenantCreated(tenant.Id, tenant.Name, tenant.Slug, tenant.TimeZone, userId));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MyTenant(tenant.Id, tenant.Name, tenant.Slug, tenant.TimeZone, Tenancy.HubRoles.Owner);
    }

    /// <summary>Whether the user may act for the tenant.</summary>
    public Task<bool> IsMemberAsync(int userId, int tenantId, CancellationToken cancellationToken) =>
        db.Set<Membership>().AnyAsync(m => m.UserId == userId && m.TenantId == tenantId, cancellationToken);

    public Task<Tenant?> FindAsync(int tenantId, CancellationToken cancellationToken) =>
        db.Set<Tenant>().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
}
