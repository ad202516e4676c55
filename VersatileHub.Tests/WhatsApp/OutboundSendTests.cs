using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using VersatileHub.Tests.Fakes.Meta;
using VersatileHub.Tests.Fakes.YCloud;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>Replies written in Chat go out through the inbox's provider, once each, and Chat learns how far they got.</summary>
public sealed class OutboundSendTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    [Fact]
    public async Task A_reply_goes_out_through_YCloud_with_the_api_key_and_Chat_keeps_the_providers_id()
    {
        var (inbox, customer, conversation) = await CustomerWroteAsync(ycloud: true);

        var reply = await world.ReplyAsync(conversation, "¡Hola Lucía! Sí, los jueves a las 19.");

        var message = await world.MessageWithStatusAsync(inbox, reply, "sent");
        var send = Assert.Single(SendsFrom(world.YCloud, inbox.Phone));
        Assert.Equal(FakeYCloud.ApiKey, send.Credential);
        Assert.Equal(customer, send.Body["to"]!.GetValue<string>());
        Assert.Equal("text", send.Body["type"]!.GetValue<string>());
        Assert.Equal("¡Hola Lucía! Sí, los jueves a las 19.", send.Body["text"]!["body"]!.GetValue<string>());
        Assert.StartsWith("ycloud-msg-", message.GetProperty("source_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_goes_out_through_Meta_to_the_phone_number_id_with_the_bearer_token()
    {
        var (inbox, customer, conversation) = await CustomerWroteAsync(ycloud: false);

        var reply = await world.ReplyAsync(conversation, "Abrimos el sábado de 10 a 14.");

        var message = await world.MessageWithStatusAsync(inbox, reply, "sent");
        var send = Assert.Single(world.Meta.Sends, s => s.Path == $"/{inbox.PhoneNumberId}/messages");
        Assert.Equal($"Bearer {FakeMeta.AccessToken}", send.Credential);
        Assert.Equal("whatsapp", send.Body["messaging_product"]!.GetValue<string>());
        Assert.Equal(customer.TrimStart('+'), send.Body["to"]!.GetValue<string>());
        Assert.StartsWith("wamid.meta-out-", message.GetProperty("source_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_then_success_sends_exactly_once_after_waiting_as_the_provider_asked()
    {
        var (inbox, _, conversation) = await CustomerWroteAsync(ycloud: true);
        world.YCloud.Next(new Trouble.RateLimited(RetryAfterSeconds: 1));

        var reply = await world.ReplyAsync(conversation, "Te paso los horarios");

        var message = await world.MessageWithStatusAsync(inbox, reply, "sent");
        var attempts = SendsFrom(world.YCloud, inbox.Phone);
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("Te paso los horarios", a.Body["text"]!["body"]!.GetValue<string>()));
        Assert.Equal($"vh-{reply}", attempts[0].Body["externalId"]!.GetValue<string>());
        Assert.NotNull(message.GetProperty("source_id").GetString());
    }

    [Fact]
    public async Task A_provider_down_for_every_attempt_leaves_the_message_failed_in_Chat_with_the_reason()
    {
        var (inbox, _, conversation) = await CustomerWroteAsync(ycloud: false);
        world.Meta.Down = true;
        try
        {
            var reply = await world.ReplyAsync(conversation, "¿Te reservo un lugar?");

            var message = await world.MessageWithStatusAsync(inbox, reply, "failed");
            Assert.Equal(4, world.Meta.Sends.Count(s => s.Path == $"/{inbox.PhoneNumberId}/messages"));
            var error = message.GetProperty("content_attributes").GetProperty("external_error").GetString();
            Assert.Contains("503", error, StringComparison.Ordinal);
            Assert.Contains("Service temporarily unavailable", error, StringComparison.Ordinal);
        }
        finally
        {
            world.Meta.Down = false;
        }
    }

    [Fact]
    public async Task A_reply_outside_the_24_hour_window_fails_as_template_required_and_is_never_sent()
    {
        var (inbox, _, conversation) = await CustomerWroteAsync(ycloud: true);
        world.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var reply = await world.ReplyAsync(conversation, "¿Seguís interesada?");

        var message = await world.MessageWithStatusAsync(inbox, reply, "failed");
        Assert.Contains("template required", message.GetProperty("content_attributes").GetProperty("external_error").GetString(), StringComparison.Ordinal);
        Assert.Empty(SendsFrom(world.YCloud, inbox.Phone));
    }

    [Fact]
    public async Task Statuses_arriving_out_of_order_never_move_a_message_backwards()
    {
        var (inbox, customer, conversation) = await CustomerWroteAsync(ycloud: false);
        var reply = await world.ReplyAsync(conversation, "Listo, quedó reservado");
        var wamid = (await world.MessageWithStatusAsync(inbox, reply, "sent")).GetProperty("source_id").GetString()!;

        foreach (var status in new[] { "read", "delivered", "sent" })
        {
            await world.MetaWebhookAsync(inbox, FakeMeta.Status(inbox.PhoneNumberId!, wamid, status, customer.TrimStart('+'), world.Clock.GetUtcNow()));
        }
        await world.MessageWithStatusAsync(inbox, reply, "read");
        // Once the gateway has read everything and has nothing left pending, every status was handled: the later-sent,
        // earlier ones changed nothing.
        var queue = world.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await WhatsAppWorld.EventuallyAsync(
            async () => (await queue.StreamGroupInfoAsync($"{world.Chat.Redis.KeyPrefix}whatsapp:inbound")).Single(g => g.Name == "whatsapp"),
            group => group is { Lag: 0, PendingMessageCount: 0 }, "every status handled");

        Assert.Equal("read", (await world.MessageWithStatusAsync(inbox, reply, "read", "delivered", "sent")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_YCloud_status_update_reaches_Chat_and_a_failure_keeps_the_providers_error()
    {
        var (inbox, _, conversation) = await CustomerWroteAsync(ycloud: true);
        var delivered = await world.ReplyAsync(conversation, "Primer mensaje");
        var failed = await world.ReplyAsync(conversation, "Segundo mensaje");
        var deliveredId = (await world.MessageWithStatusAsync(inbox, delivered, "sent")).GetProperty("source_id").GetString()!;
        var failedId = (await world.MessageWithStatusAsync(inbox, failed, "sent")).GetProperty("source_id").GetString()!;

        await world.YCloudWebhookAsync(inbox, FakeYCloud.MessageUpdated(deliveredId, "delivered", world.Clock.GetUtcNow()));
        await world.YCloudWebhookAsync(inbox, FakeYCloud.MessageUpdated(failedId, "failed", world.Clock.GetUtcNow(), "131047", "Re-engagement message"));

        await world.MessageWithStatusAsync(inbox, delivered, "delivered");
        var message = await world.MessageWithStatusAsync(inbox, failed, "failed");
        Assert.Equal("131047 Re-engagement message", message.GetProperty("content_attributes").GetProperty("external_error").GetString());
    }

    /// <summary>A customer writes to a new inbox (opening the 24-hour window); the inbox, the customer and the conversation.</summary>
    private async Task<(TestInbox Inbox, string Customer, int Conversation)> CustomerWroteAsync(bool ycloud)
    {
        var inbox = ycloud ? await world.YCloudInboxAsync() : await world.MetaInboxAsync();
        var customer = $"+549115556{inbox.Id:D4}";
        var now = world.Clock.GetUtcNow();
        var response = ycloud
            ? await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText($"out-{inbox.Id}", customer, inbox.Phone, "Lucía", "Hola", now))
            : await world.MetaWebhookAsync(inbox, FakeMeta.InboundText(inbox.PhoneNumberId!, $"wamid.out-{inbox.Id}", customer.TrimStart('+'), "Lucía", "Hola", now));
        response.EnsureSuccessStatusCode();
        await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count == 1, "the customer's message in Chat");
        return (inbox, customer, await world.ConversationAsync(inbox));
    }

    private static List<RecordedSend> SendsFrom(ProviderServer provider, string from) =>
        [.. provider.Sends.Where(s => s.Body["from"]?.GetValue<string>() == from)];
}
