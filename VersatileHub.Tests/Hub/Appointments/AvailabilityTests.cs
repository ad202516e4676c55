using VersatileHub.Hub.Appointments.Domain;

namespace VersatileHub.Tests.Hub.Appointments;

public sealed class AvailabilityTests
{
    private static readonly TimeZoneInfo BuenosAires = TimeZoneInfo.FindSystemTimeZoneById("America/Argentina/Buenos_Aires");
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
    private static readonly DateOnly Monday = new(2030, 6, 3);
    private static readonly DateTimeOffset LongBefore = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static BookableService Service(int minutes = 60, int bufferMinutes = 0, int slotMinutes = 30) =>
        new("Corte", TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(bufferMinutes), TimeSpan.FromMinutes(slotMinutes), price: null, [1]);

    private static WorkingHours Hours(DayOfWeek day, params (int From, int To)[] periods) =>
        WorkingHours.Define(1, periods.Select(p => (day, new TimeOnly(p.From, 0), new TimeOnly(p.To, 0))));

    private static List<string> LocalTimes(TimeZoneInfo zone, IEnumerable<DateTimeOffset> starts) =>
        starts.Select(s => TimeZoneInfo.ConvertTime(s, zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public void Starts_follow_the_slot_grid_skip_the_break_and_end_within_each_period()
    {
        var availability = new Availability(BuenosAires, LongBefore);

        var starts = availability.FreeStarts(Service(), 1, Monday, Hours(DayOfWeek.Monday, (9, 11), (14, 16)), [], []);

        Assert.Equal(["09:00", "09:30", "10:00", "14:00", "14:30", "15:00"], LocalTimes(BuenosAires, starts));
    }

    [Fact]
    public void Starts_are_instants_in_the_tenants_zone()
    {
        var starts = new Availability(BuenosAires, LongBefore).FreeStarts(Service(), 1, Monday, Hours(DayOfWeek.Monday, (9, 10)), [], []);

        Assert.Equal(new DateTimeOffset(2030, 6, 3, 12, 0, 0, TimeSpan.Zero), Assert.Single(starts));
    }

    [Fact]
    public void A_booking_and_its_buffer_block_every_start_that_would_overlap_them_including_the_new_buffer()
    {
        var service = Service(minutes: 30, bufferMinutes: 15, slotMinutes: 15);
        var booked = new BusyTime(new DateTimeOffset(2030, 6, 3, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 6, 3, 13, 45, 0, TimeSpan.Zero));

        var starts = new Availability(BuenosAires, LongBefore).FreeStarts(service, 1, Monday, Hours(DayOfWeek.Monday, (9, 12)), [], [booked]);

        // 10:00–10:45 local is taken; a 09:30 start would hold until 10:15.
        Assert.Equal(["09:00", "09:15", "10:45", "11:00", "11:15", "11:30"], LocalTimes(BuenosAires, starts));
    }

    [Fact]
    public void A_time_in_the_past_is_never_offered()
    {
        var now = new DateTimeOffset(2030, 6, 3, 13, 10, 0, TimeSpan.Zero);

        var starts = new Availability(BuenosAires, now).FreeStarts(Service(), 1, Monday, Hours(DayOfWeek.Monday, (9, 13)), [], []);

        Assert.Equal(["10:30", "11:00", "11:30", "12:00"], LocalTimes(BuenosAires, starts));
    }

    [Fact]
    public void A_business_holiday_or_the_resources_day_off_closes_the_day()
    {
        var availability = new Availability(BuenosAires, LongBefore);
        var hours = Hours(DayOfWeek.Monday, (9, 13));

        Assert.Empty(availability.FreeStarts(Service(), 1, Monday, hours, [new ClosedDay(Monday, resourceId: null, "Feriado")], []));
        Assert.Empty(availability.FreeStarts(Service(), 1, Monday, hours, [new ClosedDay(Monday, resourceId: 1, "Vacaciones")], []));
        Assert.NotEmpty(availability.FreeStarts(Service(), 1, Monday, hours, [new ClosedDay(Monday, resourceId: 2, "Vacaciones")], []));
    }

    [Fact]
    public void On_the_day_Madrid_moves_its_clocks_forward_the_same_wall_clock_hours_are_an_hour_earlier_in_UTC()
    {
        var saturday = new DateOnly(2030, 3, 30);
        var sunday = new DateOnly(2030, 3, 31);
        var availability = new Availability(Madrid, LongBefore);

        var beforeChange = availability.FreeStarts(Service(), 1, saturday, Hours(DayOfWeek.Saturday, (9, 10)), [], []);
        var afterChange = availability.FreeStarts(Service(), 1, sunday, Hours(DayOfWeek.Sunday, (9, 10)), [], []);

        Assert.Equal(new DateTimeOffset(2030, 3, 30, 8, 0, 0, TimeSpan.Zero), Assert.Single(beforeChange));
        Assert.Equal(new DateTimeOffset(2030, 3, 31, 7, 0, 0, TimeSpan.Zero), Assert.Single(afterChange));
    }

    [Fact]
    public void Wall_clock_times_the_change_skips_are_not_offered_and_the_skipped_hour_gives_no_extra_time()
    {
        var sunday = new DateOnly(2030, 3, 31);

        // 01:00–04:00 on the wall is two real hours: 02:00–03:00 does not happen.
        var starts = new Availability(Madrid, LongBefore).FreeStarts(Service(), 1, sunday, Hours(DayOfWeek.Sunday, (1, 4)), [], []);

        Assert.Equal(["01:00", "01:30", "03:00"], LocalTimes(Madrid, starts));
        Assert.Equal(TimeSpan.FromHours(1), starts[2] - starts[0]);
    }

    [Fact]
    public void Working_periods_of_one_day_may_not_overlap()
    {
        var overlapping = new[] { (DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(13, 0)), (DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(18, 0)) };

        var refusal = Assert.Throws<AgendaRuleException>(() => WorkingHours.Define(1, overlapping));

        Assert.Equal("periods", refusal.Field);
    }
}
