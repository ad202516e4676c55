using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.Tests.Fakes.Meta;
using VersatileHub.Tests.Fakes.YCloud;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>Customers write on WhatsApp: the providers' signed webhooks, through the gateway's queue and buffers, into Chat.</summary>
public sealed class InboundWebhookTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    private const string Customer = "+5491155550001";

    [Fact]
    public async Task A_signed_YCloud_message_reaches_Chat_with_the_customers_name_and_number()
    {
        var inbox = await world.YCloudInboxAsync();

        var response = await world.YCloudWebhookAsync(inbox,
            FakeYCloud.InboundText("yc-1", Customer, inbox.Phone, "Lucía", "Hola, ¿tienen clases de salsa?", world.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = (await MessagesEventuallyAsync(inbox, 1)).Single();
        Assert.Equal("Hola, ¿tienen clases de salsa?", message.GetProperty("content").GetString());
        Assert.Equal("wamid.yc-1", message.GetProperty("source_id").GetString());
        Assert.Equal(0, message.GetProperty("message_type").GetInt32());
        var sender = message.GetProperty("sender");
        Assert.Equal("Lucía", sender.GetProperty("name").GetString());
        Assert.Equal(Customer, sender.GetProperty("phone_number").GetString());
    }

    [Fact]
    public async Task YCloud_webhooks_with_a_wrong_or_missing_signature_or_an_expired_timestamp_are_refused_and_nothing_is_stored()
    {
        var inbox = await world.YCloudInboxAsync();
        var now = world.Clock.GetUtcNow();
        var forged = FakeYCloud.InboundText("yc-forged", Customer, inbox.Phone, "Lucía", "forged", now);
        var unsigned = FakeYCloud.InboundText("yc-unsigned", Customer, inbox.Phone, "Lucía", "unsigned", now);
        var replayed = FakeYCloud.InboundText("yc-replayed", Customer, inbox.Phone, "Lucía", "replayed", now);

        var wrongSecret = await world.YCloudWebhookAsync(inbox, forged, FakeYCloud.Sign(forged, "whsec_not-the-inbox-secret", now));
        var missing = await world.Webhooks.PostAsync($"/webhooks/ycloud/{inbox.Key}", new StringContent(unsigned, Encoding.UTF8, "application/json"));
        var expired = await world.YCloudWebhookAsync(inbox, replayed, FakeYCloud.Sign(replayed, inbox.Secret, now.AddSeconds(-301)));
        var tampered = await world.YCloudWebhookAsync(inbox, forged.Replace("forged", "tampered", StringComparison.Ordinal),
            FakeYCloud.Sign(forged, inbox.Secret, now));
        var genuine = await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("yc-genuine", Customer, inbox.Phone, "Lucía", "genuine", now));

        Assert.All(new[] { wrongSecret, missing, expired, tampered }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("YCloud-Signature", (await wrongSecret.ProblemAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        var messages = await MessagesEventuallyAsync(inbox, 1);
        Assert.Equal(["genuine"], messages.Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Meta_webhooks_are_checked_against_the_app_secret_over_the_raw_body()
    {
        var inbox = await world.MetaInboxAsync();
        var body = FakeMeta.InboundText(inbox.PhoneNumberId!, "wamid.meta-in-1", "5491155550002", "Martín", "¿Abren el sábado?", world.Clock.GetUtcNow());

        var wrong = await world.MetaWebhookAsync(inbox, body, FakeMeta.Sign(body, "another-app-secret"));
        var missing = await world.Webhooks.PostAsync($"/webhooks/meta/{inbox.Key}", new StringContent(body, Encoding.UTF8, "application/json"));
        var reformatted = await world.MetaWebhookAsync(inbox, JsonNode.Parse(body)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
            FakeMeta.Sign(body, inbox.Secret));
        var genuine = await world.MetaWebhookAsync(inbox, body);

        Assert.All(new[] { wrong, missing, reformatted }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        var message = (await MessagesEventuallyAsync(inbox, 1)).Single();
        Assert.Equal("¿Abren el sábado?", message.GetProperty("content").GetString());
        Assert.Equal("Martín", message.GetProperty("sender").GetProperty("name").GetString());
        Assert.Equal("+5491155550002", message.GetProperty("sender").GetProperty("phone_number").GetString());
    }

    [Fact]
    public async Task Meta_subscription_handshake_echoes_the_challenge_only_for_the_inboxs_verify_token()
    {
        var inbox = await world.MetaInboxAsync();

        var verified = await world.Webhooks.GetAsync($"/webhooks/meta/{inbox.Key}?hub.mode=subscribe&hub.verify_token={inbox.VerifyToken}&hub.challenge=1158201444");
        var wrongToken = await world.Webhooks.GetAsync($"/webhooks/meta/{inbox.Key}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
        var unknownInbox = await world.Webhooks.GetAsync($"/webhooks/meta/{world.AccountA}-{inbox.Id}-0000?hub.mode=subscribe&hub.verify_token={inbox.VerifyToken}&hub.challenge=1");

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("1158201444", await verified.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownInbox.StatusCode);
    }

    [Fact]
    public async Task The_same_event_delivered_five_times_is_one_message_in_Chat()
    {
        var inbox = await world.YCloudInboxAsync();
        var body = FakeYCloud.InboundText("yc-again", Customer, inbox.Phone, "Lucía", "Quiero reservar", world.Clock.GetUtcNow());

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await world.YCloudWebhookAsync(inbox, body)).StatusCode);
        }
        // A later message shows the queue has moved past every copy.
        await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("yc-after", Customer, inbox.Phone, "Lucía", "Gracias", world.Clock.GetUtcNow()));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        var messages = await MessagesEventuallyAsync(inbox, 2);
        Assert.Equal(["Quiero reservar", "Gracias"], messages.Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Three_quick_messages_go_to_Chat_together_in_order_once_the_contacts_window_closes()
    {
        var inbox = await world.YCloudInboxAsync(bufferSeconds: 2);
        string[] texts = ["Hola", "quería saber", "el precio del curso de tango"];

        var buffer = $"{world.Chat.Redis.KeyPrefix}whatsapp:buffer:{world.AccountA}:{inbox.Id}:{Customer}";
        for (var i = 0; i < texts.Length; i++)
        {
            if (i > 0)
            {
                world.Clock.Advance(TimeSpan.FromMilliseconds(900));
            }
            await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText($"yc-quick-{i}", Customer, inbox.Phone, "Lucía", texts[i], world.Clock.GetUtcNow()));
            await WhatsAppWorld.EventuallyAsync(() => world.Chat.Redis.Database.ListLengthAsync(buffer), n => n == i + 1, $"{i + 1} buffered messages");
        }
        var due = await world.Chat.Redis.Database.SortedSetScoreAsync($"{world.Chat.Redis.KeyPrefix}whatsapp:buffer-due", $"{world.AccountA}:{inbox.Id}:{Customer}");
        var beforeTheWindowCloses = await world.MessagesAsync(inbox);
        world.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(beforeTheWindowCloses);
        // Each message moved the deadline: two seconds after the last one, not after the first.
        Assert.Equal(world.Clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)due!.Value);
        var messages = await MessagesEventuallyAsync(inbox, 3);
        Assert.Equal(texts, messages.Select(m => m.GetProperty("content").GetString()));
        Assert.Single(messages.Select(m => m.GetProperty("conversation_id").GetInt32()).Distinct());
    }

    [Fact]
    public async Task A_voice_note_is_transcribed_and_arrives_with_its_audio()
    {
        var inbox = await world.YCloudInboxAsync();
        byte[] opus = [0x4F, 0x67, 0x67, 0x53, 0x00, 0x02, 0x01, 0x02, 0x03, 0x04];
        world.YCloud.AddMedia("voice-1", opus, "audio/ogg");
        world.Transcription.Transcript = "Hola, quería saber si hay lugar el jueves";

        await world.YCloudWebhookAsync(inbox, FakeYCloud.Inbound("yc-voice", Customer, inbox.Phone, "Lucía", "audio",
            new JsonObject { ["id"] = "voice-1", ["link"] = world.YCloud.MediaLink("voice-1"), ["mime_type"] = "audio/ogg; codecs=opus" },
            world.Clock.GetUtcNow()));

        var message = (await MessagesEventuallyAsync(inbox, 1)).Single();
        Assert.Equal("Hola, quería saber si hay lugar el jueves", message.GetProperty("content").GetString());
        Assert.Equal("audio", message.GetProperty("content_type").GetString());
        var attachment = message.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("audio", attachment.GetProperty("file_type").GetString());
        var request = Assert.Single(world.Transcription.Requests, r => r.Length == opus.Length);
        Assert.Equal("whisper-1", request.Model);
        Assert.Equal("es", request.Language);
    }

    [Fact]
    public async Task A_Meta_voice_note_is_looked_up_by_its_media_id_downloaded_with_the_token_and_transcribed()
    {
        var inbox = await world.MetaInboxAsync();
        byte[] opus = [0x4F, 0x67, 0x67, 0x53, 0x00, 0x02, 0x09, 0x08, 0x07];
        world.Meta.AddMedia("1049583125", opus, "audio/ogg; codecs=opus");
        world.Transcription.Transcript = "¿Me pasás la dirección?";

        await world.MetaWebhookAsync(inbox, FakeMeta.InboundMedia(inbox.PhoneNumberId!, "wamid.meta-voice", "5491155550003", "Martín", "audio",
            new JsonObject { ["id"] = "1049583125", ["mime_type"] = "audio/ogg; codecs=opus", ["voice"] = true }, world.Clock.GetUtcNow()));

        var message = (await MessagesEventuallyAsync(inbox, 1)).Single();
        Assert.Equal("¿Me pasás la dirección?", message.GetProperty("content").GetString());
        Assert.Equal("audio", message.GetProperty("attachments").EnumerateArray().Single().GetProperty("file_type").GetString());
        Assert.Contains(world.Transcription.Requests, r => r.Length == opus.Length && r.ContentType == "audio/ogg");
    }

    [Fact]
    public async Task An_image_arrives_as_an_attachment_with_its_caption()
    {
        var inbox = await world.YCloudInboxAsync();
        world.YCloud.AddMedia("image-1", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10], "image/jpeg");

        await world.YCloudWebhookAsync(inbox, FakeYCloud.Inbound("yc-image", Customer, inbox.Phone, "Lucía", "image",
            new JsonObject { ["id"] = "image-1", ["link"] = world.YCloud.MediaLink("image-1"), ["mime_type"] = "image/jpeg", ["caption"] = "¿Tienen estas zapatillas?" },
            world.Clock.GetUtcNow()));

        var message = (await MessagesEventuallyAsync(inbox, 1)).Single();
        Assert.Equal("¿Tienen estas zapatillas?", message.GetProperty("content").GetString());
        Assert.Equal("image", message.GetProperty("attachments").EnumerateArray().Single().GetProperty("file_type").GetString());
    }

    [Fact]
    public async Task A_message_type_the_channel_cannot_show_arrives_as_a_note_and_is_never_dropped()
    {
        var inbox = await world.YCloudInboxAsync();

        await world.YCloudWebhookAsync(inbox, FakeYCloud.Inbound("yc-location", Customer, inbox.Phone, "Lucía", "location",
            new JsonObject { ["latitude"] = -34.6, ["longitude"] = -58.4 }, world.Clock.GetUtcNow()));

        var message = (await MessagesEventuallyAsync(inbox, 1)).Single();
        Assert.Contains("'location'", message.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_an_oversize_body_a_413_and_an_unknown_inbox_a_404()
    {
        var inbox = await world.YCloudInboxAsync();
        const string broken = "{\"type\": \"whatsapp.inbound_message.received\", ";
        var huge = FakeYCloud.InboundText("yc-huge", Customer, inbox.Phone, "Lucía", new string('a', 1_100_000), world.Clock.GetUtcNow());

        var malformed = await world.YCloudWebhookAsync(inbox, broken);
        var oversize = await world.YCloudWebhookAsync(inbox, huge);
        var unknown = await world.Webhooks.PostAsync($"/webhooks/ycloud/{world.AccountA}-{inbox.Id}-nottheinboxtoken", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversize.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("inboxKey", (await unknown.ProblemAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Webhooks_received_rejected_by_reason_and_duplicate_messages_are_counted()
    {
        var inbox = await world.YCloudInboxAsync();
        var body = FakeYCloud.InboundText("yc-counted", Customer, inbox.Phone, "Lucía", "Hola", world.Clock.GetUtcNow());
        using var counted = new GatewayCounters(world.Gateway.Services.GetRequiredService<IMeterFactory>());

        await world.YCloudWebhookAsync(inbox, body);
        await world.YCloudWebhookAsync(inbox, body);
        await world.YCloudWebhookAsync(inbox, body, FakeYCloud.Sign(body, "whsec_wrong", world.Clock.GetUtcNow()));
        await world.YCloudWebhookAsync(inbox, "not json");

        Assert.Equal(2, counted.Sum("vh.whatsapp.webhooks.received"));
        Assert.Equal(1, counted.Sum("vh.whatsapp.messages.duplicate"));
        Assert.Equal(1, counted.Sum("vh.whatsapp.webhooks.rejected", ("reason", "signature")));
        Assert.Equal(1, counted.Sum("vh.whatsapp.webhooks.rejected", ("reason", "malformed")));
    }

    private Task<IReadOnlyList<JsonElement>> MessagesEventuallyAsync(TestInbox inbox, int count) =>
        WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count >= count, $"{count} messages in Chat");
}

/// <summary>The gateway's counters, as an OpenTelemetry exporter would read them, from one gateway's meters only.</summary>
internal sealed class GatewayCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public GatewayCounters(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "VersatileHub.WhatsApp" && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    public long Sum(string name, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Name == name && tags.All(t => m.Tags.Any(x => x.Key == t.Key && Equals(x.Value, t.Value)))).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
