using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Chat.Web;

/// <summary>The inbox's optional sound: off unless this browser turned it on; then a customer's new message beeps, nothing else does.</summary>
[Collection(ChatBrowserCollection.Name)]
public sealed class InboxSoundTests(ChatBrowser browser)
{
    /// <summary>Counts the tones the page starts, at the browser's WebAudio boundary, before any of the page's scripts run.</summary>
    private const string CountTones = """
        window.__tones = 0;
        const RealAudioContext = window.AudioContext;
        window.AudioContext = class extends RealAudioContext {
            createOscillator() {
                const tone = super.createOscillator();
                const start = tone.start.bind(tone);
                tone.start = (...args) => { window.__tones++; return start(...args); };
                return tone;
            }
        };
        """;

    private async Task<IPage> SignedInCountingTonesAsync(string locale = "es-AR")
    {
        var page = await browser.SignInAsync(browser.FirstAgent, locale);
        await page.Context.AddInitScriptAsync(CountTones);
        await page.ReloadAsync();
        await Expect(page.Locator(".list h1")).ToBeVisibleAsync();
        return page;
    }

    private static Task<int> TonesAsync(IPage page) => page.EvaluateAsync<int>("window.__tones");

    [Fact]
    public async Task The_sound_is_off_by_default_and_a_new_message_plays_nothing()
    {
        var page = await SignedInCountingTonesAsync();

        await Expect(page.Locator(".sound-toggle")).Not.ToBeCheckedAsync();
        await browser.ContactWritesAsync("+5491155550081", "Mensaje sin sonido");
        await Expect(page.Locator(".conversation", new() { HasText = "Mensaje sin sonido" })).ToBeVisibleAsync();

        Assert.Equal(0, await TonesAsync(page));
    }

    [Fact]
    public async Task Turned_on_a_customers_message_beeps_a_reply_does_not_and_the_browser_remembers_the_choice()
    {
        var page = await SignedInCountingTonesAsync();
        await page.GetByLabel("Sonido").CheckAsync();

        var conversation = await browser.ContactWritesAsync("+5491155550082", "Primer mensaje con sonido");
        await page.WaitForFunctionAsync("window.__tones === 1");
        using var agent = browser.ChatClient(browser.SecondAgent);
        (await agent.PostAsJsonAsync($"/api/v1/accounts/{browser.Admin.TenantId}/conversations/{conversation}/messages", new { content = "Respuesta sin sonido" }))
            .EnsureSuccessStatusCode();
        await Expect(page.Locator(".conversation", new() { HasText = "Respuesta sin sonido" })).ToBeVisibleAsync();
        await browser.ContactWritesAsync("+5491155550082", "Segundo mensaje con sonido");
        await Expect(page.Locator(".conversation", new() { HasText = "Segundo mensaje con sonido" })).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("window.__tones >= 2");

        Assert.Equal(2, await TonesAsync(page));
        await page.ReloadAsync();
        await Expect(page.Locator(".sound-toggle")).ToBeCheckedAsync();
        await page.GotoAsync("/?lang=en");
        await Expect(page.GetByLabel("Sound")).ToBeCheckedAsync();
        await page.GetByLabel("Sound").UncheckAsync();
        await page.ReloadAsync();
        await Expect(page.Locator(".sound-toggle")).Not.ToBeCheckedAsync();
    }
}
