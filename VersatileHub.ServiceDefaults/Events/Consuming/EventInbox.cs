using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.ServiceDefaults.Events.Consuming;

/// <summary>Remembers which events a consumer group has processed, so a redelivered event is not applied twice.</summary>
internal interface IEventInbox
{
    /// <summary>
    /// Runs <paramref name="handle"/>, in order, for each event the group has not processed yet, and records them as processed;
    /// returns how many were applied (the rest were duplicates). Throws if a handler throws.
    /// </summary>
    Task<int> RunAsync(
        IServiceProvider scope,
        string group,
        IReadOnlyList<IntegrationEvent> events,
        Func<IntegrationEvent, CancellationToken, Task> handle,
        CancellationToken cancellationToken);

    Task PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken);
}

/// <summary>
/// Exactly-once effects for services with a database: the processed marks are inserted in the same transaction as the
/// handlers' changes, so either both are stored or neither is. A concurrent duplicate waits on the mark's key, then skips.
/// </summary>
internal sealed class EfEventInbox<TContext>(IServiceScopeFactory scopes, TimeProvider time) : IEventInbox where TContext : DbContext
{
    public async Task<int> RunAsync(
        IServiceProvider scope,
        string group,
        IReadOnlyList<IntegrationEvent> events,
        Func<IntegrationEvent, CancellationToken, Task> handle,
        CancellationToken cancellationToken)
    {
        var db = scope.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var fresh = (await db.Database
            .SqlQueryRaw<Guid>(
                $"INSERT INTO {EventBusModel.ProcessedEventsTable} (consumer_group, event_id, processed_at) "
                + "SELECT {0}, unnest({1}), {2} ON CONFLICT DO NOTHING RETURNING event_id AS \"Value\"",
                group,
                events.Select(e => e.Id).ToArray(),
                time.GetUtcNow())
            .ToListAsync(cancellationToken))
            .ToHashSet();

        var applied = 0;
        foreach (var @event in events)
        {
            // Remove, so that two copies of one event in the same batch apply once.
            if (fresh.Remove(@event.Id))
            {
                await handle(@event, cancellationToken);
                applied++;
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    public async Task PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.ExecuteSqlRawAsync(
            $"DELETE FROM {EventBusModel.ProcessedEventsTable} WHERE processed_at < {{0}}", [processedBefore], cancellationToken);
    }
}

/// <summary>
/// For services without a database (the WhatsApp gateway): the processed mark lives in Redis for the retention period
/// and is set after the handler succeeds, so a crash between the two repeats the handler (at-least-once).
/// </summary>
internal sealed class RedisEventInbox(IConnectionMultiplexer redis, IOptions<EventBusOptions> options) : IEventInbox
{
    private readonly EventStreams _keys = new(options.Value.KeyPrefix);

    public async Task<int> RunAsync(
        IServiceProvider scope,
        string group,
        IReadOnlyList<IntegrationEvent> events,
        Func<IntegrationEvent, CancellationToken, Task> handle,
        CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var applied = 0;
        foreach (var @event in events)
        {
            var key = _keys.Processed(group, @event.Id);
            if (await database.KeyExistsAsync(key))
            {
                continue;
            }

            await handle(@event, cancellationToken);
            await database.StringSetAsync(key, 1, options.Value.Retention);
            applied++;
        }
        return applied;
    }

    // Redis expires the marks by itself.
    public Task PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken) => Task.CompletedTask;
}
