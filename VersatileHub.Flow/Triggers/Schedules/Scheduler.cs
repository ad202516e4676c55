using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Triggers.Schedules;

/// <summary>
/// Fires due schedules on every replica: each due row is taken with <c>FOR UPDATE SKIP LOCKED</c> and its run queued in
/// the transaction that moves it to its next occurrence, so an occurrence fires once however many replicas look and
/// whatever restarts in between.
/// </summary>
public sealed partial class Scheduler(
    IServiceScopeFactory scopes,
    IOptions<ScheduleOptions> options,
    TimeProvider time,
    ILogger<Scheduler> logger) : BackgroundService
{
    public const string TriggeredBy = "schedule";

    /// <summary>How long a schedule whose firing failed waits before it is tried again.</summary>
    public static readonly TimeSpan RetryFailedAfter = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FireDueAsync(stoppingToken);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(ex);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Fires every schedule due now, one transaction each; returns how many runs it queued.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        while (await FireOneAsync(cancellationToken) is { } fired)
        {
            queued += fired ? 1 : 0;
        }
        return queued;
    }

    /// <summary>Takes one due schedule: true when it queued a run, false when it only moved on, null when none was due.</summary>
    private async Task<bool?> FireOneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = (await db.Set<WorkflowSchedule>()
            .FromSql($"SELECT * FROM schedules WHERE next_due_at <= {now} ORDER BY next_due_at LIMIT 1 FOR UPDATE SKIP LOCKED")
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (due is null)
        {
            return null;
        }

        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(due.TenantId);
        var occurrence = due.NextDueAt!.Value;
        var fired = false;
        try
        {
            var workflow = await db.Set<Workflow>().FirstOrDefaultAsync(w => w.Id == due.WorkflowId, cancellationToken);
            if (workflow is { Active: true } && workflow.Definition.Node(due.NodeName) is { Disabled: false })
            {
                var item = Describe(occurrence, due.Rule);
                await scope.ServiceProvider.GetRequiredService<RunStarter>().QueueAsync(workflow, due.NodeName, TriggeredBy, [item], cancellationToken);
                fired = true;
            }
            due.Fired(now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // One broken schedule (say, a time zone the system no longer knows) must not hold back the ones due after it.
            await transaction.RollbackAsync(CancellationToken.None);
            LogScheduleFailed(ex, due.WorkflowId, due.NodeName, RetryFailedAfter);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE schedules SET next_due_at = {now + RetryFailedAfter} WHERE workflow_id = {due.WorkflowId} AND node_name = {due.NodeName}",
                CancellationToken.None);
            return false;
        }
        if (fired)
        {
            LogFired(due.WorkflowId, due.NodeName, occurrence);
        }
        return fired;
    }

    /// <summary>The trigger's item, in n8n's shape, so imported workflows read the same fields.</summary>
    internal static JsonObject Describe(DateTimeOffset occurrence, ScheduleRule rule)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(rule.TimeZone);
        var local = TimeZoneInfo.ConvertTime(occurrence, zone);
        var english = CultureInfo.GetCultureInfo("en-US");
        var clock = $"{local.ToString("h:mm:ss", CultureInfo.InvariantCulture)} {(local.Hour < 12 ? "am" : "pm")}";
        return new JsonObject
        {
            ["timestamp"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["Readable date"] = $"{local.ToString("MMMM", english)} {Ordinal(local.Day)} {local.Year}, {clock}",
            ["Readable time"] = clock,
            ["Day of week"] = local.ToString("dddd", english),
            ["Year"] = local.ToString("yyyy", CultureInfo.InvariantCulture),
            ["Month"] = local.ToString("MMMM", english),
            ["Day of month"] = local.ToString("dd", CultureInfo.InvariantCulture),
            ["Hour"] = local.ToString("HH", CultureInfo.InvariantCulture),
            ["Minute"] = local.ToString("mm", CultureInfo.InvariantCulture),
            ["Second"] = local.ToString("ss", CultureInfo.InvariantCulture),
            ["Timezone"] = $"{rule.TimeZone} (UTC{local:zzz})",
        };
    }

    private static string Ordinal(int day) =>
        day.ToString(CultureInfo.InvariantCulture) + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firing due schedules failed; trying again")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {Node} of workflow {WorkflowId} failed to fire; it is tried again in {Delay}")]
    private partial void LogScheduleFailed(Exception exception, Guid workflowId, string node, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Node} of workflow {WorkflowId} fired for {Occurrence}")]
    private partial void LogFired(Guid workflowId, string node, DateTimeOffset occurrence);
}
