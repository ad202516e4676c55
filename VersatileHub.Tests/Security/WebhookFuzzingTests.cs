using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using VersatileHub.Tests.Fakes.Meta;
using VersatileHub.Tests.Fakes.YCloud;
using VersatileHub.Tests.WhatsApp;

namespace VersatileHub.Tests.Security;

/// <summary>
/// The public webhooks under attack: 10,000 random and mutated payloads and signatures, from a fixed seed so a failure
/// replays. Nothing forged gets in or changes anything; nothing at all gets a 500; the gateway still works afterwards.
/// </summary>
public sealed class WebhookFuzzingTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    private const int Forgeries = 7_000;
    private const int SignedMutations = 3_000;

    [Fact]
    public async Task Forged_webhooks_are_refused_and_change_nothing()
    {
        var ycloud = await world.YCloudInboxAsync();
        var meta = await world.MetaInboxAsync();
        var random = new Random(20261123);
        var stateBefore = await GatewayStateAsync();
        var answers = new Dictionary<HttpStatusCode, int>();

        for (var i = 0; i < Forgeries; i++)
        {
            var yours = (i % 2) == 0;
            var body = ForgedBody(random, yours ? () => ValidYCloudBody(ycloud, random) : () => ValidMetaBody(meta, random));
            using var response = yours
                ? await world.YCloudWebhookAsync(ycloud, body, ForgedYCloudSignature(random, ycloud, body))
                : await world.MetaWebhookAsync(meta, body, ForgedMetaSignature(random, meta, body));
            answers[response.StatusCode] = answers.GetValueOrDefault(response.StatusCode) + 1;
        }

        Assert.Equal([HttpStatusCode.Unauthorized], answers.Keys);
        // Nothing queued, remembered, buffered or parked: the gateway's keys in Redis are the same, and so is its queue.
        Assert.Equal(stateBefore, await GatewayStateAsync());
        Assert.Empty(await world.MessagesAsync(ycloud));
        Assert.Empty(await world.MessagesAsync(meta));
    }

    [Fact]
    public async Task Signed_but_mangled_payloads_never_get_a_server_error_and_the_gateway_keeps_working()
    {
        var ycloud = await world.YCloudInboxAsync();
        var meta = await world.MetaInboxAsync();
        var random = new Random(11232026);
        var serverErrors = new List<string>();

        // One message mangled many ways: the mangles that stay valid are the same message, so the queue stays short.
        var ycloudMessage = FakeYCloud.InboundText("fuzz-base", "+5491170000002", ycloud.Phone, "Fuzz", "hola", world.Clock.GetUtcNow());
        var metaMessage = FakeMeta.InboundText(meta.PhoneNumberId!, "wamid.fuzzbase", "5491170000003", "Fuzz", "hola", world.Clock.GetUtcNow());
        for (var i = 0; i < SignedMutations; i++)
        {
            var yours = (i % 2) == 0;
            var body = Mangle(random, yours ? ycloudMessage : metaMessage);
            using var response = yours ? await world.YCloudWebhookAsync(ycloud, body) : await world.MetaWebhookAsync(meta, body);
            if ((int)response.StatusCode >= 500 && serverErrors.Count < 10)
            {
                serverErrors.Add($"{(int)response.StatusCode} for {Excerpt(body)}");
            }
        }

        Assert.True(serverErrors.Count == 0, $"Server errors:\n  {string.Join("\n  ", serverErrors)}");
        var now = world.Clock.GetUtcNow();
        using var fromYCloud = await world.YCloudWebhookAsync(ycloud,
            FakeYCloud.InboundText("after-the-storm", "+5491170000001", ycloud.Phone, "Ana", "¿Siguen abiertos?", now));
        using var fromMeta = await world.MetaWebhookAsync(meta,
            FakeMeta.InboundText(meta.PhoneNumberId!, "wamid.after-the-storm", "5491170000004", "Bruno", "¿Hay turno mañana?", now));
        Assert.Equal(HttpStatusCode.OK, fromYCloud.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromMeta.StatusCode);
        // Other contacts' mangles that Chat refuses (a NUL in the id, which PostgreSQL cannot store) hold up no one else.
        await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(ycloud), ms => ms.Any(m => Content(m) == "¿Siguen abiertos?"),
            "the YCloud message sent after the storm in Chat");
        await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(meta), ms => ms.Any(m => Content(m) == "¿Hay turno mañana?"),
            "the Meta message sent after the storm in Chat");

        // The payloads Chat refuses are parked with Chat's answer and the contacts' later messages go on: no buffer is left
        // (the clock moves on meanwhile, for any turn that waits to be tried again).
        await WhatsAppWorld.EventuallyAsync(() => BuffersLeftAsync(ycloud, meta), left => left == 0, "every buffer of the storm handed over",
            meanwhile: () => { world.Clock.Advance(TimeSpan.FromSeconds(1)); return Task.CompletedTask; });
        var parked = await ParkedAsync(ycloud, meta);
        Assert.Contains(parked, p => p.Reason == "refused" && p.Error.Contains("400", StringComparison.Ordinal) && p.Inbox == ycloud.Id);
        Assert.Contains(parked, p => p.Reason == "refused" && p.Error.Contains("400", StringComparison.Ordinal) && p.Inbox == meta.Id);
        Assert.All(parked, p => Assert.False(string.IsNullOrWhiteSpace(p.Error)));
        // Every message the gateway accepted is in Chat or parked, none lost, none twice.
        var accepted = await AcceptedMessagesAsync(ycloud) + await AcceptedMessagesAsync(meta);
        var inChat = (await world.MessagesAsync(ycloud)).Concat(await world.MessagesAsync(meta)).Count(m => m.GetProperty("message_type").GetInt32() == 0);
        Assert.Equal(accepted, inChat + parked.Count);
    }

    private static string? Content(JsonElement message) =>
        message.GetProperty("content").ValueKind == JsonValueKind.String ? message.GetProperty("content").GetString() : null;

    private IDatabase Redis => world.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    private string Prefix => $"{world.Chat.Redis.KeyPrefix}whatsapp:";

    /// <summary>The gateway's keys in Redis and the length of its queue.</summary>
    private async Task<string> GatewayStateAsync()
    {
        var server = world.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetServers()[0];
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
        {
            keys.Add(key.ToString());
        }
        keys.Sort(StringComparer.Ordinal);
        return $"queue: {await Redis.StreamLengthAsync(Prefix + "inbound")}\n{string.Join('\n', keys)}";
    }

    /// <summary>Contacts of the two inboxes whose messages are still waiting in the gateway.</summary>
    private async Task<int> BuffersLeftAsync(TestInbox ycloud, TestInbox meta)
    {
        var server = world.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetServers()[0];
        var left = 0;
        foreach (var inbox in new[] { ycloud, meta })
        {
            await foreach (var _ in server.KeysAsync(pattern: $"{Prefix}buffer:{world.AccountA}:{inbox.Id}:*"))
            {
                left++;
            }
        }
        return left;
    }

    /// <summary>Messages of the inbox the gateway accepted: each provider id it remembers, to drop the provider's redeliveries.</summary>
    private async Task<int> AcceptedMessagesAsync(TestInbox inbox)
    {
        var server = world.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetServers()[0];
        var accepted = 0;
        await foreach (var _ in server.KeysAsync(pattern: $"{Prefix}seen:{world.AccountA}:{inbox.Id}:*"))
        {
            accepted++;
        }
        return accepted;
    }

    private sealed record Parked(int Inbox, string Reason, string Error);

    /// <summary>The parked messages of the two inboxes, each with why and Chat's error.</summary>
    private async Task<IReadOnlyList<Parked>> ParkedAsync(params TestInbox[] inboxes)
    {
        var parked = new List<Parked>();
        foreach (var entry in await Redis.StreamRangeAsync(Prefix + "parked"))
        {
            using var item = JsonDocument.Parse(entry["item"].ToString());
            var inbox = item.RootElement.GetProperty("inbox").GetInt32();
            if (entry["kind"] == "message" && inboxes.Any(i => i.Id == inbox))
            {
                parked.Add(new Parked(inbox, entry["reason"].ToString(), entry["error"].ToString()));
            }
        }
        return parked;
    }

    private string ValidYCloudBody(TestInbox inbox, Random random) =>
        FakeYCloud.InboundText($"fuzz-{random.Next():x}", Phone(random), inbox.Phone, "Fuzz", Words(random), world.Clock.GetUtcNow());

    private string ValidMetaBody(TestInbox inbox, Random random) =>
        FakeMeta.InboundText(inbox.PhoneNumberId!, $"wamid.fuzz{random.Next():x}", Phone(random)[1..], "Fuzz", Words(random), world.Clock.GetUtcNow());

    /// <summary>A body a forger would send: a real-looking payload, random bytes, or nothing.</summary>
    private static string ForgedBody(Random random, Func<string> valid) => random.Next(4) switch
    {
        0 => RandomText(random, random.Next(0, 2_000)),
        1 => "",
        _ => valid(),
    };

    /// <summary>
    /// A <c>YCloud-Signature</c> for <paramref name="body"/> that is not the inbox's: another secret, the right one but too
    /// old (a replay), another body's, a flipped digit, cut short, or a broken shape.
    /// </summary>
    private string ForgedYCloudSignature(Random random, TestInbox inbox, string body)
    {
        var now = world.Clock.GetUtcNow();
        var genuine = FakeYCloud.Sign(body, inbox.Secret, now);
        return random.Next(8) switch
        {
            0 => FakeYCloud.Sign(body, "whsec_not-the-inbox-secret", now),
            1 => FakeYCloud.Sign(body, inbox.Secret, now.AddSeconds(-301 - random.Next(100_000))),
            2 => FakeYCloud.Sign(body + " ", inbox.Secret, now),
            3 => FlipOneHexDigit(random, genuine),
            4 => genuine[..random.Next(genuine.Length)],
            5 => $"t={now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}",
            6 => PrintableGarbage(random),
            _ => $"t=abc,s={new string('0', 64)}",
        };
    }

    /// <summary>An <c>X-Hub-Signature-256</c> for <paramref name="body"/> that is not the app secret's.</summary>
    private static string ForgedMetaSignature(Random random, TestInbox inbox, string body)
    {
        var genuine = FakeMeta.Sign(body, inbox.Secret);
        return random.Next(7) switch
        {
            0 => FakeMeta.Sign(body, "not-the-app-secret"),
            1 => FakeMeta.Sign(body + " ", inbox.Secret),
            2 => "sha1=" + genuine["sha256=".Length..][..40],
            3 => FlipOneHexDigit(random, genuine),
            4 => genuine[..random.Next(genuine.Length)],
            5 => PrintableGarbage(random),
            _ => genuine["sha256=".Length..],
        };
    }

    /// <summary>A signed payload bent out of shape: bytes flipped, cut short, or a value swapped for one of another kind.</summary>
    private static string Mangle(Random random, string valid)
    {
        switch (random.Next(4))
        {
            case 0:
                var chars = valid.ToCharArray();
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                {
                    chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
                }
                return new string(chars);
            case 1:
                return valid[..random.Next(valid.Length)];
            default:
                var root = JsonNode.Parse(valid)!;
                var values = Descendants(root).ToList();
                var target = values[random.Next(values.Count)];
                Replace(random, target, Odd(random));
                return root.ToJsonString();
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static void Replace(Random random, JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (replacement is null && random.Next(2) == 0)
                {
                    parent.Remove(name);
                }
                else
                {
                    parent[name] = replacement;
                }
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
        }
    }

    /// <summary>A value of the wrong kind: null, a number, a huge or hostile string, a deep array, an empty object.</summary>
    private static JsonNode? Odd(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.NextDouble() * double.MaxValue),
        2 => JsonValue.Create(new string('x', random.Next(10_000, 60_000))),
        3 => JsonValue.Create("'; DROP TABLE messages; -- \u0000 \ud83d\ude00 <script>"),
        4 => Deep(random.Next(10, 60)),
        5 => new JsonObject(),
        _ => JsonValue.Create(random.Next(2) == 0),
    };

    private static JsonNode Deep(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }
        return node;
    }

    private static string FlipOneHexDigit(Random random, string signature)
    {
        var chars = signature.ToCharArray();
        var hexAt = Enumerable.Range(0, chars.Length).Where(i => Uri.IsHexDigit(chars[i]) && i > signature.LastIndexOf('=')).ToList();
        if (hexAt.Count == 0)
        {
            return signature + "0";
        }
        var at = hexAt[random.Next(hexAt.Count)];
        chars[at] = chars[at] == '0' ? '1' : '0';
        return new string(chars);
    }

    private static string RandomText(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>What a header can carry (visible ASCII), in no particular order.</summary>
    private static string PrintableGarbage(Random random) =>
        new(Enumerable.Range(0, random.Next(0, 200)).Select(_ => (char)random.Next(33, 127)).ToArray());

    private static string Phone(Random random) => "+549" + random.NextInt64(1_100_000_000, 1_199_999_999).ToString(CultureInfo.InvariantCulture);

    private static string Words(Random random) => string.Join(' ', Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(3) switch
    {
        0 => "hola",
        1 => "¿precio?",
        _ => "turno",
    }));

    private static string Excerpt(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
