using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using VersatileHub.Agent.Apis;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Tools;

namespace VersatileHub.Agent.Memory;

/// <summary>What remembering a fact did.</summary>
public enum RememberOutcome
{
    Remembered,

    /// <summary>The contact already had this fact (compared without case, accents or closing punctuation).</summary>
    AlreadyKnown,

    /// <summary>Nothing to remember: the fact was blank.</summary>
    Empty,

    /// <summary>Not kept: longer than <see cref="ContactFact.MaxLength"/> characters.</summary>
    TooLong,
}

/// <summary>
/// Long-term facts about the current tenant's contacts: saved by the agent's <c>remember</c> tool, shown to staff in Chat's
/// contact panel. Each contact keeps at most <see cref="ContactMemoryOptions.MaxFactsPerContact"/>, the newest.
/// </summary>
public sealed class ContactMemory(AgentDbContext db, IOptions<ContactMemoryOptions> options, TimeProvider time)
{
    /// <summary>Saves <paramref name="fact"/> about the scope's contact, unless it already knows it or the fact is out of bounds.</summary>
    public async Task<RememberOutcome> RememberAsync(ConversationScope scope, string fact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var text = ContactFact.Tidy(fact);
        if (text.Length is 0 or > ContactFact.MaxLength)
        {
            return text.Length == 0 ? RememberOutcome.Empty : RememberOutcome.TooLong;
        }
        var learned = ContactFact.About(scope.ContactId, scope.ConversationId, text, time.GetUtcNow());
        var facts = db.Set<ContactFact>().Where(f => f.ContactId == scope.ContactId);
        if (await facts.AnyAsync(f => f.Key == learned.Key, cancellationToken))
        {
            return RememberOutcome.AlreadyKnown;
        }

        var oldest = await facts.OrderByDescending(f => f.RememberedAt).ThenByDescending(f => f.Id)
            .Skip(options.Value.MaxFactsPerContact - 1).ToListAsync(cancellationToken);
        db.RemoveRange(oldest);
        db.Add(learned);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return RememberOutcome.Remembered;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two turns learned the same fact at once: the other one saved it.
            db.ChangeTracker.Clear();
            return RememberOutcome.AlreadyKnown;
        }
    }

    /// <summary>What the agent knows about a contact, newest first.</summary>
    public async Task<IReadOnlyList<ContactFact>> RecallAsync(int contactId, CancellationToken cancellationToken) =>
        await db.Set<ContactFact>().AsNoTracking().Where(f => f.ContactId == contactId)
            .OrderByDescending(f => f.RememberedAt).ThenByDescending(f => f.Id)
            .ToListAsync(cancellationToken);

    /// <summary>Forgets one fact; false when the contact has no such fact in this tenant.</summary>
    public async Task<bool> ForgetAsync(int contactId, long factId, CancellationToken cancellationToken) =>
        await db.Set<ContactFact>().Where(f => f.ContactId == contactId && f.Id == factId).ExecuteDeleteAsync(cancellationToken) > 0;
}
