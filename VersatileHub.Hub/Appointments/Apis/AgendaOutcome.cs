using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Hub.Appointments.Domain;

namespace VersatileHub.Hub.Appointments.Apis;

/// <summary>
/// Turns the agenda's refusals into HTTP answers: a broken rule 400 naming the field, unknown 404, a lost race 409, all
/// as <c>application/problem+json</c> (a <c>NotFound&lt;ProblemDetails&gt;</c> would be sent as plain JSON).
/// </summary>
internal static class AgendaOutcome
{
    public static async Task<Results<TResult, ValidationProblem, ProblemHttpResult>> Of<TResult>(Func<Task<TResult>> action)
        where TResult : IResult
    {
        try
        {
            return await action();
        }
        catch (AgendaRuleException exception)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [exception.Field] = [exception.Message] });
        }
        catch (AgendaEntityNotFoundException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found / No encontrado");
        }
        catch (Exception exception) when (exception is SlotTakenException or AppointmentChangedException or AppointmentCancelledException)
        {
            var title = exception is SlotTakenException ? "Slot taken / Turno ocupado" : "Conflict / Conflicto";
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict, title: title);
        }
    }
}
