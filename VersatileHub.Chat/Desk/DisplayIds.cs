using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Data;

namespace VersatileHub.Chat.Desk;

internal static class DisplayIds
{
    /// <summary>
    /// The account's next conversation number. The counter row stays locked until the caller's transaction ends, so
    /// concurrent conversations get consecutive numbers and a rolled-back one gives its number back.
    /// </summary>
    public static async Task<int> NextAsync(ChatDbContext db, int accountId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A display id is allocated inside the transaction that stores its conversation.");
        }
        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO conversation_counters (account_id, last_display_id) VALUES ({accountId}, 1)
            ON CONFLICT (account_id) DO UPDATE SET last_display_id = conversation_counters.last_display_id + 1
            RETURNING last_display_id AS "Value"
            """).ToListAsync(cancellationToken);
        return next.Single();
    }
}
