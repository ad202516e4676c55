using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Web;

/// <summary>
/// What a page shows when the domain says no (a field's rule, a lost race, a missing entity, a role): the same refusal
/// the API answers with a 4xx, as one line in the page's language instead of a broken circuit.
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
        catch (Exception exception) when (exception is InvalidFieldException or ConflictException or UnknownReferenceException or TooLargeException or AgentNotAllowedException)
        {
            return text.Of(exception.Message);
        }
    }
}
