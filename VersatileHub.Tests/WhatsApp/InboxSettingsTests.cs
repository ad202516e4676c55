using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Fakes.YCloud;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.WhatsApp;

/// <summary>How the gateway finds an inbox from its webhook URL, and how soon it sees the inbox's changed credentials.</summary>
public sealed class InboxSettingsTests(WhatsAppWorld world) : IClassFixture<WhatsAppWorld>
{
    [Fact]
    public async Task A_WhatsApp_inbox_has_a_webhook_key_naming_its_account_and_other_channels_have_none()
    {
        var whatsapp = await world.YCloudInboxAsync();
        var api = await (await world.A.PostAsJsonAsync(world.Account("/inboxes"),
            new { name = "API", channel = new { type = "api", webhook_url = "https://hooks.example/chat" } })).ReadAsync<JsonElement>();

        var inboxes = (await world.A.GetFromJsonAsync<JsonElement>(world.Account("/inboxes"))).GetProperty("payload").EnumerateArray().ToList();

        Assert.Matches($"^{world.AccountA}-{whatsapp.Id}-[0-9a-f]{{32}}$", whatsapp.Key);
        Assert.Equal(whatsapp.Key, inboxes.Single(i => i.GetProperty("id").GetInt32() == whatsapp.Id).GetProperty("webhook_key").GetString());
        Assert.Equal(JsonValueKind.Null, api.GetProperty("webhook_key").ValueKind);
    }

    [Fact]
    public async Task A_rotated_webhook_secret_takes_effect_once_the_gateways_cached_settings_expire()
    {
        var inbox = await world.YCloudInboxAsync();
        const string Customer = "+5491155558888";
        var first = await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("rot-1", Customer, inbox.Phone, "Lucía", "uno", world.Clock.GetUtcNow()));
        var rotated = $"whsec_{Guid.NewGuid():N}";

        var update = await world.A.PatchAsJsonAsync(world.Account($"/inboxes/{inbox.Id}"),
            new { channel = new { provider_config = new { api_key = FakeYCloud.ApiKey, webhook_secret = rotated, buffer_seconds = 0 } } });
        var newSecretWhileCached = await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("rot-2", Customer, inbox.Phone, "Lucía", "dos", world.Clock.GetUtcNow()),
            FakeYCloud.Sign(FakeYCloud.InboundText("rot-2", Customer, inbox.Phone, "Lucía", "dos", world.Clock.GetUtcNow()), rotated, world.Clock.GetUtcNow()));
        world.Clock.Advance(TimeSpan.FromSeconds(61));
        var now = world.Clock.GetUtcNow();
        var three = FakeYCloud.InboundText("rot-3", Customer, inbox.Phone, "Lucía", "tres", now);
        var oldSecret = await world.YCloudWebhookAsync(inbox, three);
        var newSecret = await world.YCloudWebhookAsync(inbox, three, FakeYCloud.Sign(three, rotated, now));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newSecretWhileCached.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSecret.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newSecret.StatusCode);
        var messages = await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count == 2, "two messages in Chat");
        Assert.Equal(["uno", "tres"], messages.Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task An_inbox_update_with_a_provider_config_that_is_not_an_object_is_a_400_naming_it_and_an_unknown_inbox_a_404()
    {
        var inbox = await world.YCloudInboxAsync();

        var notAnObject = await world.A.PatchAsJsonAsync(world.Account($"/inboxes/{inbox.Id}"), new { channel = new { provider_config = "whsec_x" } });
        var unknown = await world.A.PatchAsJsonAsync(world.Account("/inboxes/999999"), new { enable_auto_assignment = false });

        Assert.True((await notAnObject.ProblemAsync()).GetProperty("errors").TryGetProperty("channel.provider_config", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_file_Chat_refuses_arrives_as_a_note_instead_of_blocking_the_contacts_turn()
    {
        var inbox = await world.YCloudInboxAsync();
        const string Customer = "+5491155559999";
        world.YCloud.AddMedia("too-big", new byte[70_000], "image/jpeg");

        await world.YCloudWebhookAsync(inbox, FakeYCloud.Inbound("big-1", Customer, inbox.Phone, "Lucía", "image",
            new System.Text.Json.Nodes.JsonObject { ["id"] = "too-big", ["link"] = world.YCloud.MediaLink("too-big"), ["mime_type"] = "image/jpeg", ["caption"] = "Mirá" },
            world.Clock.GetUtcNow()));
        await world.YCloudWebhookAsync(inbox, FakeYCloud.InboundText("big-2", Customer, inbox.Phone, "Lucía", "¿Lo tienen?", world.Clock.GetUtcNow()));

        var messages = await WhatsAppWorld.EventuallyAsync(() => world.MessagesAsync(inbox), ms => ms.Count == 2, "both messages in Chat");
        Assert.StartsWith("Mirá\n[El archivo no se pudo guardar.", messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, messages[0].GetProperty("attachments").ValueKind);
        Assert.Equal("¿Lo tienen?", messages[1].GetProperty("content").GetString());
    }
}
