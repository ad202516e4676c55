namespace VersatileHub.Hub.Appointments;

/// <summary>An agenda entity that does not exist for the caller's tenant (a 404).</summary>
internal sealed class AgendaEntityNotFoundException(string entity, int id)
    : Exception($"{entity} {id} was not found. / No se encontró {entity} {id}.");

/// <summary>Another booking holds the resource at that time (a 409).</summary>
internal sealed class SlotTakenException()
    : Exception("The slot is taken: another booking holds the resource at that time. / El turno ya está ocupado.");

/// <summary>Someone else changed the appointment since the caller read it (a 409).</summary>
internal sealed class AppointmentChangedException()
    : Exception("The appointment was changed by someone else; reload it and try again. / Otra persona modificó el turno; vuelva a cargarlo.");
