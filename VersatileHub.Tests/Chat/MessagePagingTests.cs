using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>Chatwoot's message list pages back through a long conversation with <c>before</c> (a message id).</summary>
public sealed class MessagePagingTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private async Task<IReadOnlyList<(long Id, string Content)>> PageAsync(int conversation, long? before = null)
    {
        var query = before is { } id ? $"?before={id}" : "";
        var list = await world.A.GetFromJsonAsync<JsonElement>(world.Account(world.AccountA, $"/conversations/{conversation}/messages{query}"));
        return list.GetProperty("payload").EnumerateArray().Select(m => (m.GetProperty("id").GetInt64(), m.GetProperty("content").GetString()!)).ToList();
    }

    [Fact]
    public async Task The_list_answers_the_latest_twenty_messages_and_before_pages_back_to_the_first()
    {
        var inbox = await world.InboxAsync();
        var conversation = 0;
        for (var i = 1; i <= 45; i++)
        {
            conversation = (await world.IngestAsync(inbox, "contact-long", $"long-{i}", $"Mensaje {i}")).GetProperty("conversation_id").GetInt32();
        }

        var latest = await PageAsync(conversation);
        var earlier = await PageAsync(conversation, latest[0].Id);
        var earliest = await PageAsync(conversation, earlier[0].Id);
        var beforeTheFirst = await PageAsync(conversation, earliest[0].Id);

        Assert.Equal(Enumerable.Range(26, 20).Select(i => $"Mensaje {i}"), latest.Select(m => m.Content));
        Assert.Equal(Enumerable.Range(6, 20).Select(i => $"Mensaje {i}"), earlier.Select(m => m.Content));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"Mensaje {i}"), earliest.Select(m => m.Content));
        Assert.Empty(beforeTheFirst);
    }

    [Fact]
    public async Task A_before_that_is_not_a_message_id_is_a_400_naming_it()
    {
        var inbox = await world.InboxAsync();
        var conversation = (await world.IngestAsync(inbox, "contact-paging-bad", "paging-bad-1", "Hola")).GetProperty("conversation_id").GetInt32();

        var response = await world.A.GetAsync(world.Account(world.AccountA, $"/conversations/{conversation}/messages?before=ayer"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("before", out _));
    }
}
