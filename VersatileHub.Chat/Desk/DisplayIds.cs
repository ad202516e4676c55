using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Data;

namespace VersatileHub.Chat.Desk;

/// <summary>
/// Each account's conversation numbers, taken from a PostgreSQL sequence of the account's own (as Chatwoot numbers them).
/// Taking a number locks nothing until commit, so concurrent new conversations of one account never queue behind each
/// other; numbers stay unique and increasing per account, and a rolled-back conversation leaves a gap.
/// </summary>
public sealed class DisplayIds
{
    /// <summary>Accounts whose sequence this process has seen exist: preparing them again costs no round trip.</summary>
    private readonly ConcurrentDictionary<int, bool> _prepared = new();

    /// <summary>
    /// Makes sure the account's sequence exists. Called before the transaction that stores the conversation, so that creating
    /// the sequence (once per account) commits at once and holds no lock on the catalog for the length of that transaction.
    /// </summary>
    public async Task PrepareAsync(ChatDbContext db, int accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (_prepared.ContainsKey(accountId))
        {
            return;
        }
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("An account's display-id sequence is prepared before the transaction that uses it.");
        }
        await db.Database.ExecuteSqlAsync($"SELECT vh_create_display_id_sequence({accountId})", cancellationToken);
        _prepared.TryAdd(accountId, true);
    }

    /// <summary>The account's next conversation number, on the caller's own connection (never a second one from the pool).</summary>
    public async Task<int> NextAsync(ChatDbContext db, int accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var next = (await db.Database.SqlQuery<int?>($"""
            SELECT nextval(to_regclass(format('conversation_display_ids_%s', {accountId})))::integer AS "Value"
            """).ToListAsync(cancellationToken)).Single();
        if (next is { } displayId)
        {
            return displayId;
        }
        // The sequence went missing behind this process's back (a restored database): the next request creates it again.
        _prepared.TryRemove(accountId, out _);
        throw new InvalidOperationException($"Account {accountId} has no display-id sequence; it is created again on the next request.");
    }
}
