using VersatileHub.Hub.Api;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Hub.Appointments.Domain;

internal enum AppointmentStatus
{
    Booked,
    Cancelled,
}

/// <summary>
/// A customer's booking of a service with a resource. It holds the resource from <see cref="Start"/> to
/// <see cref="BlockedUntil"/> (its end plus the service's buffer); the database refuses two such holds that overlap.
/// </summary>
internal sealed class Appointment : ITenantOwned
{
    private Appointment()
    {
    }

    private Appointment(BookableService service, int resourceId, DateTimeOffset start, Customer customer, DateTimeOffset bookedAt)
    {
        ServiceId = service.Id;
        CustomerId = customer.Id;
        CustomerName = customer.Name;
        CustomerPhone = customer.Phone;
        Status = AppointmentStatus.Booked;
        BookedAt = bookedAt;
        Hold(service, resourceId, start);
    }

    public int Id { get; private set; }

    public int TenantId { get; private set; }

    public int ServiceId { get; private set; }

    public int ResourceId { get; private set; }

    /// <summary>A Hub customer; name and phone are a snapshot taken at booking, for the agenda to show.</summary>
    public int CustomerId { get; private set; }

    public string? CustomerName { get; private set; }

    public string? CustomerPhone { get; private set; }

    public DateTimeOffset Start { get; private set; }

    public DateTimeOffset End { get; private set; }

    public DateTimeOffset BlockedUntil { get; private set; }

    public AppointmentStatus Status { get; private set; }

    public string? CancellationReason { get; private set; }

    public DateTimeOffset BookedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>PostgreSQL's xmin: a reschedule or cancel that lost a race to another fails instead of overwriting it.</summary>
    public uint Version { get; private set; }

    /// <summary>Books <paramref name="service"/> with <paramref name="resourceId"/> at <paramref name="start"/>, which the caller found free.</summary>
    public static Appointment Book(BookableService service, int resourceId, DateTimeOffset start, Customer customer, DateTimeOffset now)
    {
        if (customer.Id <= 0)
        {
            throw new AgendaRuleException("customerId", new UserText("La reserva necesita el id del cliente.", "A booking needs the customer's id."));
        }
        if (customer.Name is { Length: > 200 } || customer.Phone is { Length: > 32 })
        {
            throw new AgendaRuleException(customer.Name is { Length: > 200 } ? "customerName" : "customerPhone",
                new UserText("El nombre (200) o teléfono (32) del cliente es demasiado largo.", "The customer's name (200) or phone (32) is too long."));
        }
        return new Appointment(service, resourceId, start, customer, now);
    }

    /// <summary>Moves the appointment to a new start (and resource), which the caller found free.</summary>
    public void Reschedule(BookableService service, int resourceId, DateTimeOffset start)
    {
        EnsureBooked();
        Hold(service, resourceId, start);
    }

    public void Cancel(string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            throw new AgendaRuleException("reason", new UserText("Indique el motivo de la cancelación (hasta 500 caracteres).", "Say why the appointment is cancelled (at most 500 characters)."));
        }
        EnsureBooked();
        Status = AppointmentStatus.Cancelled;
        CancellationReason = reason.Trim();
        CancelledAt = now;
    }

    private void EnsureBooked()
    {
        if (Status == AppointmentStatus.Cancelled)
        {
            throw new AppointmentCancelledException();
        }
    }

    private void Hold(BookableService service, int resourceId, DateTimeOffset start)
    {
        ResourceId = resourceId;
        Start = start.ToUniversalTime();
        End = Start + service.Duration;
        BlockedUntil = End + service.BufferAfter;
    }
}

/// <summary>Who books: a Hub customer and, optionally, how the agenda should show them.</summary>
internal sealed record Customer(int Id, string? Name = null, string? Phone = null);

/// <summary>A cancelled appointment stays cancelled: it can be neither moved nor cancelled again.</summary>
internal sealed class AppointmentCancelledException() : RefusalException(new UserText("El turno está cancelado.", "The appointment is cancelled."));
