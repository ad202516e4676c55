using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VersatileHub.Hub.Appointments.Domain;

namespace VersatileHub.Hub.Appointments.Apis;

/// <summary>Turns the agenda's refusals into HTTP answers: a broken rule 400 naming the field, unknown 404, a lost race 409.</summary>
internal static class AgendaOutcome
{
    public static async Task<Results<TResult, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Of<TResult>(Func<Task<TResult>> action)
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
            return TypedResults.NotFound(new ProblemDetails { Title = "Not found / No encontrado", Detail = exception.Message, Status = 404 });
        }
        catch (Exception exception) when (exception is SlotTakenException or AppointmentChangedException or AppointmentCancelledException)
        {
            var title = exception is SlotTakenException ? "Slot taken / Turno ocupado" : "Conflict / Conflicto";
            return TypedResults.Conflict(new ProblemDetails { Title = title, Detail = exception.Message, Status = 409 });
        }
    }
}
