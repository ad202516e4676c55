using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace VersatileHub.Hub.Api;

/// <summary>
/// A message for people, written once in Spanish and once in English. The API shows it as "es / en" (and as
/// <c>{ "es", "en" }</c> in the problem's <c>text</c>/<c>texts</c> extension, see <see cref="Problems"/>); the web app
/// shows the half of the page's language.
/// </summary>
public readonly record struct UserText(string Es, string En)
{
    /// <summary>The half in <paramref name="lang"/> (<c>en</c> or else Spanish).</summary>
    public string In(string lang) => lang == "en" ? En : Es;

    public override string ToString() => $"{Es} / {En}";
}

/// <summary>A refusal whose reason is shown to people: every user-facing domain error of the Hub is one.</summary>
public abstract class RefusalException(UserText text, Exception? inner = null) : Exception(text.ToString(), inner)
{
    public UserText Text { get; } = text;
}

/// <summary>The fields a request got wrong, each with why; rendered by <see cref="Problems.Invalid(FieldErrors)"/>.</summary>
public sealed class FieldErrors : Dictionary<string, UserText>
{
    public FieldErrors()
        : base(StringComparer.Ordinal)
    {
    }
}

/// <summary>
/// The one place a <see cref="UserText"/> becomes problem details: <c>detail</c> (or <c>errors</c>) keep the "es / en"
/// text API clients read, and the <c>text</c> (or <c>texts</c>) extension carries both halves apart.
/// </summary>
public static class Problems
{
    public const string TextExtension = "text";
    public const string TextsExtension = "texts";

    public static ValidationProblem Invalid(string field, UserText text) => Invalid(new FieldErrors { [field] = text });

    public static ValidationProblem Invalid(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => new[] { e.Value.ToString() }, StringComparer.Ordinal),
            extensions: [new(TextsExtension, new Dictionary<string, UserText>(errors, StringComparer.Ordinal))]);
    }

    public static ProblemHttpResult Refused(UserText text, int statusCode, UserText? title = null) =>
        TypedResults.Problem(text.ToString(), statusCode: statusCode, title: title?.ToString(),
            extensions: new Dictionary<string, object?> { [TextExtension] = text });

    /// <summary>The texts a problem from <see cref="Invalid(FieldErrors)"/> carries, by field.</summary>
    public static IReadOnlyDictionary<string, UserText>? TextsOf(HttpValidationProblemDetails problem) =>
        problem.Extensions.TryGetValue(TextsExtension, out var texts) ? texts as IReadOnlyDictionary<string, UserText> : null;

    /// <summary>The text a problem from <see cref="Refused"/> carries.</summary>
    public static UserText? TextOf(ProblemDetails problem) =>
        problem.Extensions.TryGetValue(TextExtension, out var text) && text is UserText userText ? userText : null;
}
