using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace VersatileHub.ServiceDefaults.Events.Outbox;

/// <summary>Wakes the relay when outbox rows become visible: after a save outside an explicit transaction, or when that transaction commits.</summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : IDbTransactionInterceptor, ISaveChangesInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context && TracksOutboxRows(context))
        {
            signal.Notify();
        }
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context && TracksOutboxRows(context))
        {
            signal.Notify();
        }
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && TracksOutboxRows(context))
        {
            signal.Notify();
        }
    }

    private static bool TracksOutboxRows(DbContext context) => context.ChangeTracker.Entries<OutboxMessage>().Any();
}
