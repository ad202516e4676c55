using System.Globalization;
using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Appointments.Domain;

/// <summary>One stretch of a resource's working day, in the tenant's local time, e.g. Monday 09:00–13:00.</summary>
internal sealed class WorkingPeriod : ITenantOwned
{
    private WorkingPeriod()
    {
    }

    public WorkingPeriod(int resourceId, DayOfWeek day, TimeOnly from, TimeOnly to)
    {
        ResourceId = resourceId;
        Day = day;
        From = from;
        To = to;
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public int ResourceId { get; private set; }

    public DayOfWeek Day { get; private set; }

    public TimeOnly From { get; private set; }

    public TimeOnly To { get; private set; }
}

/// <summary>
/// A resource's weekly working hours: for each weekday, non-overlapping periods; the gaps between them are breaks
/// (Mon 09:00–13:00 and 14:00–18:00 is a day with a lunch break).
/// </summary>
internal sealed class WorkingHours
{
    private readonly ILookup<DayOfWeek, WorkingPeriod> _byDay;

    private WorkingHours(IEnumerable<WorkingPeriod> periods)
    {
        _byDay = periods.OrderBy(p => p.From).ToLookup(p => p.Day);
    }

    public IEnumerable<WorkingPeriod> Periods => _byDay.SelectMany(day => day);

    public IEnumerable<WorkingPeriod> On(DayOfWeek day) => _byDay[day];

    /// <summary>Stored hours, trusted to have been checked by <see cref="Define"/>.</summary>
    public static WorkingHours From(IEnumerable<WorkingPeriod> periods) => new(periods);

    /// <summary>New hours for <paramref name="resourceId"/>, checked: each period starts before it ends and none overlaps another of its day.</summary>
    public static WorkingHours Define(int resourceId, IEnumerable<(DayOfWeek Day, TimeOnly From, TimeOnly To)> periods)
    {
        var checkedPeriods = new List<WorkingPeriod>();
        foreach (var day in periods.GroupBy(p => p.Day))
        {
            if (!Enum.IsDefined(day.Key))
            {
                throw new AgendaRuleException("periods", new UserText($"Día de la semana desconocido: {day.Key}.", $"Unknown weekday {day.Key}."));
            }
            TimeOnly? previousEnd = null;
            foreach (var (_, from, to) in day.OrderBy(p => p.From))
            {
                if (from >= to)
                {
                    throw new AgendaRuleException("periods", new UserText($"El {SpanishName(day.Key)} un período empieza a las {from:HH\\:mm} pero no termina después.", $"On {day.Key} a period starts at {from:HH\\:mm} but does not end after it."));
                }
                if (from < previousEnd)
                {
                    throw new AgendaRuleException("periods", new UserText($"El {SpanishName(day.Key)} dos períodos se superponen a las {from:HH\\:mm}.", $"On {day.Key} two periods overlap at {from:HH\\:mm}."));
                }
                previousEnd = to;
                checkedPeriods.Add(new WorkingPeriod(resourceId, day.Key, from, to));
            }
        }
        return new WorkingHours(checkedPeriods);
    }

    private static string SpanishName(DayOfWeek day) => CultureInfo.GetCultureInfo("es-AR").DateTimeFormat.GetDayName(day);
}
