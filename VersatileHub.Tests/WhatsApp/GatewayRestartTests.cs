using System.Text.Json;
using VersatileHub.Tests.Fakes.YCloud;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>A gateway that stops while the provider has a message in hand never sends it a second time.</summary>
public sealed class GatewayRestartTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    [Fact]
    public async Task A_gateway_restarted_mid_send_sends_once_and_reports_the_interrupted_send()
    {
        var inbox = await world.YCloudInboxAsync();
        const string Customer = "+5491155557777";
        await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("restart-in", Customer, inbox.Phone, "Lucía", "Hola", world.Clock.GetUtcNow()));
        await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count == 1, "the customer's message in Chat");
        world.YCloud.Next(new Trouble.Hang());
        var held = world.YCloud.Held.Task;

        var reply = await world.ReplyAsync(await world.ConversationAsync(inbox), "Te confirmo la reserva");
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        await world.RestartGatewayAsync();
        world.YCloud.ReleaseHeld();

        // The restarted gateway claims the unfinished event once the stopped one's claim has lapsed.
        var message = await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox),
            ms => ms.Any(m => m.GetProperty("id").GetInt64() == reply && m.GetProperty("status").GetString() == "failed"
                && m.GetProperty("source_id").ValueKind == JsonValueKind.String),
            "the interrupted send reported", meanwhile: () => { world.Clock.Advance(TimeSpan.FromSeconds(1)); return Task.CompletedTask; });

        Assert.Single(world.YCloud.Sends, s => s.Body["from"]?.GetValue<string>() == inbox.Phone);
        Assert.Contains("not retried to avoid a duplicate",
            message.Single(m => m.GetProperty("id").GetInt64() == reply).GetProperty("content_attributes").GetProperty("external_error").GetString(),
            StringComparison.Ordinal);
    }
}
