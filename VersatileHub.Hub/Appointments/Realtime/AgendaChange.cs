using VersatileHub.Hub.Appointments.Events;

namespace VersatileHub.Hub.Appointments.Realtime;

/// <summary>A committed appointment change of one tenant, as every replica's live agendas are told of it.</summary>
/// <param name="Type">The event's type, e.g. <c>appointment.cancelled</c>.</param>
public sealed record AgendaChange(int TenantId, string Type, AppointmentView Appointment);
