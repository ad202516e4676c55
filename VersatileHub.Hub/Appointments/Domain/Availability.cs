namespace VersatileHub.Hub.Appointments.Domain;

/// <summary>A stretch during which a resource is already taken (an appointment and its buffer).</summary>
internal sealed record BusyTime(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Which start times a resource can take a service at, on the service's slot grid: inside a working period (the
/// service must end by the period's end), not on a closed day, clear of every booking and its buffer (the new
/// booking's own buffer included), and not in the past. Wall-clock times are the tenant's.
/// </summary>
internal sealed class Availability(TimeZoneInfo zone, DateTimeOffset now)
{
    public TimeZoneInfo Zone => zone;

    public IReadOnlyList<DateTimeOffset> FreeStarts(
        BookableService service,
        int resourceId,
        DateOnly day,
        WorkingHours hours,
        IEnumerable<ClosedDay> closedDays,
        IEnumerable<BusyTime> busy)
    {
        if (closedDays.Any(closed => closed.Closes(resourceId, day)))
        {
            return [];
        }

        var taken = busy.ToList();
        var starts = new List<DateTimeOffset>();
        foreach (var period in hours.On(day.DayOfWeek))
        {
            var periodEnd = AgendaClock.InstantOrNext(zone, day, period.To);
            var wallClock = period.From;
            while (true)
            {
                if (AgendaClock.Instant(zone, day, wallClock) is { } start)
                {
                    var end = start + service.Duration;
                    if (end > periodEnd)
                    {
                        break;
                    }
                    var heldUntil = end + service.BufferAfter;
                    if (start > now && !taken.Any(b => b.Start < heldUntil && start < b.End))
                    {
                        starts.Add(start);
                    }
                }
                var next = wallClock.Add(service.SlotInterval, out var wrappedDays);
                if (wrappedDays > 0 || next >= period.To)
                {
                    break;
                }
                wallClock = next;
            }
        }
        return starts;
    }
}
