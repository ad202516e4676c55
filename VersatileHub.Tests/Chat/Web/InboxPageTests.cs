using System.Text.Json;
using Microsoft.Playwright;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Chat.Web;

[Collection(ChatBrowserCollection.Name)]
public sealed class InboxPageTests(ChatBrowser browser)
{
    [Fact]
    public async Task An_anonymous_visit_goes_to_the_Hub_sign_in_and_comes_back_to_the_inbox()
    {
        var page = await browser.OpenAsync();
        await page.GotoAsync("/");

        Assert.StartsWith(new Uri(browser.Hub.ClientOptions.BaseAddress, "/account/login").ToString(), page.Url, StringComparison.Ordinal);
        await page.Locator("#email").FillAsync(browser.FirstAgent.Email);
        await page.Locator("#password").FillAsync(browser.FirstAgent.Password);
        await page.Locator("button[type=submit]").ClickAsync();

        await page.WaitForURLAsync(browser.ChatAddress.ToString());
        await Expect(page.Locator(".list h1")).ToHaveTextAsync("Bandeja");
    }

    [Fact]
    public async Task A_message_shows_up_live_for_two_agents_and_one_taking_over_shows_up_for_the_other()
    {
        var first = await browser.SignInAsync(browser.FirstAgent);
        var second = await browser.SignInAsync(browser.SecondAgent);
        var text = $"¿Tienen turno para mañana? {Guid.NewGuid():N}";

        var conversation = await browser.ContactWritesAsync("+5491155550001", text);
        // The one timed promise: within 2 s of the channel API accepting it, the message is on both screens.
        var live = new LocatorAssertionsToBeVisibleOptions { Timeout = 2_000 };
        await Task.WhenAll(
            Expect(first.Locator(".conversation .last", new() { HasText = text })).ToBeVisibleAsync(live),
            Expect(second.Locator(".conversation .last", new() { HasText = text })).ToBeVisibleAsync(live));

        var row = $"[data-conversation='{conversation}']";
        await Expect(second.Locator($"{row} .marker")).ToHaveTextAsync("bot");
        await first.Locator($"{row} a").ClickAsync();
        await first.Locator("button.take-over").ClickAsync();
        await Expect(first.Locator(".override")).ToBeVisibleAsync();

        await Expect(second.Locator($"{row} .marker")).ToHaveTextAsync("humano");
    }

    [Fact]
    public async Task A_reply_from_the_browser_is_an_outgoing_message_and_a_private_note_is_not()
    {
        var conversation = await browser.ContactWritesAsync("+5491155550002", "Hola, ¿cuánto sale la clase?");
        var page = await browser.SignInAsync(browser.FirstAgent);
        await page.GotoAsync($"/conversations/{conversation}");

        await page.Locator(".reply textarea").FillAsync("La clase sale 5000 pesos.");
        await page.Locator(".reply .send").ClickAsync();
        await Expect(page.Locator(".message.outgoing", new() { HasText = "La clase sale 5000 pesos." })).ToBeVisibleAsync();
        await page.Locator(".private-toggle").CheckAsync();
        await page.Locator(".reply textarea").FillAsync("Ofrecerle el abono mensual.");
        await page.Locator(".reply .send").ClickAsync();
        await Expect(page.Locator(".message.private", new() { HasText = "Ofrecerle el abono mensual." })).ToBeVisibleAsync();

        using var api = browser.ChatClient(browser.FirstAgent);
        var messages = (await (await api.GetAsync($"/api/v1/accounts/{browser.Admin.TenantId}/conversations/{conversation}/messages"))
            .ReadAsync<JsonElement>()).GetProperty("payload").EnumerateArray().ToList();
        var reply = messages.Single(m => m.GetProperty("content").GetString() == "La clase sale 5000 pesos.");
        Assert.Equal(1, reply.GetProperty("message_type").GetInt32());
        Assert.False(reply.GetProperty("private").GetBoolean());
        Assert.Equal(browser.FirstAgent.UserId, reply.GetProperty("sender").GetProperty("id").GetInt32());
        var note = messages.Single(m => m.GetProperty("content").GetString() == "Ofrecerle el abono mensual.");
        Assert.True(note.GetProperty("private").GetBoolean());
    }

    [Fact]
    public async Task Resolving_a_conversation_moves_it_out_of_the_open_list()
    {
        var conversation = await browser.ContactWritesAsync("+5491155550003", "Gracias, era eso.");
        var page = await browser.SignInAsync(browser.SecondAgent);
        var row = page.Locator($"[data-conversation='{conversation}']");
        await Expect(row).ToBeVisibleAsync();

        await row.Locator("a").ClickAsync();
        await page.Locator("button.resolve").ClickAsync();

        await Expect(page.Locator(".conversation-view .status")).ToHaveAttributeAsync("data-status", "resolved");
        await Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_inbox_fits_a_phone_and_speaks_English()
    {
        var conversation = await browser.ContactWritesAsync("+5491155550004", "Hi, are you open on Sundays? I would like to book a class for my daughter.");
        var page = await browser.SignInAsync(browser.FirstAgent, locale: "en-US", width: 390);

        await Expect(page.Locator(".list h1")).ToHaveTextAsync("Inbox");
        await Expect(page.Locator("[role=tab][data-tab=unassigned]")).ToContainTextAsync("Unassigned");
        Assert.False(await HasHorizontalOverflowAsync(page));

        await page.Locator($"[data-conversation='{conversation}'] a").ClickAsync();
        await Expect(page.Locator("button.take-over")).ToHaveTextAsync("Take over");
        Assert.False(await HasHorizontalOverflowAsync(page));
    }

    [Fact]
    public async Task A_member_of_another_account_cannot_open_this_accounts_conversation()
    {
        var conversation = await browser.ContactWritesAsync("+5491155550005", "Mi DNI es 30111222.");
        var outsider = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var page = await browser.SignInAsync(outsider);

        await page.GotoAsync($"/conversations/{conversation}");

        await Expect(page.Locator(".conversation-view .alert")).ToHaveTextAsync("No existe esa conversación.");
        await Expect(page.GetByText("Mi DNI es 30111222.")).ToHaveCountAsync(0);
    }

    private static Task<bool> HasHorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
}
