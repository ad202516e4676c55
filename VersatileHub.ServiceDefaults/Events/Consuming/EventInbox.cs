using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VersatileHub.ServiceDefaults.Events.Consuming;

/// <summary>Remembers which events a consumer group has processed, so a redelivered event is not applied twice.</summary>
internal interface IEventInbox
{
    /// <summary>Runs <paramref name="handle"/> unless the group already processed the event; false when it had.</summary>
    Task<bool> RunOnceAsync(IServiceProvider scope, string group, IntegrationEvent @event, Func<CancellationToken, Task> handle, CancellationToken cancellationToken);

    Task PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken);
}

/// <summary>
/// Exactly-once effects for services with a database: the processed mark is inserted in the same transaction as the
/// handler's changes. A concurrent duplicate waits on the mark's key and then finds it there.
/// </summary>
internal sealed class EfEventInbox<TContext>(IServiceScopeFactory scopes, TimeProvider time) : IEventInbox where TContext : DbContext
{
    public async Task<bool> RunOnceAsync(
        IServiceProvider scope, string group, IntegrationEvent @event, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        var db = scope.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var marked = await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {EventBusModel.ProcessedEventsTable} (consumer_group, event_id, processed_at) "
            + "VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING",
            [group, @event.Id, time.GetUtcNow()],
            cancellationToken);
        if (marked == 0)
        {
            return false;
        }

        await handle(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
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

    public async Task<bool> RunOnceAsync(
        IServiceProvider scope, string group, IntegrationEvent @event, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var key = _keys.Processed(group, @event.Id);
        if (await database.KeyExistsAsync(key))
        {
            return false;
        }

        await handle(cancellationToken);
        await database.StringSetAsync(key, 1, options.Value.Retention);
        return true;
    }

    // Redis expires the marks by itself.
    public Task PurgeAsync(DateTimeOffset processedBefore, CancellationToken cancellationToken) => Task.CompletedTask;
}
