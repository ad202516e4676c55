using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Triggers.Schedules;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Flow.Workflows;
using VersatileHub.Tests.Infrastructure;
using static VersatileHub.Tests.Flow.Workflows.WorkflowsWorld;

namespace VersatileHub.Tests.Flow.Schedules;

public sealed class ScheduleTriggerTests(WorkflowsWorld world) : IClassFixture<WorkflowsWorld>
{
    /// <summary>Another replica of the same Flow: its own process state, the same flowdb and clock.</summary>
    private FlowFactory Replica() => new()
    {
        Time = world.Time,
        Settings = new Dictionary<string, string> { ["ConnectionStrings:flowdb"] = world.Flow.Database.ConnectionString },
        WithServices = SpecOnlyNodes.Register,
    };

    [Fact]
    public async Task A_schedule_fires_once_per_occurrence_in_its_time_zone_with_two_schedulers_and_not_again_after_a_restart()
    {
        // 09:00 in Buenos Aires (UTC-3) is 12:00 UTC.
        var now = world.Time.GetUtcNow();
        var due = new DateTimeOffset(now.UtcDateTime.Date.AddHours(12), TimeSpan.Zero);
        due = due > now ? due : due.AddDays(1);
        var buenosAires = TimeZoneInfo.FindSystemTimeZoneById("America/Argentina/Buenos_Aires");
        string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, buenosAires).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        var id = IdOf(await CreateAsync(world.A, "Recordatorio diario",
            [Node("Cada mañana", "scheduleTrigger", new { cron = "0 9 * * *", timezone = "America/Argentina/Buenos_Aires" }), Fields("Preparar")],
            Chain(("Cada mañana", "Preparar"))));
        Assert.Equal(HttpStatusCode.OK, (await world.A.PostAsync($"/api/flow/workflows/{id}/activate", null)).StatusCode);
        var schedule = await world.InFlowAsync(world.TenantA, db => db.Set<WorkflowSchedule>().AsNoTracking().SingleAsync(s => s.WorkflowId == id));
        Assert.Equal(due, schedule.NextDueAt);

        var replica = Replica();
        await ((IAsyncLifetime)replica).InitializeAsync();
        try
        {
            var schedulers = new[] { world.Flow.Services.GetRequiredService<Scheduler>(), replica.Services.GetRequiredService<Scheduler>() };
            Assert.Equal(0, (await Task.WhenAll(schedulers.Select(s => s.FireDueAsync(CancellationToken.None)))).Sum());

            world.Time.Advance(due - now + TimeSpan.FromSeconds(30));
            // Both replicas' loops wake on the clock too; with the explicit calls, four schedulers race for one occurrence.
            await Task.WhenAll(schedulers.Select(s => s.FireDueAsync(CancellationToken.None)));
            var runs = await Eventually.ThatAsync(() => world.RunsAsync(world.TenantA, id), r => r.Count >= 1);
            await Task.WhenAll(schedulers.Select(s => s.FireDueAsync(CancellationToken.None)));
            runs = await world.RunsAsync(world.TenantA, id);

            var run = Assert.Single(runs);
            Assert.Equal("Cada mañana", run.TriggerNode);
            Assert.Equal(Scheduler.TriggeredBy, run.TriggeredBy);
            Assert.Equal(Local(due), run.TriggerItems[0]!["timestamp"]!.GetValue<string>());
            Assert.EndsWith("T09:00:00.000-03:00", Local(due), StringComparison.Ordinal);
            Assert.Equal(due.DayOfWeek.ToString(), run.TriggerItems[0]!["Day of week"]!.GetValue<string>());
            Assert.Equal(1, run.WorkflowVersion);
        }
        finally
        {
            await ((IAsyncLifetime)replica).DisposeAsync();
        }

        // A Flow started afresh on the same database finds the occurrence done, and the next one still to come.
        var restarted = Replica();
        await ((IAsyncLifetime)restarted).InitializeAsync();
        try
        {
            Assert.Equal(0, await restarted.Services.GetRequiredService<Scheduler>().FireDueAsync(CancellationToken.None));
            Assert.Single(await world.RunsAsync(world.TenantA, id));
            var next = await world.InFlowAsync(world.TenantA, db => db.Set<WorkflowSchedule>().AsNoTracking().SingleAsync(s => s.WorkflowId == id));
            Assert.Equal(due.AddDays(1), next.NextDueAt);

            world.Time.Advance(TimeSpan.FromDays(1));
            await restarted.Services.GetRequiredService<Scheduler>().FireDueAsync(CancellationToken.None);
            var runs = await Eventually.ThatAsync(() => world.RunsAsync(world.TenantA, id), r => r.Count >= 2);
            Assert.Equal(2, runs.Count);
            Assert.Equal(Local(due.AddDays(1)), runs[1].TriggerItems[0]!["timestamp"]!.GetValue<string>());
        }
        finally
        {
            await ((IAsyncLifetime)restarted).DisposeAsync();
        }
    }

    [Fact]
    public async Task Deactivating_a_workflow_stops_its_schedule_and_a_changed_rule_reschedules_it()
    {
        var id = IdOf(await CreateAsync(world.A, "Cada hora",
            [Node("Horario", "scheduleTrigger", new { rule = new { interval = new[] { new { field = "hours", hoursInterval = 1, triggerAtMinute = 30 } } } })]));
        await world.A.PostAsync($"/api/flow/workflows/{id}/activate", null);
        var before = await world.InFlowAsync(world.TenantA, db => db.Set<WorkflowSchedule>().AsNoTracking().SingleAsync(s => s.WorkflowId == id));
        Assert.Equal(30, before.NextDueAt!.Value.Minute);

        var saved = await world.A.PutAsync($"/api/flow/workflows/{id}", JsonContent(new
        {
            name = "Cada hora", version = 1,
            nodes = new[] { Node("Horario", "scheduleTrigger", new { rule = new { interval = new[] { new { field = "hours", hoursInterval = 1, triggerAtMinute = 45 } } } }) },
        }));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = await world.InFlowAsync(world.TenantA, db => db.Set<WorkflowSchedule>().AsNoTracking().SingleAsync(s => s.WorkflowId == id));
        Assert.Equal(45, after.NextDueAt!.Value.Minute);

        await world.A.PostAsync($"/api/flow/workflows/{id}/deactivate", null);
        Assert.False(await world.InFlowAsync(world.TenantA, db => db.Set<WorkflowSchedule>().AnyAsync(s => s.WorkflowId == id)));
        world.Time.Advance(TimeSpan.FromHours(2));
        await world.Flow.Services.GetRequiredService<Scheduler>().FireDueAsync(CancellationToken.None);
        Assert.Empty(await world.RunsAsync(world.TenantA, id));
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
