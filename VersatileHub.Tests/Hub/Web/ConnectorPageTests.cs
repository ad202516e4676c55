using Microsoft.Playwright;
using VersatileHub.Tests.Fakes.Frappe;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Hub.Web;

[Collection(BrowserCollection.Name)]
public sealed class ConnectorPageTests(BrowserHub browser) : IAsyncLifetime
{
    private const string Secret = "s3cr3t-shown-never-in-the-page";

    private FakeFrappe _erp = null!;

    public async Task InitializeAsync() => _erp = await FakeFrappe.StartAsync(apiSecret: Secret);

    public async Task DisposeAsync() => await _erp.DisposeAsync();

    [Fact]
    public async Task An_admin_saves_ERPNext_credentials_and_the_secret_never_appears_in_the_page_only_that_one_is_stored()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var page = await OpenConnectorAsync(admin);

        await page.Locator("#connector-kind").SelectOptionAsync("erpnext");
        await page.Locator("#connector-url").FillAsync(_erp.BaseUrl.ToString());
        await page.Locator("#connector-key").FillAsync(_erp.ApiKey);
        await page.Locator("#connector-secret").FillAsync(Secret);
        await page.Locator("#connector-interval").FillAsync("15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Guardado." })).ToBeVisibleAsync();
        await Expect(page.Locator(".secret-state")).ToHaveTextAsync("Hay un secreto guardado; dejalo vacío para conservarlo.");
        await Expect(page.Locator("#connector-secret")).ToHaveValueAsync("");
        await Expect(page.Locator("#connector-secret")).ToHaveAttributeAsync("placeholder", "guardado");
        await Expect(page.Locator(".status-kind")).ToHaveTextAsync("ERPNext");
        Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);

        await page.ReloadAsync();
        await Expect(page.Locator("#connector-interval")).ToHaveValueAsync("15");
        await Expect(page.Locator("#connector-secret")).ToHaveValueAsync("");
        Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Test_connection_says_the_fake_ERPNext_was_reached_and_shows_why_when_it_was_not()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var page = await OpenConnectorAsync(admin);
        await page.Locator("#connector-kind").SelectOptionAsync("erpnext");
        await page.Locator("#connector-url").FillAsync(_erp.BaseUrl.ToString());
        await page.Locator("#connector-key").FillAsync(_erp.ApiKey);
        await page.Locator("#connector-secret").FillAsync(Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Guardado." })).ToBeVisibleAsync();

        // An empty secret field tests with the stored secret.
        await page.GetByRole(AriaRole.Button, new() { Name = "Probar conexión" }).ClickAsync();
        await Expect(page.Locator(".connection-check")).ToHaveTextAsync("Conexión exitosa.");

        await page.Locator("#connector-key").FillAsync("a-key-the-site-does-not-know");
        await page.GetByRole(AriaRole.Button, new() { Name = "Probar conexión" }).ClickAsync();
        await Expect(page.Locator(".connection-check")).ToContainTextAsync("No se pudo conectar: ");
        await Expect(page.Locator(".connection-check")).Not.ToContainTextAsync("Conexión exitosa.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Sync_now_pulls_from_ERPNext_and_the_status_shows_the_last_sync_with_its_counts()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        _erp.Insert("Customer", new { customer_name = "Anna Pavlova", mobile_no = "+5491155550123" });
        var page = await OpenConnectorAsync(admin);
        await page.Locator("#connector-kind").SelectOptionAsync("erpnext");
        await page.Locator("#connector-url").FillAsync(_erp.BaseUrl.ToString());
        await page.Locator("#connector-key").FillAsync(_erp.ApiKey);
        await page.Locator("#connector-secret").FillAsync(Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await Expect(page.Locator(".status-last-sync")).ToHaveTextAsync("nunca");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sincronizar ahora" }).ClickAsync();

        await Expect(page.Locator(".sync-result")).ToHaveTextAsync("Sincronización completa.");
        await Expect(page.Locator("section[aria-labelledby='connector-status'] tr[data-doctype='Customer'] td").Nth(1)).ToHaveTextAsync("1");
        await Expect(page.Locator(".status-last-sync")).Not.ToHaveTextAsync("nunca");
        await page.GotoAsync("/customers");
        await Expect(page.Locator("tr[data-customer]", new() { HasTextString = "Anna Pavlova" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_sees_the_connector_status_but_not_its_credentials()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var agent = await BrowserHub.AddMemberAsync(admin, "agent");
        var page = await OpenConnectorAsync(agent);

        await Expect(page.Locator(".status-kind")).ToHaveTextAsync("Nativo (las tablas del Hub)");
        await Expect(page.Locator("#connector-kind")).ToHaveCountAsync(0);
        await Expect(page.Locator("#connector-secret")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Probar conexión" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenConnectorAsync(HubMember member)
    {
        var page = await browser.SignInAsync(member.Email, member.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Conector", Exact = true }).First.ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Conector");
        await Expect(page.Locator(".status-kind")).ToBeVisibleAsync();
        return page;
    }
}
