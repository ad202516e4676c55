using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Triggers.Schedules;

/// <summary>
/// When a <c>scheduleTrigger</c> fires: a cron expression (5 fields, or 6 with seconds first) in an IANA time zone,
/// optionally only every <see cref="EveryWeeks"/>-th week. Written either as <c>cron</c> + <c>timezone</c> parameters or
/// in n8n's shape, <c>rule.interval[0]</c> with <c>field</c> seconds/minutes/hours/days/weeks/months/cronExpression.
/// </summary>
public sealed record ScheduleRule(string Cron, string TimeZone, int EveryWeeks = 1)
{
    private static readonly DateTime WeekZero = new(1970, 1, 5); // a Monday

    private CronExpression? _expression;
    private TimeZoneInfo? _zone;

    private CronExpression Expression => _expression ??= CronExpression.Parse(Cron, FormatOf(Cron));

    private TimeZoneInfo Zone => _zone ??= TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        var from = after;
        for (var guard = 0; guard < 10_000; guard++)
        {
            if (Expression.GetNextOccurrence(from, Zone) is not { } next)
            {
                return null;
            }
            if (EveryWeeks <= 1 || WeekNumber(next) % EveryWeeks == 0)
            {
                return next.ToUniversalTime();
            }
            from = next;
        }
        return null;
    }

    /// <summary>Rules are equal when they fire alike; the parsed expression and zone kept alongside do not count.</summary>
    public bool Equals(ScheduleRule? other) =>
        other is not null && Cron == other.Cron && TimeZone == other.TimeZone && EveryWeeks == other.EveryWeeks;

    public override int GetHashCode() => HashCode.Combine(Cron, TimeZone, EveryWeeks);

    /// <summary>Reads the rule of a schedule node, or the errors naming the field; the time zone falls back to the workflow's, then the deployment's.</summary>
    public static ScheduleRule? Read(WorkflowNode node, string? workflowTimeZone, string defaultTimeZone, List<DefinitionError> errors)
    {
        var parameters = node.Parameters;
        var zone = Text(parameters["timezone"]) ?? workflowTimeZone ?? defaultTimeZone;
        var zoneField = Text(parameters["timezone"]) is not null ? "parameters.timezone" : "settings.timeZone";
        var before = errors.Count;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add(new(node.Name, zoneField,
                $"«{zone}» no es una zona horaria IANA (p. ej. America/Argentina/Buenos_Aires). / «{zone}» is not an IANA time zone (e.g. Europe/Madrid)."));
        }

        string? cron = null;
        var everyWeeks = 1;
        if (Text(parameters["cron"]) is { } written)
        {
            cron = CheckCron(node.Name, "parameters.cron", written, errors);
        }
        else if (parameters["rule"] is JsonObject rule && rule["interval"] is JsonArray { Count: > 0 } intervals)
        {
            if (intervals.Count > 1)
            {
                errors.Add(new(node.Name, "parameters.rule.interval",
                    "Un nodo de horario admite una sola regla; usá un nodo por regla. / A schedule node takes one rule; use one node per rule."));
            }
            (cron, everyWeeks) = FromN8nInterval(node.Name, intervals[0] as JsonObject ?? [], errors);
        }
        else
        {
            errors.Add(new(node.Name, "parameters.cron",
                "Falta cuándo se ejecuta: «cron» (p. ej. «0 9 * * 1-5») o «rule.interval». / Say when it runs: «cron» (e.g. «0 9 * * 1-5») or «rule.interval»."));
        }

        return errors.Count == before && cron is not null ? new ScheduleRule(cron, zone, everyWeeks) : null;
    }

    private static (string? Cron, int EveryWeeks) FromN8nInterval(string node, JsonObject interval, List<DefinitionError> errors)
    {
        const string at = "parameters.rule.interval[0]";
        var field = Text(interval["field"]) ?? "days";
        int Number(string name, int fallback, int min, int max)
        {
            var value = interval[name] switch
            {
                null => fallback,
                JsonValue v when v.TryGetValue<int>(out var n) => n,
                JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) => (int)d,
                JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                _ => int.MinValue,
            };
            if (value < min || value > max)
            {
                errors.Add(new(node, $"{at}.{name}", $"Debe ser un entero entre {min} y {max}. / Must be a whole number from {min} to {max}."));
                return fallback;
            }
            return value;
        }

        var minute = Number("triggerAtMinute", 0, 0, 59);
        var hour = Number("triggerAtHour", 0, 0, 23);
        switch (field)
        {
            case "cronExpression":
                return (CheckCron(node, $"{at}.expression", Text(interval["expression"]) ?? "", errors), 1);
            case "seconds":
                return ($"*/{Number("secondsInterval", 30, 1, 59)} * * * * *", 1);
            case "minutes":
                return ($"*/{Number("minutesInterval", 5, 1, 59)} * * * *", 1);
            case "hours":
                return ($"{minute} */{Number("hoursInterval", 1, 1, 23)} * * *", 1);
            case "days":
                var days = Number("daysInterval", 1, 1, 31);
                return ($"{minute} {hour} {(days == 1 ? "*" : $"*/{days}")} * *", 1);
            case "weeks":
                var weeks = Number("weeksInterval", 1, 1, 52);
                var weekdays = interval["triggerAtDay"] is JsonArray list && list.Count > 0
                    ? list.Select(d => d is JsonValue v && v.TryGetValue<int>(out var n) && n is >= 0 and <= 6 ? n : -1).ToList()
                    : [0];
                if (weekdays.Contains(-1))
                {
                    errors.Add(new(node, $"{at}.triggerAtDay", "Los días van de 0 (domingo) a 6 (sábado). / Days go from 0 (Sunday) to 6 (Saturday)."));
                    return (null, 1);
                }
                return ($"{minute} {hour} * * {string.Join(',', weekdays.Distinct().Order())}", weeks);
            case "months":
                var months = Number("monthsInterval", 1, 1, 12);
                var dayOfMonth = Number("triggerAtDayOfMonth", 1, 1, 31);
                return ($"{minute} {hour} {dayOfMonth} {(months == 1 ? "*" : $"*/{months}")} *", 1);
            default:
                errors.Add(new(node, $"{at}.field",
                    $"«{field}» no es un intervalo: seconds, minutes, hours, days, weeks, months o cronExpression. / «{field}» is not an interval: seconds, minutes, hours, days, weeks, months or cronExpression."));
                return (null, 1);
        }
    }

    private static string? CheckCron(string node, string field, string cron, List<DefinitionError> errors)
    {
        cron = string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        try
        {
            CronExpression.Parse(cron, FormatOf(cron));
            return cron;
        }
        catch (CronFormatException ex)
        {
            errors.Add(new(node, field,
                $"«{cron}» no es una expresión cron de 5 campos (o 6 con segundos): {ex.Message} / «{cron}» is not a 5-field cron expression (or 6 with seconds): {ex.Message}"));
            return null;
        }
    }

    private static CronFormat FormatOf(string cron) =>
        cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;

    /// <summary>Weeks since a Monday, counted on the schedule's own calendar.</summary>
    private long WeekNumber(DateTimeOffset instant) => (long)Math.Floor((TimeZoneInfo.ConvertTime(instant, Zone).Date - WeekZero).TotalDays / 7);

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
