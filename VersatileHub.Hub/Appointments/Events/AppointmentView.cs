using VersatileHub.Hub.Appointments.Domain;

namespace VersatileHub.Hub.Appointments.Events;

/// <summary>
/// An appointment as the outside sees it: the data of its events, of the live agenda and of the API, with times in
/// UTC and in the tenant's zone.
/// </summary>
public sealed record AppointmentView(
    int Id,
    int ServiceId,
    string ServiceName,
    int ResourceId,
    string ResourceName,
    int CustomerId,
    string? CustomerName,
    string? CustomerPhone,
    string Status,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    DateTimeOffset StartLocal,
    DateTimeOffset EndLocal,
    string TimeZone,
    string? CancellationReason,
    uint Version)
{
    internal static AppointmentView Of(Appointment appointment, BookableService service, BookableResource resource, TimeZoneInfo zone) => new(
        appointment.Id,
        service.Id,
        service.Name,
        resource.Id,
        resource.Name,
        appointment.CustomerId,
        appointment.CustomerName,
        appointment.CustomerPhone,
        appointment.Status.ToString().ToLowerInvariant(),
        appointment.Start,
        appointment.End,
        AgendaClock.Local(zone, appointment.Start),
        AgendaClock.Local(zone, appointment.End),
        zone.Id,
        appointment.CancellationReason,
        appointment.Version);
}

/// <summary>The integration events of appointments, published through the outbox.</summary>
internal static class AppointmentEvents
{
    public const string Created = "appointment.created";
    public const string Updated = "appointment.updated";
    public const string Cancelled = "appointment.cancelled";
}
