using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Identity;
using VersatileHub.Hub.Identity.Pages;

namespace Microsoft.AspNetCore.Builder;

internal static class AccountPages
{
    /// <summary>The sign-in and sign-out pages at <c>/account/login</c> and <c>/account/logout</c>, rendered on the server.</summary>
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/account").AllowAnonymous().DisableAntiforgery();
        pages.MapGet("/login", ShowSignIn);
        pages.MapPost("/login", SignIn);
        pages.MapGet("/logout", ShowSignOut);
        pages.MapPost("/logout", SignOut);
        return app;
    }

    public static RazorComponentResult<SignInPage> ShowSignIn(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? signedOut) =>
        SignInForm(http, antiforgery, returnUrl, email: null, error: null,
            note: signedOut is null ? null : AccountText.For(http.Request).SignedOut);

    /// <summary>A failure shows one message whatever went wrong, so the page does not tell which emails have accounts.</summary>
    public static async Task<Results<RedirectHttpResult, RazorComponentResult<SignInPage>, BadRequest>> SignIn(
        HttpContext http, IAntiforgery antiforgery, AccountSignIn accounts)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.BadRequest();
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var email = form["email"].ToString();
        var text = AccountText.For(http.Request);
        return await accounts.SignInAsync(http, email, form["password"].ToString(), tenantId: null) switch
        {
            SignInOutcome.SignedIn => TypedResults.Redirect(ReturnTo(http, returnUrl)),
            SignInOutcome.LockedOut => SignInForm(http, antiforgery, returnUrl, email, text.LockedOut, note: null),
            _ => SignInForm(http, antiforgery, returnUrl, email, text.WrongCredentials, note: null),
        };
    }

    public static RazorComponentResult<SignOutPage> ShowSignOut(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new RazorComponentResult<SignOutPage>(new Dictionary<string, object?>
        {
            [nameof(SignOutPage.Lang)] = AccountText.For(http.Request).Lang,
            [nameof(SignOutPage.AntiforgeryField)] = tokens.FormFieldName,
            [nameof(SignOutPage.AntiforgeryToken)] = tokens.RequestToken,
        });
    }

    public static async Task<Results<RedirectHttpResult, BadRequest>> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.BadRequest();
        }
        await AccountSignIn.SignOutAsync(http);
        return TypedResults.LocalRedirect($"/account/login?lang={AccountText.For(http.Request).Lang}&signedOut=1");
    }

    private static RazorComponentResult<SignInPage> SignInForm(
        HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? email, string? error, string? note)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new RazorComponentResult<SignInPage>(new Dictionary<string, object?>
        {
            [nameof(SignInPage.Lang)] = AccountText.For(http.Request).Lang,
            [nameof(SignInPage.AntiforgeryField)] = tokens.FormFieldName,
            [nameof(SignInPage.AntiforgeryToken)] = tokens.RequestToken,
            [nameof(SignInPage.ReturnUrl)] = ReturnTo(http, returnUrl),
            [nameof(SignInPage.Email)] = email,
            [nameof(SignInPage.Error)] = error,
            [nameof(SignInPage.Note)] = note,
        });
    }

    /// <summary>A path of this site, or an address of one of the suite's web apps (<see cref="HubIdentityOptions.ReturnOrigins"/>); otherwise the home page.</summary>
    private static string ReturnTo(HttpContext http, string? url)
    {
        if (IsLocal(url))
        {
            return url!;
        }
        var origins = http.RequestServices.GetRequiredService<IOptions<HubIdentityOptions>>().Value.ReturnOrigins;
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            && origins.Any(o => Uri.TryCreate(o, UriKind.Absolute, out var origin)
                && string.Equals(origin.GetLeftPart(UriPartial.Authority), absolute.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            ? absolute.ToString()
            : "/";
    }

    /// <summary>Only paths of this site: never <c>//evil.example</c> nor <c>/\evil.example</c>.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
