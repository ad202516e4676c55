using System.Net.Http.Json;
using Microsoft.Playwright;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Hub.Web;

/// <summary>A page stays open for hours: the member's role is the one they hold now, not the one they held when it opened.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveRolesTests(BrowserHub browser)
{
    [Fact]
    public async Task An_admin_demoted_while_the_page_is_open_is_refused_the_next_admin_action()
    {
        var owner = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "owner");
        var admin = await BrowserHub.AddMemberAsync(owner, "admin");
        var page = await browser.SignInAsync(admin.Email, admin.Password);
        await page.GotoAsync("/catalog");
        await Expect(page.Locator("#new-category")).ToBeVisibleAsync();

        var demoted = await owner.Client.PutAsJsonAsync($"/api/identity/members/{admin.UserId}", new { role = "viewer" });
        Assert.True(demoted.IsSuccessStatusCode, await demoted.Content.ReadAsStringAsync());
        await page.Locator("#new-category").FillAsync("Zapatillas");
        await page.GetByRole(AriaRole.Button, new() { Name = "Agregar", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Tu rol no permite hacer esto.");
        Assert.DoesNotContain("Zapatillas", await owner.Client.GetStringAsync("/api/catalog/categories"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_member_removed_while_the_page_is_open_can_no_longer_read_the_tenants_data()
    {
        var owner = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "owner");
        var agent = await BrowserHub.AddMemberAsync(owner, "agent");
        await HubApi.CreateCustomerAsync(owner.Client, "Marie Taglioni");
        var page = await browser.SignInAsync(agent.Email, agent.Password);
        await page.GotoAsync("/customers");
        await Expect(page.Locator("tr[data-customer]")).ToHaveCountAsync(1);

        var removed = await owner.Client.DeleteAsync($"/api/identity/members/{agent.UserId}");
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Tu rol no permite hacer esto.");
        await page.Context.CloseAsync();
    }
}
