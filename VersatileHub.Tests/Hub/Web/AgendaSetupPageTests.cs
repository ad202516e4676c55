using Microsoft.Playwright;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Hub.Web;

[Collection(BrowserCollection.Name)]
public sealed class AgendaSetupPageTests(BrowserHub browser)
{
    [Fact]
    public async Task A_fresh_tenants_owner_sets_up_a_room_a_service_and_working_hours_then_books_from_the_agenda_and_sees_the_booking()
    {
        var owner = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "owner");
        await HubApi.CreateCustomerAsync(owner.Client, "Marie Taglioni");
        var page = await browser.SignInAsync(owner.Email, owner.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Configurar agenda", Exact = true }).First.ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Configurar agenda");

        await page.Locator("#time-zone").FillAsync("America/Argentina/Buenos_Aires");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Guardado." })).ToBeVisibleAsync();

        await page.Locator("#resource-name").FillAsync("Sala de masajes");
        await page.Locator("#resource-kind").SelectOptionAsync(new SelectOptionValue { Label = "Sala" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Agregar recurso" }).ClickAsync();
        var room = page.Locator("tr[data-resource='Sala de masajes']");
        await Expect(room).ToContainTextAsync("Sala");

        await room.GetByRole(AriaRole.Button, new() { Name = "Horario" }).ClickAsync();
        await page.Locator("#hours-Monday").FillAsync("09:00-13:00, 14:00-18:00");
        await page.Locator("form[aria-labelledby='hours-heading']").GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Guardado." })).ToBeVisibleAsync();

        await page.Locator("#service-name").FillAsync("Masaje");
        await page.Locator("#service-duration").FillAsync("60");
        await page.Locator("#service-buffer").FillAsync("0");
        await page.Locator("fieldset.checks label", new() { HasTextString = "Sala de masajes" }).Locator("input").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Agregar servicio" }).ClickAsync();
        await Expect(page.Locator("tr[data-service='Masaje']")).ToContainTextAsync("Sala de masajes");

        await page.GetByRole(AriaRole.Link, new() { Name = "Agenda", Exact = true }).First.ClickAsync();
        await page.Locator("#book-service").SelectOptionAsync(new SelectOptionValue { Label = "Masaje (60 min)" });
        await page.Locator("#book-customer").SelectOptionAsync(new SelectOptionValue { Label = "Marie Taglioni" });
        await page.Locator("#book-date").FillAsync("2031-06-02");
        await page.GetByRole(AriaRole.Button, new() { Name = "Horarios libres" }).ClickAsync();
        var slots = page.Locator(".slots button");
        await Expect(slots.First).ToHaveTextAsync("09:00");
        // The lunch break: a 60-minute massage cannot start at 12:30 or 13:00, and starts again at 14:00.
        await Expect(slots.Filter(new() { HasTextString = "12:30" })).ToHaveCountAsync(0);
        await Expect(slots.Filter(new() { HasTextString = "13:00" })).ToHaveCountAsync(0);
        await slots.Filter(new() { HasTextString = "14:00" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Turno reservado." })).ToBeVisibleAsync();
        await page.Locator("#first").FillAsync("2031-06-02");
        await page.Locator("#first").DispatchEventAsync("change");
        await Expect(page.Locator(".appointment", new() { HasTextString = "Marie Taglioni" })).ToContainTextAsync("14:00–15:00");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Working_hours_that_cannot_be_read_or_that_overlap_are_refused_with_the_reason()
    {
        var owner = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "owner");
        var page = await browser.SignInAsync(owner.Email, owner.Password);
        await page.GotoAsync("/agenda/setup");
        await page.Locator("#resource-name").FillAsync("Estilista");
        await page.GetByRole(AriaRole.Button, new() { Name = "Agregar recurso" }).ClickAsync();
        await page.Locator("tr[data-resource='Estilista']").GetByRole(AriaRole.Button, new() { Name = "Horario" }).ClickAsync();
        var save = page.Locator("form[aria-labelledby='hours-heading']").GetByRole(AriaRole.Button, new() { Name = "Guardar" });

        await page.Locator("#hours-Tuesday").FillAsync("nueve a trece");
        await save.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("martes: Períodos del día como 09:00-13:00");

        await page.Locator("#hours-Tuesday").FillAsync("09:00-13:00, 12:00-18:00");
        await save.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("El martes dos períodos se superponen a las 12:00.");
        await Expect(page.GetByRole(AriaRole.Alert)).Not.ToContainTextAsync("overlap");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_agent_is_not_offered_the_agenda_setup()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var agent = await BrowserHub.AddMemberAsync(admin, "agent");
        var page = await browser.SignInAsync(agent.Email, agent.Password);

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Configurar agenda" })).ToHaveCountAsync(0);
        await page.GotoAsync("/agenda/setup");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Tu rol no permite hacer esto.");
        await Expect(page.Locator("#resource-name")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
