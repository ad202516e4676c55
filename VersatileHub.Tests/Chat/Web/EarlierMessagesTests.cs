using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Chat.Web;

[Collection(ChatBrowserCollection.Name)]
public sealed class EarlierMessagesTests(ChatBrowser browser)
{
    [Fact]
    public async Task A_long_conversation_opens_on_its_latest_messages_and_earlier_messages_loads_the_older_ones()
    {
        var contact = "+5491155550061";
        var conversation = 0;
        for (var i = 1; i <= 27; i++)
        {
            conversation = await browser.ContactWritesAsync(contact, $"Parte {i:00} de la consulta");
        }
        var page = await browser.SignInAsync(browser.FirstAgent);
        await page.GotoAsync($"/conversations/{conversation}");

        await Expect(page.Locator(".message")).ToHaveCountAsync(20);
        await Expect(page.Locator(".message").First).ToContainTextAsync("Parte 08");
        await page.Locator(".earlier").ClickAsync();

        await Expect(page.Locator(".message")).ToHaveCountAsync(27);
        await Expect(page.Locator(".message").First).ToContainTextAsync("Parte 01");
        await Expect(page.Locator(".earlier")).ToHaveCountAsync(0);

        await browser.ContactWritesAsync(contact, "Parte 28 de la consulta");
        await Expect(page.Locator(".message")).ToHaveCountAsync(28);
        await Expect(page.Locator(".message").Last).ToContainTextAsync("Parte 28");
        await Expect(page.Locator(".message").First).ToContainTextAsync("Parte 01");
    }

    [Fact]
    public async Task The_earlier_messages_button_speaks_english_too()
    {
        var contact = "+5491155550062";
        var conversation = 0;
        for (var i = 1; i <= 21; i++)
        {
            conversation = await browser.ContactWritesAsync(contact, $"Part {i}");
        }
        var page = await browser.SignInAsync(browser.FirstAgent, locale: "en-US");
        await page.GotoAsync($"/conversations/{conversation}?lang=en");

        await Expect(page.Locator(".earlier")).ToHaveTextAsync("Earlier messages");
    }
}
