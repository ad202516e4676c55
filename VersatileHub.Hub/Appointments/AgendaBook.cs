using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.Hub.Appointments.Realtime;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Identity.Domain;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Appointments;

/// <summary>
/// The tenant's appointment book: what is free, and booking, rescheduling and cancelling. Every change is stored with
/// its event in one save, then pushed to the tenant's live agendas.
/// </summary>
internal sealed class AgendaBook(
    HubDbContext db, CurrentTenant tenant, EventPublisher publisher, TimeProvider time, AgendaBroadcaster broadcaster)
{
    public const int LongestSpanInDays = 31;

    /// <summary>The tenant's time zone, which its working hours, closed days and agenda days are written in.</summary>
    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken) =>
        TimeZoneInfo.FindSystemTimeZoneById(
            await db.Set<Tenant>().Where(t => t.Id == tenant.RequiredId).Select(t => t.TimeZone).SingleOrDefaultAsync(cancellationToken)
            ?? Tenant.DefaultTimeZone);

    /// <summary>Free start times of the service for each resource that can perform it (or just <paramref name="resourceId"/>).</summary>
    public async Task<IReadOnlyList<ResourceAvailability>> AvailabilityAsync(
        int serviceId, DateOnly first, int days, int? resourceId, CancellationToken cancellationToken)
    {
        if (days is < 1 or > LongestSpanInDays)
        {
            throw new AgendaRuleException("days", new UserText($"Pida de 1 a {LongestSpanInDays} días.", $"Ask for 1 to {LongestSpanInDays} days."));
        }
        var service = await ServiceAsync(serviceId, cancellationToken);
        var resources = await PerformersAsync(service, resourceId, cancellationToken);
        var availability = new Availability(await ZoneAsync(cancellationToken), time.GetUtcNow());
        return await FreeStartsAsync(availability, service, resources, first, first.AddDays(days - 1), exceptAppointment: null, cancellationToken);
    }

    /// <summary>
    /// Books the service for <paramref name="customer"/>, who must be one of the tenant's customers (else a refusal naming
    /// <c>customerId</c>, checked after the service and resource so that another tenant's service is still a 404).
    /// </summary>
    public async Task<AppointmentView> BookAsync(
        int serviceId, int? resourceId, DateTimeOffset start, Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var service = await ServiceAsync(serviceId, cancellationToken);
        var performers = await PerformersAsync(service, resourceId, cancellationToken);
        customer = await OnRecordAsync(customer, cancellationToken);
        var availability = new Availability(await ZoneAsync(cancellationToken), time.GetUtcNow());
        var free = await FreeAtAsync(availability, service, performers, start, exceptAppointment: null, cancellationToken);

        foreach (var resource in free)
        {
            var appointment = Appointment.Book(service, resource.Id, start, customer, time.GetUtcNow());
            db.Add(appointment);
            if (await TrySaveAsync(AppointmentEvents.Created, appointment, service, resource, availability.Zone, cancellationToken) is { } view)
            {
                return view;
            }
            // Someone took this resource first; with "any free resource" the next one may still be free.
            db.ChangeTracker.Clear();
        }
        throw new SlotTakenException();
    }

    /// <summary>
    /// The tenant's customer with the name and first phone of their record where the booking gives none (the agent books by
    /// id alone), so that the appointment and its events say whom to remind.
    /// </summary>
    private async Task<Customer> OnRecordAsync(Customer customer, CancellationToken cancellationToken)
    {
        await Customers.CustomerReference.EnsureAsync(db, customer.Id, cancellationToken);
        if (!string.IsNullOrWhiteSpace(customer.Name) && !string.IsNullOrWhiteSpace(customer.Phone))
        {
            return customer;
        }
        var record = await db.Set<Customers.Customer>().Where(c => c.Id == customer.Id)
            .Select(c => new { c.Name, Phone = c.Phones.OrderBy(p => p.Id).Select(p => p.E164).FirstOrDefault() })
            .SingleAsync(cancellationToken);
        return customer with
        {
            Name = string.IsNullOrWhiteSpace(customer.Name) ? record.Name : customer.Name,
            Phone = string.IsNullOrWhiteSpace(customer.Phone) ? record.Phone : customer.Phone,
        };
    }

    /// <summary>Moves an appointment to <paramref name="start"/>, with its resource or <paramref name="resourceId"/>.</summary>
    /// <param name="expectedVersion">The version the caller last saw; a newer one means someone else changed it.</param>
    public async Task<AppointmentView> RescheduleAsync(
        int appointmentId, DateTimeOffset start, int? resourceId, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var appointment = await AppointmentAsync(appointmentId, expectedVersion, cancellationToken);
        var service = await ServiceAsync(appointment.ServiceId, cancellationToken, activeOnly: false);
        var performers = await PerformersAsync(service, resourceId ?? appointment.ResourceId, cancellationToken);
        var availability = new Availability(await ZoneAsync(cancellationToken), time.GetUtcNow());
        var resource = (await FreeAtAsync(availability, service, performers, start, appointment.Id, cancellationToken))[0];

        appointment.Reschedule(service, resource.Id, start);
        return await TrySaveAsync(AppointmentEvents.Updated, appointment, service, resource, availability.Zone, cancellationToken)
            ?? throw new SlotTakenException();
    }

    public async Task<AppointmentView> CancelAsync(int appointmentId, string reason, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var appointment = await AppointmentAsync(appointmentId, expectedVersion, cancellationToken);
        var service = await ServiceAsync(appointment.ServiceId, cancellationToken, activeOnly: false);
        var resource = await db.Set<BookableResource>().SingleAsync(r => r.Id == appointment.ResourceId, cancellationToken);
        appointment.Cancel(reason, time.GetUtcNow());
        return await TrySaveAsync(AppointmentEvents.Cancelled, appointment, service, resource, await ZoneAsync(cancellationToken), cancellationToken)
            ?? throw new SlotTakenException();
    }

    public async Task<AppointmentView> FindAsync(int appointmentId, CancellationToken cancellationToken) =>
        (await ListAsync(db.Set<Appointment>().Where(a => a.Id == appointmentId), await ZoneAsync(cancellationToken), cancellationToken))
        .SingleOrDefault() ?? throw new AgendaEntityNotFoundException(AgendaEntity.Appointment, appointmentId);

    /// <summary>The booked (not cancelled) appointments of the days from <paramref name="first"/>, in the tenant's zone.</summary>
    public async Task<IReadOnlyList<AppointmentView>> ListAsync(DateOnly first, int days, int? resourceId, CancellationToken cancellationToken)
    {
        if (days is < 1 or > LongestSpanInDays)
        {
            throw new AgendaRuleException("days", new UserText($"Pida de 1 a {LongestSpanInDays} días.", $"Ask for 1 to {LongestSpanInDays} days."));
        }
        var zone = await ZoneAsync(cancellationToken);
        var (from, to) = AgendaClock.Span(zone, first, first.AddDays(days - 1));
        var appointments = db.Set<Appointment>()
            .Where(a => a.Status == AppointmentStatus.Booked && a.Start < to && a.End > from)
            .Where(a => resourceId == null || a.ResourceId == resourceId);
        return await ListAsync(appointments, zone, cancellationToken);
    }

    private async Task<IReadOnlyList<AppointmentView>> ListAsync(IQueryable<Appointment> appointments, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var rows = await appointments.AsNoTracking()
            .Join(db.Set<BookableService>(), a => a.ServiceId, s => s.Id, (a, s) => new { a, s })
            .Join(db.Set<BookableResource>(), x => x.a.ResourceId, r => r.Id, (x, r) => new { x.a, x.s, r })
            .OrderBy(x => x.a.Start).ThenBy(x => x.a.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(x => AppointmentView.Of(x.a, x.s, x.r, zone)).ToList();
    }

    /// <summary>Saves the change with its event; null when the database found the resource already held at that time.</summary>
    private async Task<AppointmentView?> TrySaveAsync(
        string eventType, Appointment appointment, BookableService service, BookableResource resource, TimeZoneInfo zone,
        CancellationToken cancellationToken, int attempt = 1)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Saved first so that the event carries the appointment's id and new version.
            await db.SaveChangesAsync(cancellationToken);
            var view = AppointmentView.Of(appointment, service, resource, zone);
            publisher.Publish(db, eventType, tenant.RequiredId, appointment.Id.ToString(CultureInfo.InvariantCulture), view);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            await broadcaster.AppointmentChangedAsync(tenant.RequiredId, eventType, view, cancellationToken);
            return view;
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new AppointmentChangedException();
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation })
        {
            return null;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } && attempt < 3)
        {
            // Concurrent inserts checked against one exclusion constraint can deadlock; the one PostgreSQL aborted tries again.
            return await TrySaveAsync(eventType, appointment, service, resource, zone, cancellationToken, attempt + 1);
        }
    }

    /// <summary>The resources among <paramref name="candidates"/> that are free to start the service at <paramref name="start"/>.</summary>
    private async Task<IReadOnlyList<BookableResource>> FreeAtAsync(
        Availability availability, BookableService service, IReadOnlyList<BookableResource> candidates, DateTimeOffset start,
        int? exceptAppointment, CancellationToken cancellationToken)
    {
        var day = AgendaClock.Day(availability.Zone, start);
        var offered = await FreeStartsAsync(availability, service, candidates, day, day, exceptAppointment, cancellationToken);
        var free = offered.Where(r => r.Starts.Contains(start)).Select(r => candidates.Single(c => c.Id == r.ResourceId)).ToList();
        if (free.Count > 0)
        {
            return free;
        }

        var ignoringBookings = await FreeStartsAsync(availability, service, candidates, day, day, exceptAppointment, cancellationToken, ignoreBookings: true);
        if (ignoringBookings.Any(r => r.Starts.Contains(start)))
        {
            throw new SlotTakenException();
        }
        throw new AgendaRuleException("start",
            new UserText("Ese horario no se ofrece: ya pasó, no cae en la grilla de turnos, está fuera del horario de atención o es un día cerrado.", "That time is not offered: it is in the past, off the slot grid, outside working hours or on a closed day."));
    }

    private async Task<IReadOnlyList<ResourceAvailability>> FreeStartsAsync(
        Availability availability, BookableService service, IReadOnlyList<BookableResource> resources, DateOnly first, DateOnly last,
        int? exceptAppointment, CancellationToken cancellationToken, bool ignoreBookings = false)
    {
        var ids = resources.Select(r => r.Id).ToList();
        var (from, to) = AgendaClock.Span(availability.Zone, first, last);
        var periods = await db.Set<WorkingPeriod>().AsNoTracking().Where(p => ids.Contains(p.ResourceId)).ToListAsync(cancellationToken);
        var closedDays = await db.Set<ClosedDay>().AsNoTracking()
            .Where(d => d.Date >= first && d.Date <= last && (d.ResourceId == null || ids.Contains(d.ResourceId.Value)))
            .ToListAsync(cancellationToken);
        var bookings = await db.Set<Appointment>().AsNoTracking()
            .Where(a => !ignoreBookings && ids.Contains(a.ResourceId) && a.Status == AppointmentStatus.Booked && a.Start < to && a.BlockedUntil > from)
            .Where(a => exceptAppointment == null || a.Id != exceptAppointment)
            .Select(a => new { a.ResourceId, a.Start, a.BlockedUntil })
                .ToListAsync(cancellationToken);

        var result = new List<ResourceAvailability>();
        foreach (var resource in resources)
        {
            var hours = WorkingHours.From(periods.Where(p => p.ResourceId == resource.Id));
            var busy = bookings.Where(b => b.ResourceId == resource.Id).Select(b => new BusyTime(b.Start, b.BlockedUntil)).ToList();
            var starts = new List<DateTimeOffset>();
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                starts.AddRange(availability.FreeStarts(service, resource.Id, day, hours, closedDays, busy));
            }
            result.Add(new ResourceAvailability(resource.Id, resource.Name, starts));
        }
        return result;
    }

    private async Task<BookableService> ServiceAsync(int serviceId, CancellationToken cancellationToken, bool activeOnly = true) =>
        await db.Set<BookableService>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == serviceId && (s.Active || !activeOnly), cancellationToken)
        ?? throw new AgendaEntityNotFoundException(AgendaEntity.Service, serviceId);

    /// <summary>The active resources that can perform the service, or the one asked for, which must be one of them.</summary>
    private async Task<IReadOnlyList<BookableResource>> PerformersAsync(BookableService service, int? resourceId, CancellationToken cancellationToken)
    {
        var performers = await db.Set<BookableResource>().AsNoTracking()
            .Where(r => r.Active && service.ResourceIds.Contains(r.Id))
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        if (resourceId is not { } id)
        {
            return performers;
        }
        if (!await db.Set<BookableResource>().AnyAsync(r => r.Id == id, cancellationToken))
        {
            throw new AgendaEntityNotFoundException(AgendaEntity.Resource, id);
        }
        return performers.Where(r => r.Id == id).ToList() is { Count: 1 } chosen
            ? chosen
            : throw new AgendaRuleException("resourceId", new UserText("Ese recurso no realiza este servicio o está inactivo.", "That resource does not perform this service or is inactive."));
    }

    private async Task<Appointment> AppointmentAsync(int appointmentId, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var appointment = await db.Set<Appointment>().SingleOrDefaultAsync(a => a.Id == appointmentId, cancellationToken)
            ?? throw new AgendaEntityNotFoundException(AgendaEntity.Appointment, appointmentId);
        if (expectedVersion is { } version)
        {
            // The save then succeeds only if the row still has the version the caller saw.
            db.Entry(appointment).Property(a => a.Version).OriginalValue = version;
        }
        return appointment;
    }
}

/// <summary>The free start times of one resource.</summary>
internal sealed record ResourceAvailability(int ResourceId, string ResourceName, IReadOnlyList<DateTimeOffset> Starts);
