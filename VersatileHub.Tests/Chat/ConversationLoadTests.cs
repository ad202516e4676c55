using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VersatileHub.Chat.Data;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>Many new conversations of one account at once, and what a caller is told when the database cannot keep up.</summary>
public sealed class ConversationLoadTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    [Fact]
    public async Task Two_hundred_concurrent_new_conversations_of_one_account_all_succeed_with_distinct_display_ids()
    {
        var inbox = await world.InboxAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => world.Gateway.PostAsJsonAsync(
            $"/api/channel/inboxes/{inbox}/messages",
            new { contact = new { source_id = $"54911600{i:D5}", name = $"Cliente {i}" }, source_id = $"wamid.load-{i}", content = "Hola" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var displayIds = new List<int>();
        foreach (var response in responses)
        {
            displayIds.Add((await response.ReadAsync<JsonElement>()).GetProperty("conversation_id").GetInt32());
        }
        Assert.Equal(200, displayIds.Distinct().Count());
        Assert.All(displayIds, id => Assert.True(id > 0));
    }

    [Fact]
    public async Task Conversations_created_one_after_another_through_the_api_get_increasing_display_ids()
    {
        var inbox = await world.InboxAsync();
        var contact = (await (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/contacts"), new { name = "Inés", inbox_id = inbox }))
            .ReadAsync<JsonElement>()).GetProperty("payload").GetProperty("contact").GetProperty("id").GetInt32();

        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var created = await (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/conversations"),
                new { source_id = $"ines-{i}", inbox_id = inbox, contact_id = contact })).ReadAsync<JsonElement>();
            ids.Add(created.GetProperty("id").GetInt32());
        }

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_database_that_does_not_answer_in_time_is_a_503_with_retry_after_and_stores_nothing()
    {
        var inbox = await world.InboxAsync();
        await world.IngestAsync(inbox, "5491160099001", "wamid.busy-0", "Primero");
        var chatDb = world.Chat.Database;
        // Chat's own pool (its connection string may carry settings of its own), so that its next connections are new ones.
        string chatPool;
        await using (var scope = world.Chat.Services.CreateAsyncScope())
        {
            chatPool = scope.ServiceProvider.GetRequiredService<ChatDbContext>().Database.GetConnectionString()!;
        }

        // Every new connection of Chat's gives up on a statement after 1 s, and another session keeps messages locked.
        await using var admin = new NpgsqlConnection(chatDb.ConnectionString);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"ALTER DATABASE \"{chatDb.Name}\" SET statement_timeout = '1s'");
        await using var holder = new NpgsqlConnection(chatDb.ConnectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "LOCK TABLE messages IN EXCLUSIVE MODE", held);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(chatPool));
        HttpResponseMessage response;
        try
        {
            response = await world.Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages",
                new { contact = new { source_id = "5491160099001" }, source_id = "wamid.busy-1", content = "¿Están?" });
        }
        finally
        {
            await held.RollbackAsync();
            await ExecuteAsync(admin, $"ALTER DATABASE \"{chatDb.Name}\" RESET statement_timeout");
            NpgsqlConnection.ClearPool(new NpgsqlConnection(chatPool));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        await using (var check = new NpgsqlConnection(chatDb.ConnectionString))
        {
            await check.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM messages WHERE source_id = 'wamid.busy-1'", check);
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }

        // Once the database answers again, the gateway's retry goes through.
        var retried = await world.IngestAsync(inbox, "5491160099001", "wamid.busy-1", "¿Están?");
        Assert.Equal("wamid.busy-1", retried.GetProperty("source_id").GetString());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
