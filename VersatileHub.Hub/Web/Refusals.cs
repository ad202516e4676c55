using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Web;

/// <summary>
/// What the web app shows when the domain or an API handler says no: the same refusals the API answers with a 4xx
/// (a field's rule, a lost race, a missing entity, a role), as one line of text instead of a crash, in the page's
/// language: every refusal carries its <see cref="UserText"/>, and <see cref="WebText.Of"/> takes the page's half.
/// </summary>
internal static class Refusals
{
    /// <summary>Runs <paramref name="action"/>; null when it succeeded, else the reason it was refused.</summary>
    public static async Task<string?> TryAsync(WebText text, Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception exception) when (Describe(text, exception) is { } reason)
        {
            return reason;
        }
    }

    /// <summary>
    /// As <see cref="TryAsync(WebText, Func{Task})"/>, but a field's refusal goes to <paramref name="fields"/> under the
    /// field's name (<c>phones[0]</c>), to be shown next to that field; <paramref name="fields"/> is cleared first.
    /// </summary>
    public static async Task<string?> TryAsync(WebText text, Func<Task> action, IDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        fields.Clear();
        try
        {
            await action();
            return null;
        }
        catch (InvalidFieldException invalid)
        {
            fields[invalid.Field] = text.Of(invalid.Text);
            return null;
        }
        catch (AgendaRuleException rule)
        {
            fields[rule.Field] = text.Of(rule.Text);
            return null;
        }
        catch (Exception exception) when (Describe(text, exception) is { } reason)
        {
            return reason;
        }
    }

    /// <summary>The refusal an API handler's result stands for, or null when the result is a success.</summary>
    public static string? Of(WebText text, IResult result) => result switch
    {
        ValidationProblem invalid => Problems.TextsOf(invalid.ProblemDetails) is { } texts
            ? string.Join(" ", texts.Select(e => $"{e.Key}: {text.Of(e.Value)}"))
            : string.Join(" ", invalid.ProblemDetails.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        ProblemHttpResult problem => Problems.TextOf(problem.ProblemDetails) is { } said
            ? text.Of(said)
            : problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "",
        NotFound => text.NotFound,
        ForbidHttpResult => text.NotAllowed,
        BadRequest => text.NotAllowed,
        _ => null,
    };

    private static string? Describe(WebText text, Exception exception) => exception switch
    {
        MemberNotAllowedException => text.NotAllowed,
        InvalidFieldException invalid => $"{invalid.Field}: {text.Of(invalid.Text)}",
        AgendaRuleException rule => $"{rule.Field}: {text.Of(rule.Text)}",
        RefusalException refusal => text.Of(refusal.Text),
        RefusedException refused => refused.Message,
        _ => null,
    };
}

/// <summary>An API handler's refusal (see <see cref="Refusals.Of"/>), thrown to leave the work it interrupts.</summary>
internal sealed class RefusedException(string reason) : Exception(reason)
{
    /// <summary>The handler's typed value when it succeeded; throws its refusal otherwise.</summary>
    public static T Unless<T>(WebText text, IResult result)
    {
        if (Refusals.Of(text, result) is { } reason)
        {
            throw new RefusedException(reason);
        }
        return result is IValueHttpResult { Value: T value } ? value : throw new InvalidOperationException($"{result.GetType().Name} carries no {typeof(T).Name}.");
    }
}
