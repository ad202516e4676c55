using System.Text.Json.Nodes;
using VersatileHub.Flow.Triggers.Schedules;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Tests.Flow.Schedules;

public sealed class ScheduleRuleTests
{
    private static ScheduleRule Read(object parameters, string? workflowZone = null)
    {
        var errors = new List<DefinitionError>();
        var node = new WorkflowNode { Name = "Horario", Type = "scheduleTrigger", Parameters = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(parameters))!.AsObject() };
        var rule = ScheduleRule.Read(node, workflowZone, "UTC", errors);
        Assert.Empty(errors);
        return rule!;
    }

    [Fact]
    public void A_cron_fires_at_its_time_in_its_own_time_zone_across_a_daylight_saving_change()
    {
        var madrid = Read(new { cron = "0 9 * * *", timezone = "Europe/Madrid" });

        // Winter (UTC+1) before the last Sunday of March 2026, summer (UTC+2) after it.
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero), madrid.NextAfter(new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), madrid.NextAfter(new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Without_its_own_zone_a_schedule_takes_the_workflows_then_the_deployments()
    {
        Assert.Equal("America/Argentina/Buenos_Aires", Read(new { cron = "0 9 * * *" }, "America/Argentina/Buenos_Aires").TimeZone);
        Assert.Equal("UTC", Read(new { cron = "0 9 * * *" }).TimeZone);
    }

    [Fact]
    public void N8ns_interval_rules_read_as_the_same_schedule()
    {
        var from = new DateTimeOffset(2026, 3, 10, 10, 7, 0, TimeSpan.Zero); // a Tuesday

        Assert.Equal(from.AddMinutes(3), Read(new { rule = new { interval = new[] { new { field = "minutes", minutesInterval = 5 } } } }).NextAfter(from));
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 12, 15, 0, TimeSpan.Zero),
            Read(new { rule = new { interval = new[] { new { field = "hours", hoursInterval = 3, triggerAtMinute = 15 } } } }).NextAfter(from));
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 8, 30, 0, TimeSpan.Zero),
            Read(new { rule = new { interval = new[] { new { field = "days", daysInterval = 1, triggerAtHour = 8, triggerAtMinute = 30 } } } }).NextAfter(from));
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero),
            Read(new { rule = new { interval = new[] { new { field = "months", monthsInterval = 1, triggerAtDayOfMonth = 1, triggerAtHour = 9 } } } }).NextAfter(from));
        Assert.Equal(from.AddSeconds(30),
            Read(new { rule = new { interval = new[] { new { field = "seconds", secondsInterval = 30 } } } }).NextAfter(from));
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero),
            Read(new { rule = new { interval = new[] { new { field = "cronExpression", expression = "0 0 23 * * *" } } } }).NextAfter(from));
    }

    [Fact]
    public void Every_second_week_skips_the_weeks_between()
    {
        var rule = Read(new { rule = new { interval = new[] { new { field = "weeks", weeksInterval = 2, triggerAtDay = new[] { 1 }, triggerAtHour = 9 } } } });

        var first = rule.NextAfter(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero))!.Value;
        var second = rule.NextAfter(first)!.Value;
        Assert.Equal(DayOfWeek.Monday, first.DayOfWeek);
        Assert.Equal(9, first.Hour);
        Assert.Equal(TimeSpan.FromDays(14), second - first);
    }

    [Fact]
    public void A_bad_rule_names_its_field()
    {
        var errors = new List<DefinitionError>();
        var node = new WorkflowNode
        {
            Name = "Horario",
            Type = "scheduleTrigger",
            Parameters = new JsonObject { ["rule"] = new JsonObject { ["interval"] = new JsonArray(new JsonObject { ["field"] = "hours", ["hoursInterval"] = 0, ["triggerAtMinute"] = 75 }) } },
        };

        Assert.Null(ScheduleRule.Read(node, null, "UTC", errors));
        Assert.Contains(errors, e => e.Field == "parameters.rule.interval[0].hoursInterval");
        Assert.Contains(errors, e => e.Field == "parameters.rule.interval[0].triggerAtMinute");
    }
}
