using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>The channel API a gateway posts to: incoming messages, delivery reports and the inbox's provider settings.</summary>
public sealed class ChannelIngestTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    [Fact]
    public async Task The_same_provider_message_posted_five_times_is_one_message_with_the_same_answer()
    {
        var inbox = await world.InboxAsync();

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await world.IngestAsync(inbox, "5491155550001", "wamid.same-1", "Hola, ¿tienen zapatillas de punta?")).GetRawText());
        }

        Assert.Single(answers.Distinct());
        var answer = JsonDocument.Parse(answers[0]).RootElement;
        var messages = await world.A.GetFromJsonAsync<JsonElement>(
            world.Account(world.AccountA, $"/conversations/{answer.GetProperty("conversation_id").GetInt32()}/messages"));
        var incoming = messages.GetProperty("payload").EnumerateArray().Where(m => m.GetProperty("source_id").GetString() == "wamid.same-1").ToList();
        Assert.Single(incoming);
        Assert.Equal(0, incoming[0].GetProperty("message_type").GetInt32());
        Assert.Equal("contact", incoming[0].GetProperty("sender").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_message_with_a_NUL_character_is_refused_with_400_and_stores_nothing()
    {
        var inbox = await world.InboxAsync();

        var response = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages", new
        {
            contact = new { source_id = "5491155550077", name = "Nulidad" },
            source_id = "wamid.nul\u0000-1",
            content = "Hola\u0000",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var contacts = await world.A.GetFromJsonAsync<JsonElement>(world.Account(world.AccountA, "/contacts/search?q=Nulidad"));
        Assert.Empty(contacts.GetProperty("payload").EnumerateArray());
    }

    [Fact]
    public async Task Concurrent_posts_of_one_provider_message_store_it_once()
    {
        var inbox = await world.InboxAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => world.IngestAsync(inbox, "5491155550002", "wamid.race-1", "¿Abren el sábado?")));

        Assert.Single(answers.Select(a => a.GetRawText()).Distinct());
    }

    [Fact]
    public async Task Concurrent_messages_of_a_new_contact_land_in_one_conversation()
    {
        var inbox = await world.InboxAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => world.IngestAsync(inbox, "5491155550009", $"wamid.burst-{i}", $"Mensaje {i}")));

        Assert.Single(answers.Select(a => a.GetProperty("conversation_id").GetInt32()).Distinct());
        Assert.Single(answers.Select(a => a.GetProperty("contact_id").GetInt32()).Distinct());
        Assert.Equal(5, answers.Select(a => a.GetProperty("id").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task A_first_message_creates_contact_conversation_and_message_and_publishes_their_events()
    {
        var inbox = await world.InboxAsync("whatsapp");

        var answer = await world.IngestAsync(inbox, "5491155550003", "wamid.first-3", "Quiero reservar un turno", "Marta", "+5491155550003");

        var conversation = await world.A.GetFromJsonAsync<JsonElement>(
            world.Account(world.AccountA, $"/conversations/{answer.GetProperty("conversation_id").GetInt32()}"));
        Assert.Equal("open", conversation.GetProperty("status").GetString());
        Assert.Equal("Channel::Whatsapp", conversation.GetProperty("meta").GetProperty("channel").GetString());
        Assert.Equal("Marta", conversation.GetProperty("meta").GetProperty("sender").GetProperty("name").GetString());
        var events = (await world.EventsAsync(world.AccountA)).Where(e => e.Subject == conversation.GetProperty("id").GetInt32().ToString() || e.Type.StartsWith("contact.", StringComparison.Ordinal)).ToList();
        var created = events.Single(e => e.Type == "message.created" && e.Data.GetProperty("sourceId").GetString() == "wamid.first-3");
        Assert.Equal("whatsapp", created.Data.GetProperty("channelType").GetString());
        Assert.Equal("5491155550003", created.Data.GetProperty("contactSourceId").GetString());
        Assert.Equal("incoming", created.Data.GetProperty("messageType").GetString());
        Assert.Equal("contact", created.Data.GetProperty("senderType").GetString());
        Assert.True(created.Data.GetProperty("botEnabled").GetBoolean());
        Assert.Contains(events, e => e.Type == "conversation.created");
        Assert.Contains(events, e => e.Type == "contact.created" && e.Data.GetProperty("phoneNumber").GetString() == "+5491155550003");
    }

    [Fact]
    public async Task A_resolved_conversation_stays_closed_and_the_next_message_starts_a_new_one()
    {
        var inbox = await world.InboxAsync();
        var first = await world.IngestAsync(inbox, "contact-resolved", "p-1", "Gracias, era eso");
        var firstId = first.GetProperty("conversation_id").GetInt32();
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, $"/conversations/{firstId}/toggle_status"), new { status = "resolved" })).EnsureSuccessStatusCode();

        var second = await world.IngestAsync(inbox, "contact-resolved", "p-2", "Una pregunta más");

        Assert.NotEqual(firstId, second.GetProperty("conversation_id").GetInt32());
        Assert.Equal(first.GetProperty("contact_id").GetInt32(), second.GetProperty("contact_id").GetInt32());
        var old = await world.A.GetFromJsonAsync<JsonElement>(world.Account(world.AccountA, $"/conversations/{firstId}"));
        Assert.Equal("resolved", old.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_snoozed_conversation_reopens_when_the_contact_writes()
    {
        var inbox = await world.InboxAsync();
        var first = await world.IngestAsync(inbox, "contact-snoozed", "s-1", "Lo pienso y te aviso");
        var id = first.GetProperty("conversation_id").GetInt32();
        var until = world.Clock.GetUtcNow().AddDays(2).ToUnixTimeSeconds();
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, $"/conversations/{id}/toggle_status"), new { status = "snoozed", snoozed_until = until })).EnsureSuccessStatusCode();

        var second = await world.IngestAsync(inbox, "contact-snoozed", "s-2", "Ya lo decidí");

        Assert.Equal(id, second.GetProperty("conversation_id").GetInt32());
        var conversation = await world.A.GetFromJsonAsync<JsonElement>(world.Account(world.AccountA, $"/conversations/{id}"));
        Assert.Equal("open", conversation.GetProperty("status").GetString());
        Assert.Contains(await world.EventsAsync(world.AccountA), e => e.Type == "conversation.status_changed"
            && e.Data.GetProperty("previousStatus").GetString() == "snoozed" && e.Subject == conversation.GetProperty("id").ToString());
    }

    [Fact]
    public async Task Delivery_reports_move_forward_only_and_a_failure_keeps_its_error()
    {
        var inbox = await world.InboxAsync();
        var ingested = await world.IngestAsync(inbox, "contact-delivery", "d-in", "Hola");
        var status = $"/api/channel/inboxes/{inbox}/messages/d-in/status";

        var read = await (await world.Gateway.PostAsJsonAsync(status, new { status = "read" })).ReadAsync<JsonElement>();
        var lateDelivered = await (await world.Gateway.PostAsJsonAsync(status, new { status = "delivered" })).ReadAsync<JsonElement>();

        Assert.Equal("read", read.GetProperty("status").GetString());
        Assert.Equal("read", lateDelivered.GetProperty("status").GetString());
        Assert.Equal(ingested.GetProperty("id").GetInt64(), read.GetProperty("id").GetInt64());
        Assert.Single(await world.EventsAsync(world.AccountA), e => e.Type == "message.updated" && e.Data.GetProperty("sourceId").GetString() == "d-in");

        await world.IngestAsync(inbox, "contact-delivery", "d-fail", "Otro");
        var failed = await (await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages/d-fail/status",
            new { status = "failed", error = "131047: re-engagement window closed" })).ReadAsync<JsonElement>();
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("131047: re-engagement window closed", failed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_outgoing_message_takes_the_providers_id_on_its_first_report_and_later_reports_find_it()
    {
        var inbox = await world.InboxAsync();
        var conversation = (await world.IngestAsync(inbox, "contact-outgoing", "o-in", "Hola")).GetProperty("conversation_id").GetInt32();
        var reply = await (await world.A.PostAsJsonAsync(world.Account(world.AccountA, $"/conversations/{conversation}/messages"),
            new { content = "¡Hola! ¿En qué te ayudo?" })).ReadAsync<JsonElement>();
        var messageId = reply.GetProperty("id").GetInt64();

        var sent = await (await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages/wamid.out-1/status",
            new { status = "sent", message_id = messageId })).ReadAsync<JsonElement>();
        var delivered = await (await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages/wamid.out-1/status",
            new { status = "delivered" })).ReadAsync<JsonElement>();
        var renamed = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages/wamid.other/status",
            new { status = "sent", message_id = messageId });

        Assert.Equal(messageId, sent.GetProperty("id").GetInt64());
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, renamed.StatusCode);
        var messages = await world.A.GetFromJsonAsync<JsonElement>(world.Account(world.AccountA, $"/conversations/{conversation}/messages"));
        var stored = messages.GetProperty("payload").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == messageId);
        Assert.Equal("wamid.out-1", stored.GetProperty("source_id").GetString());
        Assert.Equal("delivered", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_ingest_input_is_a_400_naming_the_field_and_an_unknown_inbox_or_message_a_404()
    {
        var inbox = await world.InboxAsync();

        var noSource = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages", new { contact = new { source_id = "x" }, content = "Hola" });
        var noContact = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages", new { source_id = "bad-1", content = "Hola" });
        var badType = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages",
            new { contact = new { source_id = "x" }, source_id = "bad-2", content = "Hola", content_type = "cards" });
        var unknownInbox = await world.Gateway.PostAsJsonAsync("/api/channel/inboxes/999999/messages", new { contact = new { source_id = "x" }, source_id = "bad-3", content = "Hola" });
        var unknownMessage = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages/never-sent/status", new { status = "read" });
        var badPhone = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages",
            new { contact = new { source_id = "x", phone_number = "1155550000" }, source_id = "bad-4", content = "Hola" });
        var badStatus = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages/never-sent/status", new { status = "seen" });

        Assert.True((await noSource.ProblemAsync()).GetProperty("errors").TryGetProperty("source_id", out _));
        Assert.True((await noContact.ProblemAsync()).GetProperty("errors").TryGetProperty("contact.source_id", out _));
        Assert.True((await badType.ProblemAsync()).GetProperty("errors").TryGetProperty("content_type", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknownInbox.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownMessage.StatusCode);
        Assert.True((await badPhone.ProblemAsync()).GetProperty("errors").TryGetProperty("contact.phone_number", out _));
        Assert.True((await badStatus.ProblemAsync()).GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task An_oversize_attachment_is_a_413_naming_the_limit_and_stores_nothing()
    {
        var inbox = await world.InboxAsync();
        var big = Convert.ToBase64String(new byte[70_000]);
        var contactsBefore = (await world.A.GetFromJsonAsync<JsonElement>(world.Account(world.AccountA, "/contacts"))).GetProperty("meta").GetProperty("count").GetInt32();

        var response = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages", new
        {
            contact = new { source_id = "contact-big" }, source_id = "big-1",
            attachments = new[] { new { file_name = "video.mp4", mime_type = "video/mp4", data = big } },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(65536, (await response.ProblemAsync()).GetProperty("limit_bytes").GetInt64());
        var contactsAfter = (await world.A.GetFromJsonAsync<JsonElement>(world.Account(world.AccountA, "/contacts"))).GetProperty("meta").GetProperty("count").GetInt32();
        Assert.Equal(contactsBefore, contactsAfter);
    }

    [Fact]
    public async Task Channel_settings_are_decrypted_for_a_gateway_and_never_shown_to_the_staff()
    {
        var inbox = await world.InboxAsync("whatsapp");

        var settings = await world.Gateway.GetFromJsonAsync<JsonElement>($"/api/channel/inboxes/{inbox}/settings");
        var asAdmin = await world.A.GetAsync($"/api/channel/inboxes/{inbox}/settings");
        var inboxes = await world.A.GetStringAsync(world.Account(world.AccountA, "/inboxes"));

        Assert.Equal("secret-key", settings.GetProperty("provider_config").GetProperty("api_key").GetString());
        Assert.Equal("+5491100000000", settings.GetProperty("phone_number").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.DoesNotContain("secret-key", inboxes, StringComparison.Ordinal);
    }
}
