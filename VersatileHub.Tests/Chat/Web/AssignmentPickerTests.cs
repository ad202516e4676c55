using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Chat.Web;

[Collection(ChatBrowserCollection.Name)]
public sealed class AssignmentPickerTests(ChatBrowser browser)
{
    [Fact]
    public async Task Assigning_to_another_member_of_the_inbox_shows_them_in_both_agents_lists_live()
    {
        // An inbox of its own, so its members do not change who the fixture's other conversations go to.
        using var admin = browser.ChatClient(browser.Admin);
        var account = $"/api/v1/accounts/{browser.Admin.TenantId}";
        var inboxId = (await (await admin.PostAsJsonAsync($"{account}/inboxes", new { name = "Mostrador", channel = new { type = "api" } }))
            .ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await admin.PostAsJsonAsync($"{account}/inbox_members", new { inbox_id = inboxId, user_ids = new[] { browser.FirstAgent.UserId, browser.SecondAgent.UserId } }))
            .EnsureSuccessStatusCode();
        var conversation = await browser.ContactWritesAsync("+5491155550021", "¿Me pasan con alguien?", inboxId);
        var first = await browser.SignInAsync(browser.FirstAgent);
        var second = await browser.SignInAsync(browser.SecondAgent);
        await first.GotoAsync($"/conversations/{conversation}");

        var secondId = browser.SecondAgent.UserId.ToString(CultureInfo.InvariantCulture);
        await first.Locator(".assignee-picker").SelectOptionAsync(secondId);

        var row = $"[data-conversation='{conversation}'] .assignee";
        await Expect(first.Locator(row)).ToHaveAttributeAsync("data-assignee", secondId);
        await Expect(first.Locator(row)).ToHaveTextAsync(browser.SecondAgent.Email);
        await Expect(second.Locator(row)).ToHaveAttributeAsync("data-assignee", secondId);
        await Expect(second.Locator(row)).ToHaveTextAsync($"{browser.SecondAgent.Email} (vos)");
        var shown = await admin.GetFromJsonAsync<JsonElement>($"{account}/conversations/{conversation}");
        Assert.Equal(browser.SecondAgent.UserId, shown.GetProperty("meta").GetProperty("assignee").GetProperty("id").GetInt32());
    }
}
