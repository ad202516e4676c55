using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace VersatileHub.ServiceDefaults.Events.Outbox;

/// <summary>
/// Moves committed outbox rows to the service's stream, in order, and marks them published.
/// Rows are locked while they travel (<c>FOR UPDATE SKIP LOCKED</c>), so several replicas relay side by side;
/// a relay that dies after appending but before marking appends again, and consumers drop the duplicate by event id.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IEventStreamWriter writer,
    OutboxSignal signal,
    EventBusTelemetry telemetry,
    IOptions<EventBusOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int relayed;
                do
                {
                    relayed = await RelayBatchAsync(stoppingToken);
                }
                while (relayed == options.Value.BatchSize && !stoppingToken.IsCancellationRequested);

                await PurgeWhenDueAsync(stoppingToken);
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(ex);
                await Task.Delay(PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Relays one batch of pending rows; returns how many left.</summary>
    internal async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var pending = await ReadPendingAsync(connection, transaction, cancellationToken);
            if (pending.Count == 0)
            {
                return 0;
            }

            await writer.AppendAsync(pending, cancellationToken);
            await MarkPublishedAsync(connection, transaction, pending, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            telemetry.Relayed.Add(pending.Count);
            return pending.Count;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private async Task<List<PendingEvent>> ReadPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT sequence, type, envelope::text FROM {EventBusModel.OutboxTable}
            WHERE published_at IS NULL
            ORDER BY sequence
            LIMIT @batch
            FOR UPDATE SKIP LOCKED
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("batch", options.Value.BatchSize);

        var pending = new List<PendingEvent>(options.Value.BatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        return pending;
    }

    private async Task MarkPublishedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingEvent> published, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE {EventBusModel.OutboxTable} SET published_at = @now WHERE sequence = ANY(@sequences)",
            connection,
            transaction);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("sequences", published.Select(p => p.Sequence).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task PurgeWhenDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextPurge)
        {
            return;
        }
        _nextPurge = now + PurgeInterval;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var cutoff = now - options.Value.Retention;
        await db.Database.ExecuteSqlRawAsync(
            $"DELETE FROM {EventBusModel.OutboxTable} WHERE published_at < {{0}}", [cutoff], cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed; retrying")]
    private partial void LogRelayFailed(Exception exception);
}
