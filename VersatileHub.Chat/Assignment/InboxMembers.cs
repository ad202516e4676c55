using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Realtime;

namespace VersatileHub.Chat.Assignment;

/// <summary>Chatwoot's body for adding, replacing and removing an inbox's agents.</summary>
public sealed record InboxMembersRequest(int? InboxId, IReadOnlyList<int>? UserIds);

/// <summary>
/// An agent of an inbox as Chatwoot lists them. Users live in the Hub, so Chat knows their id and whether they are online
/// (<c>availability_status</c> <c>online</c> or <c>offline</c>), not their names.
/// </summary>
public sealed record InboxAgentView(int Id, int AccountId, string AvailabilityStatus);

/// <summary>Who works which inbox (Chatwoot's inbox members).</summary>
internal sealed class InboxMembers(ChatDbContext db, AgentPresence presence)
{
    public const int MaxUsersPerRequest = 500;

    /// <summary>The inbox's agents, online first; null when there is no such inbox.</summary>
    public async Task<IReadOnlyList<InboxAgentView>?> ListAsync(int inboxId, CancellationToken cancellationToken)
    {
        if (!await db.Set<Inbox>().AnyAsync(i => i.Id == inboxId, cancellationToken))
        {
            return null;
        }
        return await ViewsAsync(inboxId, cancellationToken);
    }

    public Task<IReadOnlyList<InboxAgentView>> AddAsync(InboxMembersRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, (current, requested) => (requested.Except(current), []), cancellationToken);

    /// <summary>Chatwoot's PATCH: the inbox's agents become exactly the ones named.</summary>
    public Task<IReadOnlyList<InboxAgentView>> ReplaceAsync(InboxMembersRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, (current, requested) => (requested.Except(current), current.Except(requested)), cancellationToken);

    public Task<IReadOnlyList<InboxAgentView>> RemoveAsync(InboxMembersRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request, (current, requested) => ([], current.Intersect(requested)), cancellationToken);

    private async Task<IReadOnlyList<InboxAgentView>> ChangeAsync(
        InboxMembersRequest request, Func<IReadOnlySet<int>, IReadOnlySet<int>, (IEnumerable<int> Add, IEnumerable<int> Remove)> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inboxId = request.InboxId ?? throw new InvalidFieldException("inbox_id", "Decí qué bandeja. / Say which inbox.");
        var userIds = request.UserIds ?? throw new InvalidFieldException("user_ids", "Mandá la lista de agentes. / Send the list of agents.");
        if (userIds.Count > MaxUsersPerRequest)
        {
            throw new InvalidFieldException("user_ids", $"Hasta {MaxUsersPerRequest} agentes. / Up to {MaxUsersPerRequest} agents.");
        }
        var requested = userIds.Select(id => new InboxMember(inboxId, id).UserId).ToHashSet();
        if (!await db.Set<Inbox>().AnyAsync(i => i.Id == inboxId, cancellationToken))
        {
            throw new UnknownReferenceException("inbox_id", "No existe esa bandeja. / No such inbox.");
        }
        var members = await db.Set<InboxMember>().Where(m => m.InboxId == inboxId).ToListAsync(cancellationToken);
        var (add, remove) = change(members.Select(m => m.UserId).ToHashSet(), requested);
        db.AddRange(add.Select(userId => new InboxMember(inboxId, userId)));
        var removed = remove.ToHashSet();
        db.RemoveRange(members.Where(m => removed.Contains(m.UserId)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation() || exception is DbUpdateConcurrencyException)
        {
            throw new ConflictException("Los agentes de la bandeja cambiaron mientras tanto; volvé a intentar. / The inbox's agents changed meanwhile; try again.", exception);
        }
        return await ViewsAsync(inboxId, cancellationToken);
    }

    private async Task<IReadOnlyList<InboxAgentView>> ViewsAsync(int inboxId, CancellationToken cancellationToken)
    {
        var accountId = db.AccountId ?? 0;
        var users = await db.Set<InboxMember>().Where(m => m.InboxId == inboxId).Select(m => m.UserId).OrderBy(id => id).ToListAsync(cancellationToken);
        var online = await presence.OnlineAsync(accountId, inboxId, cancellationToken);
        return users.OrderBy(id => online.Contains(id) ? 0 : 1).ThenBy(id => id)
            .Select(id => new InboxAgentView(id, accountId, online.Contains(id) ? "online" : "offline")).ToList();
    }
}
