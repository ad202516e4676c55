using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Identity;

/// <summary>The owner from configuration signs in with the form or the API; wrong passwords and lockout say so plainly.</summary>
public sealed partial class SignInTests(HubFactory factory) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task Owner_from_configuration_signs_in_through_the_form_and_the_cookie_opens_the_api()
    {
        var browser = Browser();

        var signIn = await PostSignInFormAsync(browser, HubFactory.OwnerEmail, HubFactory.OwnerPassword, returnUrl: "/agenda");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/agenda", signIn.Headers.Location?.OriginalString);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".vh.auth=", StringComparison.Ordinal));
        var me = await (await browser.GetAsync("/api/identity/me")).ReadAsync<MeResponse>();
        Assert.Equal(HubFactory.OwnerEmail, me.Email);
        Assert.Equal(HubFactory.TenantName, me.TenantName);
        Assert.Equal("owner", me.Role);
    }

    [Fact]
    public async Task Owner_signs_in_through_the_api()
    {
        var client = Browser();

        var response = await client.PostAsJsonAsync("/api/identity/sign-in", new { email = HubFactory.OwnerEmail, password = HubFactory.OwnerPassword });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("owner", (await (await client.GetAsync("/api/identity/me")).ReadAsync<MeResponse>()).Role);
    }

    [Fact]
    public async Task The_test_helper_signs_in_as_the_owner_with_an_access_token()
    {
        using var owner = await HubApi.SignInAsOwnerAsync(factory);

        var me = await (await owner.GetAsync("/api/identity/me")).ReadAsync<MeResponse>();

        Assert.Equal((HubFactory.OwnerEmail, HubFactory.TenantName, "owner"), (me.Email, me.TenantName, me.Role));
    }

    [Fact]
    public async Task Wrong_password_shows_one_generic_message_and_signs_nobody_in()
    {
        var browser = Browser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-AR,es;q=0.9,en;q=0.5");

        var wrongPassword = await PostSignInFormAsync(browser, HubFactory.OwnerEmail, "not-the-password-1");
        var unknownEmail = await PostSignInFormAsync(browser, "nobody@versatilehub.test", "not-the-password-1");

        foreach (var response in new[] { wrongPassword, unknownEmail })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("El correo o la contraseña no son correctos.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/identity/me")).StatusCode);
        var apiAttempt = await browser.PostAsJsonAsync("/api/identity/sign-in", new { email = HubFactory.OwnerEmail, password = "not-the-password-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, apiAttempt.StatusCode);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_even_against_the_right_password()
    {
        var member = await HubApi.CreateTenantWithMemberAsync(factory, "agent");
        var client = Browser();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await client.PostAsJsonAsync("/api/identity/sign-in", new { email = member.Email, password = "wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var fifth = await client.PostAsJsonAsync("/api/identity/sign-in", new { email = member.Email, password = "wrong-password-1" });
        var rightPassword = await client.PostAsJsonAsync("/api/identity/sign-in", new { email = member.Email, password = member.Password });
        var page = await PostSignInFormAsync(Browser(), member.Email, member.Password, lang: "en");

        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.Locked, rightPassword.StatusCode);
        Assert.Contains("the account is locked for 15 minutes", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_page_speaks_the_browsers_language_unless_asked_for_another()
    {
        var browser = Browser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var english = await browser.GetStringAsync("/account/login");
        var spanish = await browser.GetStringAsync("/account/login?lang=es");

        Assert.Contains("<html lang=\"en\"", english, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", english, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\"", spanish, StringComparison.Ordinal);
        Assert.Contains(">Entrar</button>", spanish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_through_the_form_ends_the_session()
    {
        var browser = Browser();
        await PostSignInFormAsync(browser, HubFactory.OwnerEmail, HubFactory.OwnerPassword);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/identity/me")).StatusCode);

        var page = await browser.GetStringAsync("/account/logout?lang=en");
        var signOut = await browser.PostAsync("/account/logout?lang=en", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [AntiforgeryField().Match(page).Groups["name"].Value] = AntiforgeryField().Match(page).Groups["value"].Value,
        }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/identity/me")).StatusCode);
        Assert.Contains("You signed out.", await browser.GetStringAsync(signOut.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        var response = await Browser().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = HubFactory.OwnerEmail,
            ["password"] = HubFactory.OwnerPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Apis_without_credentials_answer_401_while_the_probes_stay_open()
    {
        var anonymous = Browser();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/identity/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/identity/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/identity/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Restarting_the_hub_keeps_one_owner_and_one_first_tenant()
    {
        using var restarted = factory.WithWebHostBuilder(_ => { });
        using var client = restarted.CreateClient();
        await client.PostAsJsonAsync("/api/identity/sign-in", new { email = HubFactory.OwnerEmail, password = HubFactory.OwnerPassword });

        var tenants = await (await client.GetAsync("/api/identity/tenants")).ReadAsync<List<TenantResponse>>();

        Assert.Single(tenants, t => t.Name == HubFactory.TenantName);
        Assert.Equal("America/Argentina/Buenos_Aires", tenants.Single(t => t.Name == HubFactory.TenantName).TimeZone);
    }

    private HttpClient Browser() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostSignInFormAsync(
        HttpClient browser, string email, string password, string returnUrl = "/", string lang = "es")
    {
        var page = await browser.GetStringAsync($"/account/login?lang={lang}");
        var antiforgery = AntiforgeryField().Match(page);
        Assert.True(antiforgery.Success, "The sign-in page has an antiforgery field.");
        return await browser.PostAsync($"/account/login?lang={lang}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [antiforgery.Groups["name"].Value] = antiforgery.Groups["value"].Value,
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
