using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using VersatileHub.Tests.Hub.Appointments;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Hub.Web;

[Collection(BrowserCollection.Name)]
public sealed class WebPagesTests(BrowserHub browser)
{
    [Fact]
    public async Task The_owner_creates_pointe_shoes_with_sizes_and_the_search_says_which_variant_matched()
    {
        var page = await browser.SignInAsOwnerAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Catálogo", Exact = true }).First.ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Nuevo producto" }).ClickAsync();
        await page.Locator("#product-name").FillAsync("Puntas de danza Grishko");
        await page.Locator("#product-price").FillAsync("45000");
        await page.Locator("#product-attributes").FillAsync("marca=Grishko");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await Expect(page.Locator("#editor-title")).ToContainTextAsync("Editar producto");
        foreach (var size in new[] { "37", "38" })
        {
            await page.Locator("#variant-sku").FillAsync($"GRI-PUNTA-{size}");
            await page.Locator("#variant-stock").FillAsync("3");
            await page.Locator("#variant-attributes").FillAsync($"talle={size}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Agregar variante" }).ClickAsync();
            await Expect(page.Locator($"tr[data-variant='GRI-PUNTA-{size}']")).ToBeVisibleAsync();
        }

        await page.Locator("#search").FillAsync("puntas de danza talle 37");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar", Exact = true }).ClickAsync();

        var hit = page.Locator(".hit", new() { HasTextString = "Puntas de danza Grishko" });
        await Expect(hit.Locator(".matched-variant")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Variante encontrada: GRI-PUNTA-37 talle=37"));
        await Expect(hit).Not.ToContainTextAsync("GRI-PUNTA-38");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_marks_an_order_paid_and_its_history_shows_the_move()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var order = await PostAsync(admin.Client, "/api/orders", new
        {
            customerId = await HubApi.CreateCustomerAsync(admin.Client), currency = "ARS",
            lines = new[] { new { sku = "GRI-PUNTA-37", description = "Puntas de danza", quantity = 1, unitPrice = 45000m } },
        });
        var number = order.GetProperty("number").GetString()!;
        var page = await browser.SignInAsync(admin.Email, admin.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Pedidos", Exact = true }).First.ClickAsync();
        await Expect(page.Locator($"tr[data-order='{number}']")).ToContainTextAsync("pendiente");

        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Marcar pagado" }).ClickAsync();

        await Expect(page.Locator(".order-status")).ToHaveTextAsync("pagado");
        await Expect(page.Locator(".history")).ToContainTextAsync("pendiente → pagado");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Marcar pagado" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_paid_order_changed_elsewhere_meanwhile_shows_the_conflict_as_a_message()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var order = await PostAsync(admin.Client, "/api/orders", new
        {
            customerId = await HubApi.CreateCustomerAsync(admin.Client), currency = "ARS", lines = new[] { new { sku = "A-1", description = "Malla", quantity = 2, unitPrice = 100m } },
        });
        var page = await browser.SignInAsync(admin.Email, admin.Password);
        await page.GotoAsync($"/orders/{order.GetProperty("id").GetInt32()}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Marcar pagado" })).ToBeVisibleAsync();

        await PostAsync(admin.Client, $"/api/orders/{order.GetProperty("id").GetInt32()}/pay", new { note = "Pagó en el local" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Marcar pagado" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"El pedido {order.GetProperty("number").GetString()} está pagado y no puede pasar a pagado.");
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admins_refused_member_change_is_explained_in_the_pages_language()
    {
        var owner = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "owner");
        var admin = await BrowserHub.AddMemberAsync(owner, "admin");
        var page = await browser.SignInAsync(admin.Email, admin.Password);
        await page.GotoAsync("/team");

        await page.Locator($"tr[data-member='{owner.Email}']").GetByRole(AriaRole.Button, new() { Name = "Quitar" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Solo un dueño puede nombrar, cambiar o quitar a un dueño.");
        await Expect(page.Locator($"tr[data-member='{owner.Email}']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_variant_is_edited_in_place_and_the_search_finds_it_by_its_new_size()
    {
        var page = await browser.SignInAsOwnerAsync();
        await page.GotoAsync("/catalog");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nuevo producto" }).ClickAsync();
        await page.Locator("#product-name").FillAsync("Zapatillas de media punta Capezio");
        await page.Locator("#product-price").FillAsync("30000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await page.Locator("#variant-sku").FillAsync("CAP-MP-35");
        await page.Locator("#variant-stock").FillAsync("2");
        await page.Locator("#variant-attributes").FillAsync("talle=35");
        await page.GetByRole(AriaRole.Button, new() { Name = "Agregar variante" }).ClickAsync();
        await Expect(page.Locator("tr[data-variant='CAP-MP-35']")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Editar variante CAP-MP-35" }).ClickAsync();
        await page.Locator("#edit-variant-sku").FillAsync("CAP-MP-36");
        await page.Locator("#edit-variant-stock").FillAsync("7");
        await page.Locator("#edit-variant-attributes").FillAsync("talle=36; color=rosa");
        await page.Locator("tr.editing").GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();

        var edited = page.Locator("tr[data-variant='CAP-MP-36']");
        await Expect(edited).ToContainTextAsync("7");
        await Expect(edited).ToContainTextAsync("talle=36; color=rosa");
        await Expect(page.Locator("tr[data-variant='CAP-MP-35']")).ToHaveCountAsync(0);
        await page.Locator("#search").FillAsync("media punta capezio talle 36");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar", Exact = true }).ClickAsync();
        await Expect(page.Locator(".hit", new() { HasTextString = "Capezio" }).Locator(".matched-variant")).ToContainTextAsync("CAP-MP-36");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_access_token_is_shown_once_then_listed_only_by_its_last_characters()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var page = await browser.SignInAsync(admin.Email, admin.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Equipo", Exact = true }).First.ClickAsync();

        await page.Locator("#token-name").FillAsync("integración tienda");
        await page.GetByRole(AriaRole.Button, new() { Name = "Agregar", Exact = true }).First.ClickAsync();
        var secret = (await page.Locator(".issued-token").TextContentAsync())!.Trim();
        var listed = page.Locator("tr[data-token='integración tienda']");
        await Expect(listed).ToBeVisibleAsync();
        Assert.True(secret.Length > 20, $"a secret was shown: {secret}");
        await Expect(listed).Not.ToContainTextAsync(secret);
        await Expect(listed.Locator("code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"…{secret[^4..]}$"));

        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-token='integración tienda']")).ToBeVisibleAsync();
        await Expect(page.Locator(".issued-token")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_the_pages_without_the_admin_and_booking_actions()
    {
        var viewer = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "viewer");
        await browser.Hub.SalonAsync(viewer.TenantId);
        var page = await browser.SignInAsync(viewer.Email, viewer.Password);

        await page.GotoAsync("/catalog");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Catálogo");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Nuevo producto" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#new-category")).ToHaveCountAsync(0);

        await page.GotoAsync("/team");
        await Expect(page.Locator("tr[data-member]")).ToHaveCountAsync(2);
        await Expect(page.Locator("#member-email")).ToHaveCountAsync(0);
        await Expect(page.Locator("tr[data-member] select")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Quitar" })).ToHaveCountAsync(0);

        await page.GotoAsync("/agenda");
        await Expect(page.Locator(".agenda-column h3", new() { HasTextString = "Estilista 1" }).First).ToBeVisibleAsync();
        await Expect(page.Locator("#book-service")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_phone_width_no_page_overflows_sideways_and_the_menu_opens_from_its_button()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        await browser.Hub.SalonAsync(admin.TenantId, resources: 3);
        var page = await browser.SignInAsync(admin.Email, admin.Password, width: 390);

        foreach (var path in new[] { "/", "/customers", "/catalog", "/orders", "/agenda", "/agenda/setup", "/tickets", "/team", "/connector" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            Assert.True(widths[0] <= widths[1], $"{path} is {widths[0]} px wide on a {widths[1]} px screen");
        }

        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Menú" }).ClickAsync();
        await Expect(page.Locator("#nav")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_web_app_speaks_the_browsers_language_and_switches_between_Spanish_and_English()
    {
        var page = await browser.SignInAsOwnerAsync(locale: "en-US");
        await Expect(page.Locator("#shortcuts")).ToHaveTextAsync("Shortcuts");
        await Expect(page.Locator("nav")).ToContainTextAsync("Sign out");

        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await Expect(page.Locator("#shortcuts")).ToHaveTextAsync("Accesos directos");
        await page.GotoAsync("/orders");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Pedidos");
        await page.Context.CloseAsync();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
