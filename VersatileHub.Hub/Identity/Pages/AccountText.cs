using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace VersatileHub.Hub.Identity.Pages;

/// <summary>The words of the sign-in and sign-out pages, in Spanish and English.</summary>
internal sealed record AccountText(
    string Lang,
    string SignInTitle,
    string Email,
    string Password,
    string SignIn,
    string WrongCredentials,
    string LockedOut,
    string SignOutTitle,
    string SignOutQuestion,
    string SignOut,
    string SignedOut,
    string OtherLanguage,
    string OtherLang)
{
    public static readonly AccountText Spanish = new(
        "es", "Iniciar sesión", "Correo electrónico", "Contraseña", "Entrar",
        "El correo o la contraseña no son correctos.",
        "Demasiados intentos fallidos: la cuenta quedó bloqueada por 15 minutos.",
        "Cerrar sesión", "¿Querés cerrar la sesión?", "Cerrar sesión", "Cerraste la sesión.",
        "English", "en");

    public static readonly AccountText English = new(
        "en", "Sign in", "Email", "Password", "Sign in",
        "The email or the password is wrong.",
        "Too many failed attempts: the account is locked for 15 minutes.",
        "Sign out", "Do you want to sign out?", "Sign out", "You signed out.",
        "Español", "es");

    /// <summary><c>?lang=es|en</c> first, then the browser's <c>Accept-Language</c>; Spanish when neither says.</summary>
    public static AccountText For(HttpRequest request)
    {
        if (ByCode(request.Query["lang"].ToString()) is { } asked)
        {
            return asked;
        }
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => ByCode(l.Value.Value))
            .FirstOrDefault(text => text is not null);
        return preferred ?? Spanish;
    }

    public static AccountText? ByCode(string? code) => code switch
    {
        _ when code is null => null,
        _ when code.StartsWith("es", StringComparison.OrdinalIgnoreCase) => Spanish,
        _ when code.StartsWith("en", StringComparison.OrdinalIgnoreCase) => English,
        _ => null,
    };
}
