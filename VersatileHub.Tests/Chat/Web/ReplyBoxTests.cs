using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Chat.Web;

[Collection(ChatBrowserCollection.Name)]
public sealed class ReplyBoxTests(ChatBrowser browser)
{
    [Fact]
    public async Task Slash_and_a_short_code_offers_the_canned_response_which_is_inserted_and_sent_as_a_message()
    {
        var code = $"horario{Guid.NewGuid().ToString("N")[..6]}";
        var content = $"Abrimos de lunes a sábado, de 9 a 20 ({code}).";
        using var admin = browser.ChatClient(browser.Admin);
        (await admin.PostAsJsonAsync($"/api/v1/accounts/{browser.Admin.TenantId}/canned_responses", new { short_code = code, content })).EnsureSuccessStatusCode();
        var conversation = await browser.ContactWritesAsync("+5491155550011", "¿Qué horario tienen?");
        var page = await browser.SignInAsync(browser.FirstAgent);
        await page.GotoAsync($"/conversations/{conversation}");

        await page.Locator(".reply textarea").PressSequentiallyAsync($"/{code[..9]}");
        await page.Locator($".canned button[data-short-code='{code}']").ClickAsync();
        await Expect(page.Locator(".reply textarea")).ToHaveValueAsync(content);
        await Expect(page.Locator(".canned")).ToHaveCountAsync(0);
        await page.Locator(".reply .send").ClickAsync();

        await Expect(page.Locator(".message.outgoing", new() { HasText = content })).ToBeVisibleAsync();
        var messages = (await (await admin.GetAsync($"/api/v1/accounts/{browser.Admin.TenantId}/conversations/{conversation}/messages"))
            .ReadAsync<JsonElement>()).GetProperty("payload").EnumerateArray();
        var sent = Assert.Single(messages, m => m.GetProperty("content").GetString() == content);
        Assert.Equal((1, false), (sent.GetProperty("message_type").GetInt32(), sent.GetProperty("private").GetBoolean()));
    }
}
