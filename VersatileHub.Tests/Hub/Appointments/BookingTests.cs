using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Outbox;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Appointments;

public sealed class BookingTests(HubFactory factory) : IClassFixture<HubFactory>
{
    private async Task<AppointmentView> BookAsync(Salon salon, DateTimeOffset start, int? resourceId = null, Customer? customer = null)
    {
        await using var scope = factory.ScopeFor(salon.TenantId);
        return await scope.ServiceProvider.GetRequiredService<AgendaBook>()
            .BookAsync(salon.ServiceId, resourceId, start, customer ?? salon.Customer, CancellationToken.None);
    }

    private async Task<IReadOnlyList<ResourceAvailability>> AvailabilityAsync(Salon salon)
    {
        await using var scope = factory.ScopeFor(salon.TenantId);
        return await scope.ServiceProvider.GetRequiredService<AgendaBook>()
            .AvailabilityAsync(salon.ServiceId, Salon.Day, 1, null, CancellationToken.None);
    }

    /// <summary>The tenant's appointment events, once <paramref name="count"/> of them are in the outbox or already relayed to the stream.</summary>
    private async Task<List<IntegrationEvent>> EventsAsync(Salon salon, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var scope = factory.ScopeFor(salon.TenantId);
            var outbox = await scope.ServiceProvider.GetRequiredService<HubDbContext>().Set<OutboxMessage>().AsNoTracking().Select(m => m.Envelope).ToListAsync();
            var stream = await factory.Redis.Database.StreamRangeAsync($"{factory.Redis.KeyPrefix}events:hub");
            var events = outbox.Concat(stream.Select(entry => (string)entry["event"]!))
                .Select(IntegrationEvent.FromJson)
                .Where(e => e.Tenant == salon.TenantId && e.Type.StartsWith("appointment.", StringComparison.Ordinal))
                .DistinctBy(e => e.Id)
                .OrderBy(e => e.Time)
                .ToList();
            if (events.Count >= count || DateTime.UtcNow > deadline)
            {
                return events;
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Fifty_parallel_bookings_of_one_slot_give_exactly_one_appointment_and_49_slot_taken()
    {
        var salon = await factory.NewSalonAsync();
        using var go = new ManualResetEventSlim();

        var attempts = Enumerable.Range(1, 50).Select(_ => Task.Run(async () =>
        {
            go.Wait();
            try
            {
                await BookAsync(salon, Salon.At(10), salon.Staff[0]);
                return "booked";
            }
            catch (SlotTakenException)
            {
                return "taken";
            }
        })).ToList();
        go.Set();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == "booked"));
        Assert.Equal(49, outcomes.Count(o => o == "taken"));
        await using var scope = factory.ScopeFor(salon.TenantId);
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<HubDbContext>().Set<Appointment>().CountAsync());
    }

    [Fact]
    public async Task A_booking_is_stored_with_its_appointment_created_event()
    {
        var salon = await factory.NewSalonAsync();

        var booked = await BookAsync(salon, Salon.At(9, 30), salon.Staff[0]);

        Assert.Equal((Salon.At(9, 30), Salon.At(10)), (booked.StartUtc, booked.EndUtc));
        Assert.Equal(TimeSpan.FromHours(-3), booked.StartLocal.Offset);
        var created = Assert.Single(await EventsAsync(salon, 1));
        Assert.Equal((AppointmentEvents.Created, booked.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (created.Type, created.Subject));
        var data = created.DataAs<AppointmentView>()!;
        Assert.Equal((booked.Id, salon.ServiceId, salon.Staff[0], salon.CustomerId, "Corte"), (data.Id, data.ServiceId, data.ResourceId, data.CustomerId, data.ServiceName));
        Assert.Equal(Salon.At(9, 30), data.StartLocal);
    }

    [Fact]
    public async Task A_booking_for_another_tenants_customer_is_refused_like_an_unknown_customer_naming_customerId_and_stores_nothing()
    {
        var salon = await factory.NewSalonAsync();
        var otherTenants = await factory.NewSalonAsync();

        foreach (var customer in new[] { otherTenants.Customer, new Customer(int.MaxValue, "Nadie") })
        {
            var refused = await Assert.ThrowsAsync<InvalidFieldException>(() => BookAsync(salon, Salon.At(10), customer: customer));
            Assert.Equal("customerId", refused.Field);
            Assert.Equal(new UserText($"El cliente {customer.Id} no existe.", $"Customer {customer.Id} does not exist."), refused.Text);
        }

        await using var scope = factory.ScopeFor(salon.TenantId);
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<HubDbContext>().Set<Appointment>().CountAsync());
        Assert.Empty(await EventsAsync(salon, 0));
        Assert.Contains(Salon.At(10), Assert.Single(await AvailabilityAsync(salon)).Starts);
    }

    [Fact]
    public async Task A_booked_slot_and_its_buffer_are_no_longer_offered()
    {
        var salon = await factory.NewSalonAsync();

        await BookAsync(salon, Salon.At(10));

        // 10:00–10:30 plus a 10-minute buffer; a new 09:30 booking would hold until 10:10 with its own buffer.
        var starts = Assert.Single(await AvailabilityAsync(salon)).Starts;
        Assert.Contains(Salon.At(9, 15), starts);
        Assert.DoesNotContain(Salon.At(9, 30), starts);
        Assert.DoesNotContain(Salon.At(10, 30), starts);
        Assert.Contains(Salon.At(10, 45), starts);
    }

    [Fact]
    public async Task Booking_any_free_resource_takes_the_next_one_when_the_first_is_taken()
    {
        var salon = await factory.NewSalonAsync(resources: 2);

        var first = await BookAsync(salon, Salon.At(11));
        var second = await BookAsync(salon, Salon.At(11));

        Assert.Equal(salon.Staff, [first.ResourceId, second.ResourceId]);
        await Assert.ThrowsAsync<SlotTakenException>(() => BookAsync(salon, Salon.At(11)));
    }

    [Fact]
    public async Task A_time_off_the_grid_or_outside_working_hours_is_refused_naming_the_start()
    {
        var salon = await factory.NewSalonAsync();

        var offGrid = await Assert.ThrowsAsync<AgendaRuleException>(() => BookAsync(salon, Salon.At(10, 5)));
        var afterHours = await Assert.ThrowsAsync<AgendaRuleException>(() => BookAsync(salon, Salon.At(19, 45)));

        Assert.Equal(("start", "start"), (offGrid.Field, afterHours.Field));
    }

    [Fact]
    public async Task Rescheduling_moves_the_appointment_frees_the_old_slot_and_publishes_appointment_updated()
    {
        var salon = await factory.NewSalonAsync();
        var booked = await BookAsync(salon, Salon.At(12));

        await using (var scope = factory.ScopeFor(salon.TenantId))
        {
            var moved = await scope.ServiceProvider.GetRequiredService<AgendaBook>()
                .RescheduleAsync(booked.Id, Salon.At(15), resourceId: null, booked.Version, CancellationToken.None);
            Assert.Equal(Salon.At(15), moved.StartUtc);
            Assert.NotEqual(booked.Version, moved.Version);
        }

        var starts = Assert.Single(await AvailabilityAsync(salon)).Starts;
        Assert.Contains(Salon.At(12), starts);
        Assert.DoesNotContain(Salon.At(15), starts);
        Assert.Equal([AppointmentEvents.Created, AppointmentEvents.Updated], (await EventsAsync(salon, 2)).Select(e => e.Type));
    }

    [Fact]
    public async Task Rescheduling_onto_another_booking_is_slot_taken()
    {
        var salon = await factory.NewSalonAsync();
        var early = await BookAsync(salon, Salon.At(9));
        await BookAsync(salon, Salon.At(10));

        await using var scope = factory.ScopeFor(salon.TenantId);
        await Assert.ThrowsAsync<SlotTakenException>(() => scope.ServiceProvider.GetRequiredService<AgendaBook>()
            .RescheduleAsync(early.Id, Salon.At(9, 45), null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Of_two_concurrent_edits_of_one_appointment_the_second_loses_with_a_conflict()
    {
        var salon = await factory.NewSalonAsync();
        var booked = await BookAsync(salon, Salon.At(13));

        await using (var first = factory.ScopeFor(salon.TenantId))
        {
            await first.ServiceProvider.GetRequiredService<AgendaBook>()
                .RescheduleAsync(booked.Id, Salon.At(16), null, booked.Version, CancellationToken.None);
        }

        await using var second = factory.ScopeFor(salon.TenantId);
        await Assert.ThrowsAsync<AppointmentChangedException>(() => second.ServiceProvider.GetRequiredService<AgendaBook>()
            .CancelAsync(booked.Id, "El cliente no puede", booked.Version, CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_frees_the_slot_records_the_reason_and_publishes_appointment_cancelled()
    {
        var salon = await factory.NewSalonAsync();
        var booked = await BookAsync(salon, Salon.At(14));

        await using (var scope = factory.ScopeFor(salon.TenantId))
        {
            var cancelled = await scope.ServiceProvider.GetRequiredService<AgendaBook>()
                .CancelAsync(booked.Id, "Pidió otro día", null, CancellationToken.None);
            Assert.Equal(("cancelled", "Pidió otro día"), (cancelled.Status, cancelled.CancellationReason));
        }

        var rebooked = await BookAsync(salon, Salon.At(14));
        Assert.NotEqual(booked.Id, rebooked.Id);
        Assert.Equal(
            [AppointmentEvents.Created, AppointmentEvents.Cancelled, AppointmentEvents.Created],
            (await EventsAsync(salon, 3)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_cancelled_appointment_cannot_be_rescheduled()
    {
        var salon = await factory.NewSalonAsync();
        var booked = await BookAsync(salon, Salon.At(17));
        await using var scope = factory.ScopeFor(salon.TenantId);
        var book = scope.ServiceProvider.GetRequiredService<AgendaBook>();
        await book.CancelAsync(booked.Id, "No vino", null, CancellationToken.None);

        await Assert.ThrowsAsync<AppointmentCancelledException>(() => book.RescheduleAsync(booked.Id, Salon.At(18), null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_nor_cancel_an_appointment()
    {
        var salon = await factory.NewSalonAsync();
        var booked = await BookAsync(salon, Salon.At(8));
        var otherTenant = await factory.NewTenantAsync();

        await using var scope = factory.ScopeFor(otherTenant);
        var book = scope.ServiceProvider.GetRequiredService<AgendaBook>();
        Assert.Empty(await book.ListAsync(Salon.Day, 7, null, CancellationToken.None));
        await Assert.ThrowsAsync<AgendaEntityNotFoundException>(() => book.CancelAsync(booked.Id, "x", null, CancellationToken.None));
        await Assert.ThrowsAsync<AgendaEntityNotFoundException>(() => book.BookAsync(salon.ServiceId, null, Salon.At(9), salon.Customer, CancellationToken.None));
    }

    [Fact]
    public async Task The_days_agenda_lists_booked_appointments_in_order_without_the_cancelled_ones()
    {
        var salon = await factory.NewSalonAsync();
        var late = await BookAsync(salon, Salon.At(16));
        var early = await BookAsync(salon, Salon.At(9));
        var dropped = await BookAsync(salon, Salon.At(12));

        await using var scope = factory.ScopeFor(salon.TenantId);
        var book = scope.ServiceProvider.GetRequiredService<AgendaBook>();
        await book.CancelAsync(dropped.Id, "Duplicado", null, CancellationToken.None);

        Assert.Equal([early.Id, late.Id], (await book.ListAsync(Salon.Day, 1, null, CancellationToken.None)).Select(a => a.Id));
        Assert.Empty(await book.ListAsync(Salon.Day.AddDays(1), 1, null, CancellationToken.None));
    }
}
