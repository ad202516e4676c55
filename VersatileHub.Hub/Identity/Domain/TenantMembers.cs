using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Tenancy;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Identity.Domain;

internal enum MemberChange
{
    Done,
    NotFound,
    AlreadyMember,

    /// <summary>Only an owner may make, change or remove an owner.</summary>
    OwnersOnly,

    /// <summary>A tenant always keeps at least one owner.</summary>
    LastOwner,
}

internal sealed record Member(int UserId, string Email, string Role, DateTimeOffset Since);

/// <summary>The members of the current tenant and the rules for changing them.</summary>
internal sealed class TenantMembers(HubDbContext db, CurrentTenant tenant, UserManager<HubUser> users, TimeProvider time)
{
    private IQueryable<Membership> Memberships => db.Set<Membership>().Where(m => m.TenantId == tenant.RequiredId);

    public async Task<IReadOnlyList<Member>> ListAsync(CancellationToken cancellationToken) =>
        await Memberships
            .OrderBy(m => m.User!.Email)
            .Select(m => new Member(m.UserId, m.User!.Email!, m.Role, m.CreatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Adds an existing user, or creates the user with <paramref name="password"/> when the email is new.</summary>
    public async Task<(MemberChange Change, Member? Member, IdentityResult? UserRejected)> AddAsync(
        string callerRole, string email, string role, string? password, CancellationToken cancellationToken)
    {
        if (role == HubRoles.Owner && callerRole != HubRoles.Owner)
        {
            return (MemberChange.OwnersOnly, null, null);
        }
        var now = time.GetUtcNow();
        try
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = HubUser.WithEmail(email, now);
                var created = await users.CreateAsync(user, password ?? "");
                if (!created.Succeeded)
                {
                    return (MemberChange.Done, null, created);
                }
            }
            else if (await Memberships.AnyAsync(m => m.UserId == user.Id, cancellationToken))
            {
                return (MemberChange.AlreadyMember, null, null);
            }

            db.Add(Membership.Of(user, tenant.RequiredId, role, now));
            await db.SaveChangesAsync(cancellationToken);
            return (MemberChange.Done, new Member(user.Id, user.Email!, role, now), null);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent request added the same user or membership first.
            return (MemberChange.AlreadyMember, null, null);
        }
    }

    public async Task<MemberChange> ChangeRoleAsync(string callerRole, int userId, string role, CancellationToken cancellationToken)
    {
        await using var transaction = await LockOwnersAsync(cancellationToken);
        var membership = await Memberships.SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return MemberChange.NotFound;
        }
        if ((role == HubRoles.Owner || membership.Role == HubRoles.Owner) && callerRole != HubRoles.Owner)
        {
            return MemberChange.OwnersOnly;
        }
        if (membership.Role == HubRoles.Owner && role != HubRoles.Owner && await IsLastOwnerAsync(cancellationToken))
        {
            return MemberChange.LastOwner;
        }
        membership.ChangeRole(role);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return MemberChange.Done;
    }

    /// <summary>Removes the member and revokes the tokens they hold in this tenant.</summary>
    public async Task<MemberChange> RemoveAsync(string callerRole, int userId, CancellationToken cancellationToken)
    {
        await using var transaction = await LockOwnersAsync(cancellationToken);
        var membership = await Memberships.SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return MemberChange.NotFound;
        }
        if (membership.Role == HubRoles.Owner && callerRole != HubRoles.Owner)
        {
            return MemberChange.OwnersOnly;
        }
        if (membership.Role == HubRoles.Owner && await IsLastOwnerAsync(cancellationToken))
        {
            return MemberChange.LastOwner;
        }

        var now = time.GetUtcNow();
        foreach (var token in await db.Set<AccessToken>().Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(cancellationToken))
        {
            token.Revoke(now);
        }
        db.Remove(membership);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return MemberChange.Done;
    }

    /// <summary>
    /// Serializes the role changes and removals of one tenant by locking its row, so that two owners demoting each
    /// other at once cannot leave the tenant without an owner.
    /// </summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> LockOwnersAsync(CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM tenants WHERE id = {tenant.RequiredId} FOR UPDATE", cancellationToken);
        return transaction;
    }

    private async Task<bool> IsLastOwnerAsync(CancellationToken cancellationToken) =>
        await Memberships.CountAsync(m => m.Role == HubRoles.Owner, cancellationToken) <= 1;
}
