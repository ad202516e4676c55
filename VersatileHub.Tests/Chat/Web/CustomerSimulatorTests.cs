using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Chat.Web;

/// <summary>The customer simulator: in Development, a developer writes as a customer through the real ingest and sees the replies live.</summary>
public sealed class CustomerSimulatorTests(DevelopmentChatBrowser browser) : IClassFixture<DevelopmentChatBrowser>
{
    private async Task<JsonElement> ConversationMessagesAsync(int conversation)
    {
        using var admin = browser.ChatClient(browser.Admin);
        return (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{browser.Admin.TenantId}/conversations/{conversation}/messages"))
            .GetProperty("payload");
    }

    [Fact]
    public async Task A_developer_writes_as_a_customer_through_ingest_and_sees_the_teams_reply_arrive_as_a_phone_would()
    {
        var page = await browser.SignInAsync(browser.FirstAgent);
        await page.GotoAsync("/simulator");
        await page.GetByLabel("Bandeja").SelectOptionAsync(browser.InboxId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Teléfono o id del contacto").FillAsync("+5491155550071");
        await page.GetByLabel("Nombre del cliente").FillAsync("Marta Simulada");

        await page.GetByLabel("Escribí como el cliente").FillAsync("Hola, ¿tienen turnos el sábado?");
        await page.Locator(".write .send").ClickAsync();
        await Expect(page.Locator(".phone .message.mine", new() { HasText = "¿tienen turnos el sábado?" })).ToBeVisibleAsync();
        await page.GetByLabel("Escribí como el cliente").FillAsync("¿Y el domingo?");
        await page.Locator(".write .send").ClickAsync();
        await Expect(page.Locator(".phone .message.mine")).ToHaveCountAsync(2);

        var conversation = await browser.ContactWritesAsync("+5491155550071", "Otro mensaje, como por el gateway");
        var stored = (await ConversationMessagesAsync(conversation)).EnumerateArray().ToList();
        var simulated = stored.Where(m => m.GetProperty("source_id").GetString()!.StartsWith("simulator-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, simulated.Count);
        Assert.NotEqual(simulated[0].GetProperty("source_id").GetString(), simulated[1].GetProperty("source_id").GetString());
        Assert.All(simulated, m => Assert.Equal(0, m.GetProperty("message_type").GetInt32()));
        Assert.Equal("Marta Simulada", simulated[0].GetProperty("sender").GetProperty("name").GetString());

        using var agent = browser.ChatClient(browser.SecondAgent);
        var accountPath = $"/api/v1/accounts/{browser.Admin.TenantId}/conversations/{conversation}/messages";
        (await agent.PostAsJsonAsync(accountPath, new { content = "¡Sí! El sábado de 10 a 13." })).EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync(accountPath, new { content = "Nota solo para el equipo", @private = true })).EnsureSuccessStatusCode();

        await Expect(page.Locator(".phone .message.theirs", new() { HasText = "El sábado de 10 a 13." })).ToBeVisibleAsync();
        await Expect(page.Locator(".phone .message.mine", new() { HasText = "como por el gateway" })).ToBeVisibleAsync();
        await Expect(page.Locator(".phone", new() { HasText = "Nota solo para el equipo" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_simulator_speaks_english_too()
    {
        var page = await browser.SignInAsync(browser.FirstAgent, locale: "en-US");

        await page.GotoAsync("/simulator?lang=en");

        await Expect(page.Locator(".simulator h1")).ToHaveTextAsync("Customer simulator");
        await Expect(page.GetByLabel("Write as the customer")).ToBeVisibleAsync();
    }
}

/// <summary>The simulator exists for developers only: outside Development its route is not mapped at all.</summary>
public sealed class CustomerSimulatorEnvironmentTests
{
    [Theory]
    [InlineData("Development", true)]
    [InlineData("Testing", false)]
    [InlineData("Production", false)]
    public async Task The_simulator_is_mapped_in_Development_only(string environment, bool mapped)
    {
        await using var chat = new ChatFactory { Environment = environment };
        await ((IAsyncLifetime)chat).InitializeAsync();
        try
        {
            var routes = chat.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
                .Select(e => e.RoutePattern.RawText).ToList();

            Assert.Equal(mapped, routes.Contains("/simulator"));
        }
        finally
        {
            await ((IAsyncLifetime)chat).DisposeAsync();
        }
    }
}
