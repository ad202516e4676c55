using Microsoft.Extensions.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace VersatileHub.Flow.Execution;

/// <summary>
/// The engine's hot path in flowdb, in plain SQL over one data source: taking runs (<c>FOR UPDATE SKIP LOCKED</c>),
/// leases, and history written in batches (many runs' rows in one round trip). Tenant columns are written explicitly;
/// nothing here is read by a user, whose reads go through <c>FlowDbContext</c> and its tenant filter.
/// </summary>
internal sealed class RunStore : IAsyncDisposable
{
    public const string WakeChannel = "flow_runs";

    private const string RunColumns =
        "r.id, r.tenant_id, r.workflow_id, r.workflow_version, r.trigger_node, r.triggered_by, r.trigger_items::text, r.queued_at, r.due_at, r.started_at";

    private readonly NpgsqlDataSource _source;

    public RunStore(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("flowdb")
            ?? throw new InvalidOperationException("ConnectionStrings:flowdb is not configured.");
        ConnectionString = connectionString;
        _source = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _source.OpenConnectionAsync(cancellationToken);

    /// <summary>Takes up to <paramref name="count"/> due runs of workflows without a concurrency limit.</summary>
    public async Task<IReadOnlyList<ClaimedRun>> ClaimAsync(string worker, int count, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand($"""
            WITH picked AS (
              SELECT id, started_at AS was_started FROM runs
              WHERE status IN ('Queued', 'Waiting') AND due_at <= @now AND concurrency_limit IS NULL
              ORDER BY due_at LIMIT @count FOR UPDATE SKIP LOCKED)
            UPDATE runs r SET status = 'Running', leased_by = @worker, lease_until = @until, started_at = coalesce(r.started_at, @now)
            FROM picked WHERE r.id = picked.id
            RETURNING {RunColumns}, picked.was_started IS NOT NULL OR r.retry_of IS NOT NULL, r.retry_of, r.concurrency_limit
            """);
        command.Parameters.Add(new("now", now));
        command.Parameters.Add(new("count", count));
        command.Parameters.Add(new("worker", worker));
        command.Parameters.Add(new("until", now + lease));
        return await ReadClaimedAsync(command, cancellationToken);
    }

    /// <summary>
    /// Takes due runs of workflows with a concurrency limit, never more running at once than the limit: the count of running
    /// runs is read under a per-workflow advisory lock held until commit, so two workers cannot both take the last slot.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedRun>> ClaimLimitedAsync(string worker, int count, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var candidates = new List<(Guid Id, Guid Workflow, int Limit)>();
        await using (var select = new NpgsqlCommand("""
            SELECT id, workflow_id, concurrency_limit FROM runs
            WHERE status IN ('Queued', 'Waiting') AND due_at <= @now AND concurrency_limit IS NOT NULL
            ORDER BY due_at LIMIT @count FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            select.Parameters.Add(new("now", now));
            select.Parameters.Add(new("count", count));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2)));
            }
        }
        if (candidates.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return [];
        }
        var workflows = candidates.Select(c => c.Workflow).Distinct().ToArray();
        var running = new Dictionary<Guid, long>();
        await using (var count2 = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(hashtextextended(w::text, 0)) FROM unnest(@workflows) AS w ORDER BY w
            """, connection, transaction))
        {
            count2.Parameters.Add(new("workflows", workflows));
            await count2.ExecuteNonQueryAsync(cancellationToken);
        }
        // A new statement after the locks: it sees what other workers committed while this one waited for them.
        await using (var counting = new NpgsqlCommand("""
            SELECT workflow_id, count(*) FROM runs WHERE workflow_id = ANY(@workflows) AND status = 'Running' GROUP BY workflow_id
            """, connection, transaction))
        {
            counting.Parameters.Add(new("workflows", workflows));
            await using var reader = await counting.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                running[reader.GetGuid(0)] = reader.GetInt64(1);
            }
        }
        var chosen = new List<Guid>();
        foreach (var candidate in candidates)
        {
            var taken = running.GetValueOrDefault(candidate.Workflow);
            if (taken < candidate.Limit)
            {
                chosen.Add(candidate.Id);
                running[candidate.Workflow] = taken + 1;
            }
        }
        IReadOnlyList<ClaimedRun> claimed = [];
        if (chosen.Count > 0)
        {
            await using var update = new NpgsqlCommand($"""
                WITH picked AS (SELECT id, started_at AS was_started FROM runs WHERE id = ANY(@ids))
                UPDATE runs r SET status = 'Running', leased_by = @worker, lease_until = @until, started_at = coalesce(r.started_at, @now)
                FROM picked WHERE r.id = picked.id
                RETURNING {RunColumns}, picked.was_started IS NOT NULL OR r.retry_of IS NOT NULL, r.retry_of, r.concurrency_limit
                """, connection, transaction);
            update.Parameters.Add(new("ids", chosen.ToArray()));
            update.Parameters.Add(new("now", now));
            update.Parameters.Add(new("worker", worker));
            update.Parameters.Add(new("until", now + lease));
            claimed = await ReadClaimedAsync(update, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    private static async Task<IReadOnlyList<ClaimedRun>> ReadClaimedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<ClaimedRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new ClaimedRun(
                reader.GetGuid(0), reader.GetInt32(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetBoolean(10),
                reader.IsDBNull(11) ? null : reader.GetGuid(11), reader.IsDBNull(12) ? null : reader.GetInt32(12)));
        }
        return runs;
    }

    /// <summary>The steps already recorded for runs that resume (after a crash, a Wait, or as a re-run), in order.</summary>
    public async Task<ILookup<Guid, StepRecord>> LoadStepsAsync(IReadOnlyCollection<Guid> runs, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return new List<StepRecord>().ToLookup(s => s.RunId);
        }
        await using var command = _source.CreateCommand("""
            SELECT run_id, tenant_id, sequence, node_name, status, input::text, output::text, error, attempts, started_at, finished_at
            FROM steps WHERE run_id = ANY(@runs) ORDER BY run_id, sequence
            """);
        command.Parameters.Add(new("runs", runs.ToArray()));
        var steps = new List<StepRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            steps.Add(new StepRecord(
                reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), Enum.Parse<StepStatus>(reader.GetString(4)),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetInt32(8), reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10)));
        }
        return steps.ToLookup(s => s.RunId);
    }

    /// <summary>Extends this worker's leases on the runs it is executing.</summary>
    public async Task RenewAsync(string worker, IReadOnlyCollection<Guid> runs, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return;
        }
        await using var command = _source.CreateCommand("UPDATE runs SET lease_until = @until WHERE id = ANY(@runs) AND leased_by = @worker AND status = 'Running'");
        command.Parameters.Add(new("until", until));
        command.Parameters.Add(new("runs", runs.ToArray()));
        command.Parameters.Add(new("worker", worker));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Puts back in the queue the runs whose worker stopped renewing its lease (it died); they resume from their last step.</summary>
    public async Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand("""
            UPDATE runs SET status = 'Queued', leased_by = NULL, lease_until = NULL, due_at = @now
            WHERE status = 'Running' AND lease_until < @now
            """);
        command.Parameters.Add(new("now", now));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Hands this worker's unfinished runs back to the queue at once (a graceful stop), so another replica resumes them without waiting for the lease.</summary>
    public async Task ReleaseAsync(string worker, IReadOnlyCollection<Guid> runs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return;
        }
        await using var command = _source.CreateCommand("""
            UPDATE runs SET status = 'Queued', leased_by = NULL, lease_until = NULL, due_at = @now
            WHERE id = ANY(@runs) AND leased_by = @worker AND status = 'Running'
            """);
        command.Parameters.Add(new("now", now));
        command.Parameters.Add(new("runs", runs.ToArray()));
        command.Parameters.Add(new("worker", worker));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes the runs and steps of several flushes in one round trip (one implicit transaction).</summary>
    public async Task WriteAsync(string worker, IReadOnlyList<RunRecord> runs, IReadOnlyList<StepRecord> steps, CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await WriteAsync(connection, null, worker, runs, steps, cancellationToken);
    }

    /// <summary>The same write on a caller's connection and transaction (the failure path writes the outbox with it).</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string worker,
        IReadOnlyList<RunRecord> runs, IReadOnlyList<StepRecord> steps, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (runs.Count > 0)
        {
            batch.BatchCommands.Add(UpsertRuns(worker, runs));
        }
        if (steps.Count > 0)
        {
            batch.BatchCommands.Add(UpsertSteps(steps));
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static NpgsqlBatchCommand UpsertRuns(string worker, IReadOnlyList<RunRecord> runs)
    {
        // A worker that lost its lease (it stalled and another took the run over) must not overwrite the new owner's state.
        var command = new NpgsqlBatchCommand("""
            INSERT INTO runs (id, tenant_id, workflow_id, workflow_version, status, trigger_node, triggered_by, trigger_items, queued_at, due_at,
                              started_at, finished_at, leased_by, lease_until, error, failed_node, retry_of, concurrency_limit)
            SELECT id, tenant_id, workflow_id, workflow_version, status, trigger_node, triggered_by, trigger_items::jsonb, queued_at, due_at,
                   started_at, finished_at, leased_by, lease_until, error, failed_node, retry_of, concurrency_limit
            FROM unnest(@id, @tenant_id, @workflow_id, @workflow_version, @status, @trigger_node, @triggered_by, @trigger_items, @queued_at, @due_at,
                        @started_at, @finished_at, @leased_by, @lease_until, @error, @failed_node, @retry_of, @concurrency_limit)
              AS t(id, tenant_id, workflow_id, workflow_version, status, trigger_node, triggered_by, trigger_items, queued_at, due_at,
                   started_at, finished_at, leased_by, lease_until, error, failed_node, retry_of, concurrency_limit)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, due_at = excluded.due_at, started_at = excluded.started_at,
                finished_at = excluded.finished_at, leased_by = excluded.leased_by, lease_until = excluded.lease_until,
                error = excluded.error, failed_node = excluded.failed_node
            WHERE runs.leased_by = @worker OR runs.leased_by IS NULL
            """);
        var p = command.Parameters;
        p.Add(new("worker", worker));
        p.Add(Array("id", NpgsqlDbType.Uuid, runs.Select(r => r.Id).ToArray()));
        p.Add(Array("tenant_id", NpgsqlDbType.Integer, runs.Select(r => r.TenantId).ToArray()));
        p.Add(Array("workflow_id", NpgsqlDbType.Uuid, runs.Select(r => r.WorkflowId).ToArray()));
        p.Add(Array("workflow_version", NpgsqlDbType.Integer, runs.Select(r => r.WorkflowVersion).ToArray()));
        p.Add(Array("status", NpgsqlDbType.Text, runs.Select(r => r.Status.ToString()).ToArray()));
        p.Add(Array("trigger_node", NpgsqlDbType.Text, runs.Select(r => r.TriggerNode).ToArray()));
        p.Add(Array("triggered_by", NpgsqlDbType.Text, runs.Select(r => r.TriggeredBy).ToArray()));
        p.Add(Array("trigger_items", NpgsqlDbType.Text, runs.Select(r => r.TriggerItems).ToArray()));
        p.Add(Array("queued_at", NpgsqlDbType.TimestampTz, runs.Select(r => r.QueuedAt).ToArray()));
        p.Add(Array("due_at", NpgsqlDbType.TimestampTz, runs.Select(r => r.DueAt).ToArray()));
        p.Add(Array("started_at", NpgsqlDbType.TimestampTz, runs.Select(r => r.StartedAt).ToArray()));
        p.Add(Array("finished_at", NpgsqlDbType.TimestampTz, runs.Select(r => r.FinishedAt).ToArray()));
        p.Add(Array("leased_by", NpgsqlDbType.Text, runs.Select(r => r.LeasedBy).ToArray()));
        p.Add(Array("lease_until", NpgsqlDbType.TimestampTz, runs.Select(r => r.LeaseUntil).ToArray()));
        p.Add(Array("error", NpgsqlDbType.Text, runs.Select(r => r.Error).ToArray()));
        p.Add(Array("failed_node", NpgsqlDbType.Text, runs.Select(r => r.FailedNode).ToArray()));
        p.Add(Array("retry_of", NpgsqlDbType.Uuid, runs.Select(r => r.RetryOf).ToArray()));
        p.Add(Array("concurrency_limit", NpgsqlDbType.Integer, runs.Select(r => r.ConcurrencyLimit).ToArray()));
        return command;
    }

    private static NpgsqlBatchCommand UpsertSteps(IReadOnlyList<StepRecord> steps)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO steps (run_id, tenant_id, sequence, node_name, status, input, output, error, attempts, started_at, finished_at)
            SELECT run_id, tenant_id, sequence, node_name, status, input::jsonb, output::jsonb, error, attempts, started_at, finished_at
            FROM unnest(@run_id, @tenant_id, @sequence, @node_name, @status, @input, @output, @error, @attempts, @started_at, @finished_at)
              AS t(run_id, tenant_id, sequence, node_name, status, input, output, error, attempts, started_at, finished_at)
            ON CONFLICT (run_id, sequence) DO UPDATE SET status = excluded.status, input = excluded.input, output = excluded.output,
                error = excluded.error, attempts = excluded.attempts, started_at = excluded.started_at, finished_at = excluded.finished_at
            """);
        var p = command.Parameters;
        p.Add(Array("run_id", NpgsqlDbType.Uuid, steps.Select(s => s.RunId).ToArray()));
        p.Add(Array("tenant_id", NpgsqlDbType.Integer, steps.Select(s => s.TenantId).ToArray()));
        p.Add(Array("sequence", NpgsqlDbType.Integer, steps.Select(s => s.Sequence).ToArray()));
        p.Add(Array("node_name", NpgsqlDbType.Text, steps.Select(s => s.NodeName).ToArray()));
        p.Add(Array("status", NpgsqlDbType.Text, steps.Select(s => s.Status.ToString()).ToArray()));
        p.Add(Array("input", NpgsqlDbType.Text, steps.Select(s => s.Input).ToArray()));
        p.Add(Array("output", NpgsqlDbType.Text, steps.Select(s => s.Output).ToArray()));
        p.Add(Array("error", NpgsqlDbType.Text, steps.Select(s => s.Error).ToArray()));
        p.Add(Array("attempts", NpgsqlDbType.Integer, steps.Select(s => s.Attempts).ToArray()));
        p.Add(Array("started_at", NpgsqlDbType.TimestampTz, steps.Select(s => s.StartedAt).ToArray()));
        p.Add(Array("finished_at", NpgsqlDbType.TimestampTz, steps.Select(s => s.FinishedAt).ToArray()));
        return command;
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, T[] values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values };

    /// <summary>Deletes finished runs (and their steps) older than <paramref name="cutoff"/> or beyond the newest <paramref name="keep"/> of their workflow.</summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, int keep, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand("""
            DELETE FROM runs WHERE status IN ('Succeeded', 'Failed', 'Cancelled') AND finished_at < @cutoff;
            DELETE FROM runs r USING (
              SELECT id FROM (
                SELECT id, row_number() OVER (PARTITION BY workflow_id ORDER BY queued_at DESC) AS newest
                FROM runs WHERE status IN ('Succeeded', 'Failed', 'Cancelled')) ranked
              WHERE newest > @keep) old
            WHERE r.id = old.id;
            """);
        command.Parameters.Add(new("cutoff", cutoff));
        command.Parameters.Add(new("keep", keep));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Tells every replica's workers that runs are waiting (PostgreSQL delivers it when the statement commits).</summary>
    public async Task NotifyAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand($"NOTIFY {WakeChannel}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
