using Microsoft.Playwright;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Hub.Web;

[Collection(BrowserCollection.Name)]
public sealed class WebAppTests(BrowserHub browser)
{
    [Fact]
    public async Task The_owner_signs_in_through_the_page_and_lands_on_the_home_page_of_their_tenant()
    {
        var page = await browser.SignInAsOwnerAsync();

        await Expect(page.Locator("main h1")).ToHaveTextAsync(HubFactory.TenantName);
        await Expect(page.Locator(".shortcuts")).ToContainTextAsync("Catálogo");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_anonymous_visit_is_sent_to_the_sign_in_page_with_the_way_back()
    {
        var page = await browser.OpenAsync();

        await page.GotoAsync("/agenda");

        Assert.StartsWith(new Uri(browser.BaseAddress, "/account/login").ToString(), page.Url, StringComparison.Ordinal);
        Assert.Contains("returnUrl=%2Fagenda", page.Url, StringComparison.OrdinalIgnoreCase);
        await Expect(page.Locator("#email")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
