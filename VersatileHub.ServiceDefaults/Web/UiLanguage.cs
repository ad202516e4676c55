using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VersatileHub.ServiceDefaults.Web;

/// <summary>
/// The language of the suite's web apps, Spanish or English: the one asked for with <c>?lang=</c>, else the remembered
/// one, else the browser's first choice between the two, else Spanish. One cookie name for every app.
/// </summary>
public static class UiLanguage
{
    public const string Spanish = "es";
    public const string English = "en";
    public const string Cookie = ".vh.lang";

    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Parse(request.Query["lang"].ToString())
            ?? Parse(request.Cookies[Cookie])
            ?? request.GetTypedHeaders().AcceptLanguage
                .OrderByDescending(l => l.Quality ?? 1)
                .Select(l => Parse(l.Value.Value))
                .FirstOrDefault(lang => lang is not null)
            ?? Spanish;
    }

    /// <summary><c>es</c> or <c>en</c> for a language tag of either (<c>es-AR</c>, <c>en</c>), null for anything else.</summary>
    public static string? Parse(string? tag) => tag switch
    {
        null => null,
        _ when tag.StartsWith(Spanish, StringComparison.OrdinalIgnoreCase) => Spanish,
        _ when tag.StartsWith(English, StringComparison.OrdinalIgnoreCase) => English,
        _ => null,
    };

    /// <summary>This language's half of a domain message written "español / English".</summary>
    public static string Pick(string bilingual, string language)
    {
        ArgumentNullException.ThrowIfNull(bilingual);
        var halves = bilingual.Split(" / ", 2);
        return halves.Length == 2 && language == English ? halves[1] : halves[0];
    }

    /// <summary>A page asked for with <c>?lang=</c> keeps that language on later visits.</summary>
    public static IApplicationBuilder RememberLanguageChoice(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (Parse(context.Request.Query["lang"].ToString()) is { } language)
            {
                context.Response.Cookies.Append(Cookie, language, new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365),
                });
            }
            return next(context);
        });
}
