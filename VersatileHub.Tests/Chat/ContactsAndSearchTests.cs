using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>Contacts (created, found, updated, linked to the Hub's customers) and full-text search over messages.</summary>
public sealed class ContactsAndSearchTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private string Path(string path) => world.Account(world.AccountA, path);

    [Fact]
    public async Task Contacts_are_created_shown_updated_and_found_in_Chatwoots_shape()
    {
        var inbox = await world.InboxAsync("whatsapp");

        var created = await (await world.A.PostAsJsonAsync(Path("/contacts"), new
        {
            inbox_id = inbox, name = "Valentina Gómez", email = "Vale@Example.com", phone_number = "+5491166660001", identifier = "crm-77",
        })).ReadAsync<JsonElement>();
        var contact = created.GetProperty("payload").GetProperty("contact");
        var id = contact.GetProperty("id").GetInt32();
        var updated = await (await world.A.PutAsJsonAsync(Path($"/contacts/{id}"), new { name = "Valentina Gómez Paz" })).ReadAsync<JsonElement>();
        var shown = await world.A.GetFromJsonAsync<JsonElement>(Path($"/contacts/{id}"));
        var byAccentlessName = await world.A.GetFromJsonAsync<JsonElement>(Path("/contacts/search?q=gomez"));
        var list = await world.A.GetFromJsonAsync<JsonElement>(Path("/contacts"));

        Assert.Equal("5491166660001", created.GetProperty("payload").GetProperty("contact_inbox").GetProperty("source_id").GetString());
        Assert.Equal("vale@example.com", contact.GetProperty("email").GetString());
        Assert.Equal("Valentina Gómez Paz", updated.GetProperty("payload").GetProperty("name").GetString());
        Assert.Equal("+5491166660001", shown.GetProperty("payload").GetProperty("phone_number").GetString());
        Assert.Equal("Channel::Whatsapp", shown.GetProperty("payload").GetProperty("contact_inboxes")[0].GetProperty("inbox").GetProperty("channel_type").GetString());
        Assert.Contains(byAccentlessName.GetProperty("payload").EnumerateArray(), c => c.GetProperty("id").GetInt32() == id);
        Assert.True(list.GetProperty("meta").GetProperty("count").GetInt32() >= 1);
        var events = await world.EventsAsync(world.AccountA);
        Assert.Contains(events, e => e.Type == "contact.created" && e.Subject == id.ToString());
        Assert.Contains(events, e => e.Type == "contact.updated" && e.Data.GetProperty("name").GetString() == "Valentina Gómez Paz");
    }

    [Fact]
    public async Task Bad_contact_input_names_the_field_and_a_duplicate_is_a_conflict()
    {
        var inbox = await world.InboxAsync();

        var badPhone = await world.A.PostAsJsonAsync(Path("/contacts"), new { inbox_id = inbox, name = "X", phone_number = "11 5555-0000" });
        var noInbox = await world.A.PostAsJsonAsync(Path("/contacts"), new { name = "X" });
        var otherInbox = await world.A.PostAsJsonAsync(Path("/contacts"), new { inbox_id = 999999, name = "X" });
        (await world.A.PostAsJsonAsync(Path("/contacts"), new { inbox_id = inbox, name = "Único", email = "unico@example.com" })).EnsureSuccessStatusCode();
        var duplicate = await world.A.PostAsJsonAsync(Path("/contacts"), new { inbox_id = inbox, name = "Otro", email = "unico@example.com" });
        var missing = await world.A.GetAsync(Path("/contacts/999999"));

        Assert.True((await badPhone.ProblemAsync()).GetProperty("errors").TryGetProperty("phone_number", out _));
        Assert.True((await noInbox.ProblemAsync()).GetProperty("errors").TryGetProperty("inbox_id", out _));
        Assert.Equal(HttpStatusCode.NotFound, otherInbox.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_contact_with_a_phone_is_linked_to_the_Hub_customer_with_that_phone()
    {
        var existing = await (await world.Admin.Client.PostAsJsonAsync("/api/customers", new { name = "Rocío Cliente", phones = new[] { "+5491177770001" } }))
            .ReadAsync<JsonElement>();
        var inbox = await world.InboxAsync("whatsapp");

        var known = (await world.IngestAsync(inbox, "5491177770001", "link-1", "Hola", "Rocío", "+5491177770001")).GetProperty("contact_id").GetInt32();
        var fresh = (await world.IngestAsync(inbox, "5491177770002", "link-2", "Hola", "Nuevo", "+5491177770002")).GetProperty("contact_id").GetInt32();

        var linkedKnown = await EventuallyLinkedAsync(known);
        var linkedFresh = await EventuallyLinkedAsync(fresh);
        Assert.Equal(existing.GetProperty("id").GetInt32(), linkedKnown);
        var customer = await world.Admin.Client.GetFromJsonAsync<JsonElement>($"/api/customers/{linkedFresh}");
        Assert.Equal(["+5491177770002"], customer.GetProperty("phones").EnumerateArray().Select(p => p.GetString()));
    }

    private async Task<int> EventuallyLinkedAsync(int contactId)
    {
        // The link is made from the contact.created event, off the ingest's path; wait for the event bus to deliver it.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var contact = await world.A.GetFromJsonAsync<JsonElement>(Path($"/contacts/{contactId}"));
            if (contact.GetProperty("payload").GetProperty("hub_customer_id") is { ValueKind: JsonValueKind.Number } id)
            {
                return id.GetInt32();
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Contact {contactId} was not linked to a Hub customer.");
    }

    [Fact]
    public async Task Message_search_finds_Spanish_words_whatever_their_accents_and_stems()
    {
        var inbox = await world.InboxAsync();
        var id = (await world.IngestAsync(inbox, "search-contact", "search-1", "¿Cuánto cuestan las zapatillas de media punta en canción?"))
            .GetProperty("conversation_id").GetInt32();
        await world.IngestAsync(inbox, "search-contact", "search-2", "Quiero información sobre horarios");

        var accentless = await world.A.GetFromJsonAsync<JsonElement>(Path("/search/messages?q=cancion"));
        var stemmed = await world.A.GetFromJsonAsync<JsonElement>(Path("/search/messages?q=zapatilla"));
        var accented = await world.A.GetFromJsonAsync<JsonElement>(Path("/search/messages?q=INFORMACIÓN"));
        var conversations = await world.A.GetFromJsonAsync<JsonElement>(Path("/conversations?q=cuanto"));
        var noQuery = await world.A.GetAsync(Path("/search/messages?q="));

        var hit = Assert.Single(accentless.GetProperty("payload").GetProperty("messages").EnumerateArray());
        Assert.Equal(id, hit.GetProperty("conversation_id").GetInt32());
        Assert.Single(stemmed.GetProperty("payload").GetProperty("messages").EnumerateArray());
        Assert.Equal("Quiero información sobre horarios", Assert.Single(accented.GetProperty("payload").GetProperty("messages").EnumerateArray()).GetProperty("content").GetString());
        Assert.Equal(1, accentless.GetProperty("payload").GetProperty("meta").GetProperty("total_count").GetInt32());
        Assert.Contains(conversations.GetProperty("data").GetProperty("payload").EnumerateArray(), c => c.GetProperty("id").GetInt32() == id);
        Assert.True((await noQuery.ProblemAsync()).GetProperty("errors").TryGetProperty("q", out _));
    }
}
