using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.Tests.Fakes.Meta;
using VersatileHub.Tests.Fakes.YCloud;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.WhatsApp.Inbound;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>
/// Signed webhooks of any JSON shape: a body that is not an object is a 400, an element of the wrong kind anywhere inside
/// is ignored as the providers' own parsers ignore it, and nothing is ever a 500.
/// </summary>
public sealed class WebhookShapeTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    /// <summary>What stands where an object, an array or a text is expected.</summary>
    private static readonly string[] Oddities = ["null", "true", "false", "0", "-1.5e300", "\"x\"", "\"\"", "[]", "[null]", "[[]]", "{}", "{\"x\":[1]}"];

    [Fact]
    public async Task Meta_changes_that_are_not_objects_are_ignored_and_the_good_change_beside_them_still_arrives()
    {
        var inbox = await world.MetaInboxAsync();
        var good = JsonNode.Parse(FakeMeta.InboundText(inbox.PhoneNumberId!, "wamid.shape-good", "5491155554444", "Ana", "sigo acá", world.Clock.GetUtcNow()))!;
        var changes = good["entry"]![0]!["changes"]!.AsArray();
        foreach (var odd in Oddities)
        {
            changes.Insert(0, JsonNode.Parse(odd));
        }
        var entries = good["entry"]!.AsArray();
        foreach (var odd in Oddities)
        {
            entries.Add(JsonNode.Parse(odd));
            entries.Add(new JsonObject { ["changes"] = JsonNode.Parse(odd) });
        }

        var answers = new List<HttpStatusCode>();
        foreach (var odd in Oddities)
        {
            answers.Add((await world.MetaWebhookAsync(inbox, $$"""{"object":"whatsapp_business_account","entry":[{"id":"waba-1","changes":{{odd}}}]}""")).StatusCode);
            answers.Add((await world.MetaWebhookAsync(inbox, $$"""{"object":"whatsapp_business_account","entry":[{"id":"waba-1","changes":[{{odd}}]}]}""")).StatusCode);
            answers.Add((await world.MetaWebhookAsync(inbox, "{\"entry\":[{\"changes\":[{\"value\":{\"messages\":[" + odd + "],\"statuses\":" + odd + ",\"contacts\":[" + odd + "]}}]}]}")).StatusCode);
        }
        var mixed = await world.MetaWebhookAsync(inbox, good.ToJsonString());

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.OK, mixed.StatusCode);
        var messages = await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count >= 1, "the good message in Chat");
        Assert.Equal(["sigo acá"], messages.Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task A_body_that_is_not_a_JSON_object_is_a_400_naming_the_body_for_either_provider()
    {
        var ycloud = await world.YCloudInboxAsync();
        var meta = await world.MetaInboxAsync();

        foreach (var odd in Oddities.Where(o => !o.StartsWith('{')))
        {
            var fromYCloud = await world.YCloudWebhookAsync(ycloud, odd);
            var fromMeta = await world.MetaWebhookAsync(meta, odd);

            Assert.Equal(HttpStatusCode.BadRequest, fromYCloud.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, fromMeta.StatusCode);
            Assert.Equal("body", (await fromMeta.ProblemAsync()).GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task YCloud_fields_of_the_wrong_type_are_ignored_and_the_next_good_message_arrives()
    {
        var inbox = await world.YCloudInboxAsync();
        const string Customer = "+5491155554545";
        var answers = new List<HttpStatusCode>();
        foreach (var odd in Oddities)
        {
            foreach (var field in new[] { "type", "whatsappInboundMessage", "whatsappMessage" })
            {
                var body = JsonNode.Parse(FakeYCloud.InboundText($"odd-{field}-{answers.Count}", Customer, inbox.Phone, "Ana", "raro", world.Clock.GetUtcNow()))!;
                body[field] = JsonNode.Parse(odd);
                answers.Add((await world.YCloudWebhookAsync(inbox, body.ToJsonString())).StatusCode);
            }
            foreach (var field in new[] { "wamid", "id", "from", "customerProfile", "type", "text", "sendTime" })
            {
                var body = JsonNode.Parse(FakeYCloud.InboundText($"odd-in-{field}-{answers.Count}", Customer, inbox.Phone, "Ana", "raro", world.Clock.GetUtcNow()))!;
                body["whatsappInboundMessage"]![field] = JsonNode.Parse(odd);
                if (field == "id")
                {
                    body["whatsappInboundMessage"]!.AsObject().Remove("wamid");
                }
                answers.Add((await world.YCloudWebhookAsync(inbox, body.ToJsonString())).StatusCode);
            }
        }
        var good = await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("odd-good", Customer, inbox.Phone, "Ana", "esto sí", world.Clock.GetUtcNow()));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var messages = await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox),
            ms => ms.Any(m => m.GetProperty("content").GetString() == "esto sí"), "the good message in Chat");
        // A message whose text is of the wrong kind still arrives, as a note, rather than being dropped.
        Assert.DoesNotContain(messages, m => string.IsNullOrEmpty(m.GetProperty("content").GetString()));
    }

    [Fact]
    public void Randomly_shaped_payloads_are_read_or_refused_as_malformed_never_anything_else()
    {
        var random = new Random(20310302);
        for (var i = 0; i < 3_000; i++)
        {
            var meta = Shape(random, depth: 0, Meta);
            var ycloud = Shape(random, depth: 0, YCloud);

            var readMeta = Read(() => ProviderPayloads.ReadMeta(Parse(meta)));
            var readYCloud = Read(() => ProviderPayloads.ReadYCloud(Parse(ycloud)));

            Assert.True(readMeta, meta);
            Assert.True(readYCloud, ycloud);
        }
    }

    [Fact]
    public void A_Meta_timestamp_beyond_the_calendar_is_no_send_time_rather_than_a_failure()
    {
        const string Body = """
            {"entry":[{"changes":[{"value":{"messages":[{"from":"5491155550000","id":"wamid.far","timestamp":"99999999999999","type":"text","text":{"body":"hola"}}]}}]}]}
            """;

        var message = Assert.Single(ProviderPayloads.ReadMeta(Parse(Body)).Messages);

        Assert.Null(message.SentAt);
        Assert.Equal("hola", message.Text);
    }

    private static readonly string[] Meta = ["object", "entry", "changes", "value", "field", "messages", "statuses", "contacts", "profile", "name",
        "wa_id", "from", "id", "timestamp", "type", "text", "body", "image", "audio", "voice", "mime_type", "caption", "status", "errors", "code", "message", "title"];

    private static readonly string[] YCloud = ["type", "whatsapp.inbound_message.received", "whatsapp.message.updated", "whatsappInboundMessage",
        "whatsappMessage", "wamid", "id", "from", "customerProfile", "name", "sendTime", "text", "body", "image", "audio", "link", "status", "errorCode", "errorMessage"];

    /// <summary>JSON built from the provider's own words, so the reader goes deep before it meets the wrong kind.</summary>
    private static string Shape(Random random, int depth, string[] words)
    {
        var pick = depth == 0 ? 0 : random.Next(depth > 6 ? 2 : 0, 9);
        return pick switch
        {
            0 or 1 when depth <= 6 => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 5))
                .Select(_ => $"{JsonSerializer.Serialize(words[random.Next(words.Length)])}:{Shape(random, depth + 1, words)}")) + "}",
            2 or 3 when depth <= 6 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Shape(random, depth + 1, words))) + "]",
            4 => JsonSerializer.Serialize(words[random.Next(words.Length)]),
            5 => JsonSerializer.Serialize(random.Next(3) == 0 ? "+5491155550000" : random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            6 => random.Next(2) == 0 ? "true" : "null",
            7 => random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => "\"\"",
        };
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>True when the payload was read or refused as malformed (the gateway's 400); any other exception is a 500.</summary>
    private static bool Read(Func<WebhookContents> read)
    {
        try
        {
            read();
            return true;
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
