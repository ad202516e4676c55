using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Appointments;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Chat.Web;

[Collection(ChatBrowserCollection.Name)]
public sealed class ContactPanelTests(ChatBrowser browser)
{
    [Fact]
    public async Task The_contact_panel_shows_the_linked_customer_s_order_and_upcoming_appointment_made_in_the_Hub()
    {
        var salon = await browser.Hub.SalonAsync(browser.Admin.TenantId);
        var hub = browser.Admin.Client;
        var order = await (await hub.PostAsJsonAsync("/api/orders", new
        {
            customerId = salon.CustomerId,
            currency = "ars",
            lines = new[] { new { sku = "CORTE", description = "Corte y peinado", quantity = 2, unitPrice = 10.50m } },
        })).ReadAsync<JsonElement>();
        var buenosAires = TimeSpan.FromHours(-3);
        var inTwoDays = DateTimeOffset.UtcNow.ToOffset(buenosAires).Date.AddDays(2);
        var start = new DateTimeOffset(inTwoDays.Year, inTwoDays.Month, inTwoDays.Day, 10, 0, 0, buenosAires);
        var booked = await hub.PostAsJsonAsync("/api/appointments", new { serviceId = salon.ServiceId, start = start.ToString("o"), customerId = salon.CustomerId });
        booked.EnsureSuccessStatusCode();

        // The customer writes from the phone the Hub has for them; Chat links the new contact to that customer.
        var conversation = await browser.ContactWritesAsync(Salon.CustomerPhone, "Hola, ¿mi pedido ya salió?");
        await LinkedCustomerAsync(conversation);
        var page = await browser.SignInAsync(browser.FirstAgent);
        await page.GotoAsync($"/conversations/{conversation}");

        var orderRow = page.Locator($".contact .order[data-order='{order.GetProperty("id").GetInt32()}']");
        await Expect(orderRow.Locator(".number")).ToHaveTextAsync(order.GetProperty("number").GetString()!);
        await Expect(orderRow.Locator(".total")).ToHaveTextAsync("21,00 ARS");
        await Expect(orderRow.Locator(".status")).ToHaveTextAsync(order.GetProperty("status").GetString()!);
        var appointment = page.Locator(".contact .appointment");
        await Expect(appointment.Locator(".service")).ToHaveTextAsync("Corte");
        // The start as the tenant's clock (Buenos Aires) shows it, whatever the server's zone.
        await Expect(appointment.Locator("time")).ToHaveTextAsync(start.ToString("g", CultureInfo.GetCultureInfo("es-AR")));
    }

    /// <summary>Waits for Chat's <c>contact.created</c> handler to link the conversation's contact to the Hub customer.</summary>
    private async Task LinkedCustomerAsync(int conversation)
    {
        using var api = browser.ChatClient(browser.Admin);
        var account = $"/api/v1/accounts/{browser.Admin.TenantId}";
        var contact = (await (await api.GetAsync($"{account}/conversations/{conversation}")).ReadAsync<JsonElement>())
            .GetProperty("meta").GetProperty("sender").GetProperty("id").GetInt32();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var payload = (await (await api.GetAsync($"{account}/contacts/{contact}")).ReadAsync<JsonElement>()).GetProperty("payload");
            if (payload.GetProperty("hub_customer_id").ValueKind == JsonValueKind.Number)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"Contact {contact} was never linked to a Hub customer.");
    }
}
