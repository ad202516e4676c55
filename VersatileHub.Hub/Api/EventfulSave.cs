using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Hub.Api;

internal static class EventfulSave
{
    /// <summary>
    /// Saves the change, then publishes its event described from the stored state (ids and versions are known only
    /// after the first save); one transaction holds both, so the event exists if and only if the change does.
    /// </summary>
    public static async Task SaveWithEventAsync(
        this DbContext db, EventPublisher publisher, int tenant, string type, Func<(int Subject, object Data)> describe,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var (subject, data) = describe();
        publisher.Publish(db, type, tenant, subject.ToString(CultureInfo.InvariantCulture), data);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
