using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Appointments.Domain;

namespace VersatileHub.Hub.Appointments.Apis;

/// <summary>
/// Turns the agenda's refusals into HTTP answers: a broken rule 400 naming the field, unknown 404, a lost race 409, all
/// as <c>application/problem+json</c> (a <c>NotFound&lt;ProblemDetails&gt;</c> would be sent as plain JSON).
/// </summary>
internal static class AgendaOutcome
{
    private static readonly UserText NotFoundTitle = new("No encontrado", "Not found");
    private static readonly UserText SlotTakenTitle = new("Turno ocupado", "Slot taken");
    private static readonly UserText ConflictTitle = new("Conflicto", "Conflict");

    public static async Task<Results<TResult, ValidationProblem, ProblemHttpResult>> Of<TResult>(Func<Task<TResult>> action)
        where TResult : IResult
    {
        try
        {
            return await action();
        }
        catch (AgendaRuleException exception)
        {
            return Problems.Invalid(exception.Field, exception.Text);
        }
        catch (InvalidFieldException exception)
        {
            return Problems.Invalid(exception.Field, exception.Text);
        }
        catch (AgendaEntityNotFoundException exception)
        {
            return Problems.Refused(exception.Text, StatusCodes.Status404NotFound, NotFoundTitle);
        }
        catch (RefusalException exception) when (exception is SlotTakenException or AppointmentChangedException or AppointmentCancelledException)
        {
            return Problems.Refused(exception.Text, StatusCodes.Status409Conflict, exception is SlotTakenException ? SlotTakenTitle : ConflictTitle);
        }
    }
}
