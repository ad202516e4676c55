using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace VersatileHub.ServiceDefaults.Events.Outbox;

/// <summary>
/// Moves committed outbox rows to the service's stream, in order, and deletes them.
/// Rows are locked while they travel (<c>FOR UPDATE SKIP LOCKED</c>), so several replicas relay side by side;
/// a relay that dies after appending but before deleting appends again, and consumers drop the duplicate by event id.
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
            await DeleteAsync(connection, transaction, pending, cancellationToken);
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

    private static async Task DeleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingEvent> relayed, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {EventBusModel.OutboxTable} WHERE sequence = ANY(@sequences)", connection, transaction);
        command.Parameters.AddWithValue("sequences", relayed.Select(p => p.Sequence).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed; retrying")]
    private partial void LogRelayFailed(Exception exception);
}
