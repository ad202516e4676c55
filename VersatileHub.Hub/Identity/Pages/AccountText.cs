using Microsoft.AspNetCore.Http;
using VersatileHub.ServiceDefaults.Web;

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

    /// <summary>The language of the request (<see cref="UiLanguage.Of"/>).</summary>
    public static AccountText For(HttpRequest request) => ByCode(UiLanguage.Of(request))!;

    public static AccountText? ByCode(string? code) => UiLanguage.Parse(code) switch
    {
        UiLanguage.English => English,
        UiLanguage.Spanish => Spanish,
        _ => null,
    };
}
