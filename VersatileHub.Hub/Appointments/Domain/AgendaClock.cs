namespace VersatileHub.Hub.Appointments.Domain;

/// <summary>Turns the business's wall-clock times into instants and back, across daylight-saving changes.</summary>
internal static class AgendaClock
{
    /// <summary>The instant a wall-clock time names, or null when the clocks skip it (spring forward).</summary>
    /// <remarks>A time that happens twice (fall back) is taken at its first occurrence.</remarks>
    public static DateTimeOffset? Instant(TimeZoneInfo zone, DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return null;
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The instant of a wall-clock time, moved to the end of a skipped hour when the clocks skip it.</summary>
    public static DateTimeOffset InstantOrNext(TimeZoneInfo zone, DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return Instant(zone, DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local))!.Value;
    }

    public static DateTimeOffset Local(TimeZoneInfo zone, DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    public static DateOnly Day(TimeZoneInfo zone, DateTimeOffset instant) => DateOnly.FromDateTime(Local(zone, instant).DateTime);

    /// <summary>The instants from the start of <paramref name="first"/> to the start of the day after <paramref name="last"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Span(TimeZoneInfo zone, DateOnly first, DateOnly last) =>
        (InstantOrNext(zone, first, TimeOnly.MinValue), InstantOrNext(zone, last.AddDays(1), TimeOnly.MinValue));
}
