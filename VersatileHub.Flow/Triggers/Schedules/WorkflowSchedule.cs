using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Flow.Triggers.Schedules;

/// <summary>
/// An enabled <c>scheduleTrigger</c> node of an active workflow and its next due time. Replicas take a due row with
/// <c>FOR UPDATE SKIP LOCKED</c> and advance it in the transaction that queues the run, so each occurrence fires once,
/// across replicas and restarts.
/// </summary>
public sealed class WorkflowSchedule : ITenantOwned
{
    private WorkflowSchedule()
    {
    }

    public Guid WorkflowId { get; private set; }

    public string NodeName { get; private set; } = "";

    public int TenantId { get; private set; }

    public string Cron { get; private set; } = "";

    public string TimeZone { get; private set; } = "";

    public int EveryWeeks { get; private set; } = 1;

    /// <summary>The occurrence to fire next; null once the expression never fires again.</summary>
    public DateTimeOffset? NextDueAt { get; private set; }

    public DateTimeOffset? LastFiredAt { get; private set; }

    public ScheduleRule Rule => new(Cron, TimeZone, EveryWeeks);

    public static WorkflowSchedule For(Guid workflowId, string nodeName, ScheduleRule rule, DateTimeOffset now) =>
        new()
        {
            WorkflowId = workflowId,
            NodeName = nodeName,
            Cron = rule.Cron,
            TimeZone = rule.TimeZone,
            EveryWeeks = rule.EveryWeeks,
            NextDueAt = rule.NextAfter(now),
        };

    /// <summary>Takes a changed rule: the next due time is counted from now.</summary>
    public void Reschedule(ScheduleRule rule, DateTimeOffset now)
    {
        (Cron, TimeZone, EveryWeeks) = (rule.Cron, rule.TimeZone, rule.EveryWeeks);
        NextDueAt = rule.NextAfter(now);
    }

    /// <summary>Records that the due occurrence fired at <paramref name="now"/>; occurrences missed meanwhile are skipped, not repeated.</summary>
    public void Fired(DateTimeOffset now)
    {
        LastFiredAt = now;
        NextDueAt = Rule.NextAfter(NextDueAt is { } due && due > now ? due : now);
    }
}
