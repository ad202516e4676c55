using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>Chatwoot's Application API: the same routes, fields and shapes its clients (n8n, Evolution API, scripts) use.</summary>
public sealed class ConversationsApiTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private string Path(string path) => world.Account(world.AccountA, path);

    private async Task<(int Inbox, int Contact, string SourceId)> ContactAsync(string name)
    {
        var inbox = await world.InboxAsync();
        var created = await (await world.A.PostAsJsonAsync(Path("/contacts"), new { inbox_id = inbox, name })).ReadAsync<JsonElement>();
        var payload = created.GetProperty("payload");
        return (inbox, payload.GetProperty("contact").GetProperty("id").GetInt32(), payload.GetProperty("contact_inbox").GetProperty("source_id").GetString()!);
    }

    [Fact]
    public async Task Create_show_and_list_conversations_in_Chatwoots_shape()
    {
        var (inbox, contact, source) = await ContactAsync("Julieta");

        var created = await (await world.A.PostAsJsonAsync(Path("/conversations"), new
        {
            source_id = source, inbox_id = inbox, contact_id = contact, message = new { content = "Hola Julieta, ¿cómo va la clase?" },
        })).ReadAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        var shown = await world.A.GetFromJsonAsync<JsonElement>(Path($"/conversations/{id}"));
        var list = await world.A.GetFromJsonAsync<JsonElement>(Path($"/conversations?inbox_id={inbox}&assignee_type=unassigned"));

        Assert.Equal(world.AccountA, shown.GetProperty("account_id").GetInt32());
        Assert.Equal(inbox, shown.GetProperty("inbox_id").GetInt32());
        Assert.Equal("open", shown.GetProperty("status").GetString());
        Assert.Equal("Julieta", shown.GetProperty("meta").GetProperty("sender").GetProperty("name").GetString());
        Assert.Equal("Hola Julieta, ¿cómo va la clase?", shown.GetProperty("last_non_activity_message").GetProperty("content").GetString());
        Assert.Equal(1, shown.GetProperty("last_non_activity_message").GetProperty("message_type").GetInt32());
        var data = list.GetProperty("data");
        Assert.Equal(1, data.GetProperty("meta").GetProperty("all_count").GetInt32());
        Assert.Equal(1, data.GetProperty("meta").GetProperty("unassigned_count").GetInt32());
        Assert.Equal(0, data.GetProperty("meta").GetProperty("mine_count").GetInt32());
        Assert.Equal(id, data.GetProperty("payload")[0].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Display_ids_are_consecutive_per_account_under_concurrency()
    {
        var (inbox, _, _) = await ContactAsync("Concurrente");
        var contacts = new List<(int Contact, string Source)>();
        for (var i = 0; i < 8; i++)
        {
            var created = await (await world.A.PostAsJsonAsync(Path("/contacts"), new { inbox_id = inbox, name = $"Contacto {i}" })).ReadAsync<JsonElement>();
            contacts.Add((created.GetProperty("payload").GetProperty("contact").GetProperty("id").GetInt32(),
                created.GetProperty("payload").GetProperty("contact_inbox").GetProperty("source_id").GetString()!));
        }

        var created8 = await Task.WhenAll(contacts.Select(async c => (await (await world.A.PostAsJsonAsync(Path("/conversations"),
            new { source_id = c.Source, inbox_id = inbox, contact_id = c.Contact })).ReadAsync<JsonElement>()).GetProperty("id").GetInt32()));

        var ids = created8.Order().ToList();
        Assert.Equal(8, ids.Distinct().Count());
        Assert.Equal(ids[0] + 7, ids[^1]);
    }

    [Fact]
    public async Task Toggle_status_resolves_snoozes_and_refuses_what_it_cannot_do()
    {
        var inbox = await world.InboxAsync();
        var id = (await world.IngestAsync(inbox, "toggle-contact", "toggle-1", "Hola")).GetProperty("conversation_id").GetInt32();

        var toggled = await (await world.A.PostAsJsonAsync(Path($"/conversations/{id}/toggle_status"), new { })).ReadAsync<JsonElement>();
        var snoozeResolved = await world.A.PostAsJsonAsync(Path($"/conversations/{id}/toggle_status"), new { status = "snoozed" });
        var invalid = await world.A.PostAsJsonAsync(Path($"/conversations/{id}/toggle_status"), new { status = "closed" });
        var reopened = await (await world.A.PostAsJsonAsync(Path($"/conversations/{id}/toggle_status"), new { status = "open" })).ReadAsync<JsonElement>();
        var past = await world.A.PostAsJsonAsync(Path($"/conversations/{id}/toggle_status"),
            new { status = "snoozed", snoozed_until = world.Clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds() });
        var unknown = await world.A.PostAsJsonAsync(Path("/conversations/999999/toggle_status"), new { status = "open" });

        Assert.Equal("resolved", toggled.GetProperty("payload").GetProperty("current_status").GetString());
        Assert.Equal(id, toggled.GetProperty("payload").GetProperty("conversation_id").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, snoozeResolved.StatusCode);
        Assert.True((await invalid.ProblemAsync()).GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal("open", reopened.GetProperty("payload").GetProperty("current_status").GetString());
        Assert.True((await past.ProblemAsync()).GetProperty("errors").TryGetProperty("snoozed_until", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var changes = (await world.EventsAsync(world.AccountA)).Where(e => e.Type == "conversation.status_changed"
            && e.Data.GetProperty("conversation").GetProperty("displayId").GetInt32() == id).Select(e => e.Data.GetProperty("conversation").GetProperty("status").GetString());
        Assert.Equal(["resolved", "open"], changes);
    }

    [Fact]
    public async Task Assignments_and_labels_change_the_conversation_and_announce_it()
    {
        var inbox = await world.InboxAsync();
        var id = (await world.IngestAsync(inbox, "assign-contact", "assign-1", "Hola")).GetProperty("conversation_id").GetInt32();

        var assignee = await (await world.A.PostAsJsonAsync(Path($"/conversations/{id}/assignments"), new { assignee_id = world.Admin.UserId })).ReadAsync<JsonElement>();
        var labels = await (await world.A.PostAsJsonAsync(Path($"/conversations/{id}/labels"), new { labels = new[] { "Reclamo", "vip", "reclamo" } })).ReadAsync<JsonElement>();
        var read = await world.A.GetFromJsonAsync<JsonElement>(Path($"/conversations/{id}/labels"));
        var mine = await world.A.GetFromJsonAsync<JsonElement>(Path($"/conversations?assignee_type=me&labels=vip"));
        var badLabel = await world.A.PostAsJsonAsync(Path($"/conversations/{id}/labels"), new { labels = new[] { "dos palabras" } });

        Assert.Equal(world.Admin.UserId, assignee.GetProperty("id").GetInt32());
        Assert.Equal(["reclamo", "vip"], labels.GetProperty("payload").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(labels.GetProperty("payload").GetRawText(), read.GetProperty("payload").GetRawText());
        Assert.Contains(mine.GetProperty("data").GetProperty("payload").EnumerateArray(), c => c.GetProperty("id").GetInt32() == id);
        Assert.True((await badLabel.ProblemAsync()).GetProperty("errors").TryGetProperty("labels[0]", out _));
        Assert.Contains(await world.EventsAsync(world.AccountA), e => e.Type == "conversation.updated"
            && e.Data.GetProperty("displayId").GetInt32() == id && e.Data.GetProperty("assigneeId").ValueKind == JsonValueKind.Number);

        var unassigned = await world.A.PostAsJsonAsync(Path($"/conversations/{id}/assignments"), new { assignee_id = 0 });
        var afterUnassign = await world.A.GetFromJsonAsync<JsonElement>(Path($"/conversations/{id}"));
        Assert.Equal(HttpStatusCode.NoContent, unassigned.StatusCode);
        Assert.False(afterUnassign.GetProperty("meta").TryGetProperty("assignee", out var assigneeAfter) && assigneeAfter.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Messages_are_listed_oldest_first_and_an_unsupported_content_type_is_a_400()
    {
        var inbox = await world.InboxAsync();
        var id = (await world.IngestAsync(inbox, "messages-contact", "messages-1", "Primera")).GetProperty("conversation_id").GetInt32();
        var reply = await (await world.A.PostAsJsonAsync(Path($"/conversations/{id}/messages"), new { content = "Segunda", echo_id = "tmp-42" })).ReadAsync<JsonElement>();

        var list = await world.A.GetFromJsonAsync<JsonElement>(Path($"/conversations/{id}/messages"));
        var cards = await world.A.PostAsJsonAsync(Path($"/conversations/{id}/messages"), new { content = "x", content_type = "cards" });
        var empty = await world.A.PostAsJsonAsync(Path($"/conversations/{id}/messages"), new { content = "" });
        var missing = await world.A.PostAsJsonAsync(Path("/conversations/999999/messages"), new { content = "Hola" });

        Assert.Equal("tmp-42", reply.GetProperty("echo_id").GetString());
        Assert.Equal("sent", reply.GetProperty("status").GetString());
        Assert.Equal(["Primera", "Segunda"], list.GetProperty("payload").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.True((await cards.ProblemAsync()).GetProperty("errors").TryGetProperty("content_type", out _));
        Assert.True((await empty.ProblemAsync()).GetProperty("errors").TryGetProperty("content", out _));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Attachments_upload_as_multipart_and_an_oversize_file_is_a_413_naming_the_limit()
    {
        var inbox = await world.InboxAsync();
        var id = (await world.IngestAsync(inbox, "attach-contact", "attach-1", "¿Me mandás el horario?")).GetProperty("conversation_id").GetInt32();

        using var form = new MultipartFormDataContent { { new StringContent("Acá va el horario"), "content" } };
        var image = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "attachments[]", "horario.png");
        var sent = await (await world.A.PostAsync(Path($"/conversations/{id}/messages"), form)).ReadAsync<JsonElement>();
        var attachment = sent.GetProperty("attachments")[0];
        var downloaded = await world.A.GetByteArrayAsync(attachment.GetProperty("data_url").GetString());

        using var tooBig = new MultipartFormDataContent { { new ByteArrayContent(new byte[70_000]), "attachments[]", "video.mp4" } };
        var refused = await world.A.PostAsync(Path($"/conversations/{id}/messages"), tooBig);

        Assert.Equal("image", sent.GetProperty("content_type").GetString());
        Assert.Equal("image", attachment.GetProperty("file_type").GetString());
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }, downloaded);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.Equal(65536, problem.GetProperty("limit_bytes").GetInt64());
        Assert.Contains("65536", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unread_counts_are_per_agent_and_reset_when_they_look()
    {
        var inbox = await world.InboxAsync();
        var id = (await world.IngestAsync(inbox, "unread-contact", "unread-1", "Uno")).GetProperty("conversation_id").GetInt32();
        await world.IngestAsync(inbox, "unread-contact", "unread-2", "Dos");

        var before = await world.A.GetFromJsonAsync<JsonElement>(Path($"/conversations/{id}"));
        (await world.A.PostAsync(Path($"/conversations/{id}/update_last_seen"), null)).EnsureSuccessStatusCode();
        var after = await world.A.GetFromJsonAsync<JsonElement>(Path($"/conversations/{id}"));

        Assert.Equal(2, before.GetProperty("unread_count").GetInt32());
        Assert.Equal(0, after.GetProperty("unread_count").GetInt32());
    }
}
