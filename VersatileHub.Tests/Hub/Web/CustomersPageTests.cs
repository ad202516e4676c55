using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Hub.Web;

[Collection(BrowserCollection.Name)]
public sealed class CustomersPageTests(BrowserHub browser)
{
    [Fact]
    public async Task A_bad_phone_is_refused_next_to_its_field_and_a_good_one_lists_the_customer_who_then_appears_by_name_on_their_order()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var page = await browser.SignInAsync(admin.Email, admin.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Clientes", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Nuevo cliente" }).ClickAsync();

        await page.Locator("#customer-name").FillAsync("Marie Taglioni");
        await page.Locator("#customer-phones").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();

        await Expect(page.Locator("#phones-error")).ToHaveTextAsync("'12345' no es un teléfono válido.");
        await Expect(page.Locator("#customer-phones")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("tr[data-customer]")).ToHaveCountAsync(0);

        await page.Locator("#customer-phones").FillAsync("+54 9 11 5555-0199");
        await page.Locator("#customer-emails").FillAsync("marie@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();

        var row = page.Locator("tr[data-customer]", new() { HasTextString = "Marie Taglioni" });
        await Expect(row).ToContainTextAsync("+5491155550199");
        await Expect(page.Locator("#phones-error")).ToHaveCountAsync(0);
        var customerId = int.Parse((await row.GetAttributeAsync("data-customer"))!, CultureInfo.InvariantCulture);

        var created = await admin.Client.PostAsJsonAsync("/api/orders", new
        {
            customerId, currency = "ARS", lines = new[] { new { sku = "GRI-PUNTA-37", description = "Puntas de danza", quantity = 1, unitPrice = 45000m } },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var order = (await created.Content.ReadFromJsonAsync<CreatedOrder>())!;
        await page.GetByRole(AriaRole.Link, new() { Name = "Pedidos", Exact = true }).First.ClickAsync();
        await Expect(page.Locator($"tr[data-order='{order.Number}'] .customer")).ToHaveTextAsync("Marie Taglioni");
        await page.GetByRole(AriaRole.Link, new() { Name = order.Number }).ClickAsync();
        await Expect(page.Locator("main .customer")).ToHaveTextAsync("Marie Taglioni");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Customers_are_found_by_name_without_accents_by_phone_and_by_email_and_edited_in_place()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        await HubApi.CreateCustomerAsync(admin.Client, "Lucía Fernández", email: "lucia@example.com", phone: "+5491155550101");
        await HubApi.CreateCustomerAsync(admin.Client, "Bruno Díaz", phone: "+5491155550102");
        var page = await browser.SignInAsync(admin.Email, admin.Password);
        await page.GotoAsync("/customers");
        var rows = page.Locator("tr[data-customer]");
        await Expect(rows).ToHaveCountAsync(2);

        foreach (var (search, found) in new[] { ("lucia", "Lucía Fernández"), ("+54 9 11 5555-0102", "Bruno Díaz"), ("LUCIA@example.com", "Lucía Fernández") })
        {
            await page.Locator("#customer-search").FillAsync(search);
            await page.GetByRole(AriaRole.Button, new() { Name = "Buscar", Exact = true }).ClickAsync();
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows).ToContainTextAsync(found);
        }

        await rows.GetByRole(AriaRole.Button, new() { Name = "Editar" }).ClickAsync();
        await page.Locator("#customer-tags").FillAsync("vip, danza");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await Expect(rows.Locator(".badge")).ToHaveTextAsync(["vip", "danza"]);
        await page.Context.CloseAsync();
    }

    private sealed record CreatedOrder(int Id, string Number);
}
