using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Tests.Fakes.YCloud;
using VersatileHub.WhatsApp.Inbound;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>
/// A signed message Chat cannot take holds up no one: Chat's refusal parks it at once, a failure that keeps coming parks it
/// after the attempts with a growing wait between them, each with Chat's error; the contact's next messages and every other
/// contact's go on meanwhile.
/// </summary>
public sealed class InboundParkingTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    [Fact]
    public async Task A_message_Chat_refuses_is_parked_with_Chats_answer_and_the_contacts_next_message_still_arrives()
    {
        var inbox = await world.YCloudInboxAsync();
        const string Customer = "+5491166660001";
        var now = world.Clock.GetUtcNow();
        var tooLongId = new string('x', 300);

        var refused = await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText(tooLongId, Customer, inbox.Phone, "Ana", "primero", now));
        var next = await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("park-next", Customer, inbox.Phone, "Ana", "segundo", now));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var messages = await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count >= 1, "the next message in Chat");
        Assert.Equal(["segundo"], messages.Select(m => m.GetProperty("content").GetString()));
        var parked = await WhatsAppWorld.EventuallyAsync(() => ParkedOfAsync(inbox), ps => ps.Count >= 1, "the refused message parked");
        var item = Assert.Single(parked);
        Assert.Equal("refused", item.Reason);
        Assert.Contains("400", item.Error, StringComparison.Ordinal);
        Assert.Contains("source_id", item.Error, StringComparison.Ordinal);
        Assert.Equal($"wamid.{tooLongId}", ProviderId(item));
    }

    [Fact]
    public async Task A_message_Chat_keeps_failing_on_waits_longer_each_time_holds_up_no_other_contact_and_is_parked_after_its_attempts()
    {
        var inbox = await world.YCloudInboxAsync();
        const string Stuck = "+5491166660002";
        const string Other = "+5491166660003";
        var now = world.Clock.GetUtcNow();

        world.ChatFaults.FailOn("wamid.poison");
        await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("poison", Stuck, inbox.Phone, "Ana", "primero", now));
        await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("after-poison", Stuck, inbox.Phone, "Ana", "segundo", now));
        await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("other-contact", Other, inbox.Phone, "Bruno", "hola", now));

        // The clock stands still: the stuck contact waits for its retry, the other one does not wait for it.
        var first = await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count >= 1, "the other contact's message in Chat");
        Assert.Equal(["hola"], first.Select(m => m.GetProperty("content").GetString()));
        Assert.Empty(await ParkedOfAsync(inbox));

        // As time goes by it is tried again until its attempts are spent, then parked; the contact's next message follows.
        var messages = await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count >= 2, "the stuck contact's next message in Chat",
            meanwhile: () => { world.Clock.Advance(TimeSpan.FromSeconds(1)); return Task.CompletedTask; });
        Assert.Equal(["hola", "segundo"], messages.Select(m => m.GetProperty("content").GetString()));
        var parked = await WhatsAppWorld.EventuallyAsync(() => ParkedOfAsync(inbox), ps => ps.Count >= 1, "the stuck message parked");
        var item = Assert.Single(parked);
        Assert.Equal("failed", item.Reason);
        Assert.Contains("500", item.Error, StringComparison.Ordinal);
        Assert.Equal("wamid.poison", ProviderId(item));
    }

    private async Task<IReadOnlyList<ParkedItem>> ParkedOfAsync(TestInbox inbox) =>
        [.. (await world.Gateway.Services.GetRequiredService<ParkedInbound>().LatestAsync(1_000))
            .Where(p => InboundQueue.Deserialize(p.Item).Inbox == inbox.Id)];

    private static string? ProviderId(ParkedItem parked) => InboundQueue.Deserialize(parked.Item).Message?.ProviderId;
}
