using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Appointments;

/// <summary>An agenda entity that does not exist for the caller's tenant (a 404).</summary>
internal sealed class AgendaEntityNotFoundException(AgendaEntity entity, int id) : RefusalException(entity switch
{
    AgendaEntity.Appointment => new UserText($"No se encontró el turno {id}.", $"Appointment {id} was not found."),
    AgendaEntity.Service => new UserText($"No se encontró el servicio {id}.", $"Service {id} was not found."),
    AgendaEntity.Resource => new UserText($"No se encontró el recurso {id}.", $"Resource {id} was not found."),
    AgendaEntity.ClosedDay => new UserText($"No se encontró el día cerrado {id}.", $"Closed day {id} was not found."),
    _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
});

/// <summary>What an agenda id may name.</summary>
internal enum AgendaEntity
{
    Appointment,
    Service,
    Resource,
    ClosedDay,
}

/// <summary>Another booking holds the resource at that time (a 409).</summary>
internal sealed class SlotTakenException() : RefusalException(new UserText(
    "El turno ya está ocupado: otra reserva tiene el recurso a esa hora.", "The slot is taken: another booking holds the resource at that time."));

/// <summary>Someone else changed the appointment since the caller read it (a 409).</summary>
internal sealed class AppointmentChangedException() : RefusalException(new UserText(
    "Otra persona modificó el turno; volvé a cargarlo y probá de nuevo.", "The appointment was changed by someone else; reload it and try again."));
