using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Chat.Events;
using VersatileHub.Chat.Realtime;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat.Realtime;

/// <summary>The live inbox over SignalR: who hears what, and only after it is committed.</summary>
public sealed class LiveInboxTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private static bool Says(JsonElement message, string content) => message.GetProperty("content").GetString() == content;

    [Fact]
    public async Task Two_agents_of_the_account_hear_a_message_ingested_through_the_channel_api_and_another_account_hears_nothing()
    {
        var inbox = await world.InboxAsync("whatsapp");
        var agent = await AccountPeople.AddAsync(world);
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/inbox_members"), new { inbox_id = inbox, user_ids = new[] { agent.UserId } })).EnsureSuccessStatusCode();
        await using var admin = await LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Admin));
        // The browser's way: the token in the query string.
        await using var member = await LiveClient.ConnectAsync(world.Chat, world.AccountA, agent.Token, tokenInQuery: true);
        await using var intruder = await LiveClient.ConnectAsync(world.Chat, world.AccountB, ChatWorld.TokenOf(world.Intruder));
        await admin.JoinInboxAsync(inbox);
        await member.JoinInboxAsync(inbox);

        var ingested = await world.IngestAsync(inbox, "+5491155550101", "wamid-live-1", "¿Tienen turno el martes?");

        foreach (var client in new[] { admin, member })
        {
            var created = await client.NextAsync(ChatEventTypes.ConversationCreated);
            Assert.Equal(ingested.GetProperty("conversation_id").GetInt32(), created.GetProperty("display_id").GetInt32());
            var message = await client.NextAsync(ChatEventTypes.MessageCreated);
            Assert.Equal(("¿Tienen turno el martes?", "incoming", inbox), (message.GetProperty("content").GetString(),
                message.GetProperty("message_type").GetString(), message.GetProperty("inbox_id").GetInt32()));
        }
        Assert.Empty(await intruder.HeardAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_member_of_another_account_can_neither_connect_for_the_account_nor_join_its_inboxes()
    {
        var inbox = await world.InboxAsync();
        await using var intruder = await LiveClient.ConnectAsync(world.Chat, world.AccountB, ChatWorld.TokenOf(world.Intruder));

        var joining = await Assert.ThrowsAsync<HubException>(() => intruder.JoinInboxAsync(inbox));
        var connecting = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Intruder)));
        var anonymous = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(world.Chat, world.AccountA, "not-a-token"));

        Assert.Contains("No such inbox", joining.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (connecting.StatusCode, anonymous.StatusCode));
        await world.IngestAsync(inbox, "+5491155550102", "wamid-live-2", "Hola");
        Assert.Empty(await intruder.HeardAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task An_agent_hears_only_the_inboxes_they_are_a_member_of()
    {
        var theirs = await world.InboxAsync();
        var other = await world.InboxAsync();
        var agent = await AccountPeople.AddAsync(world);
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/inbox_members"), new { inbox_id = theirs, user_ids = new[] { agent.UserId } })).EnsureSuccessStatusCode();
        await using var client = await LiveClient.ConnectAsync(world.Chat, world.AccountA, agent.Token);

        await client.JoinInboxAsync(theirs);
        await Assert.ThrowsAsync<HubException>(() => client.JoinInboxAsync(other));
        await world.IngestAsync(other, "+5491155550103", "wamid-live-3", "A la otra bandeja");
        await world.IngestAsync(theirs, "+5491155550104", "wamid-live-4", "A su bandeja");

        await client.NextAsync(ChatEventTypes.MessageCreated, m => Says(m, "A su bandeja"));
        Assert.DoesNotContain(await client.HeardAsync(TimeSpan.FromMilliseconds(500)), h => h.Payload.TryGetProperty("content", out var c) && c.GetString() == "A la otra bandeja");
    }

    [Fact]
    public async Task Typing_reaches_the_others_in_the_inbox_and_is_not_echoed_to_the_typist()
    {
        var inbox = await world.InboxAsync();
        var conversation = (await world.IngestAsync(inbox, "+5491155550105", "wamid-live-5", "Hola")).GetProperty("conversation_id").GetInt32();
        await using var typist = await LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await using var colleague = await LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await using var elsewhere = await LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await typist.JoinInboxAsync(inbox);
        await colleague.JoinInboxAsync(inbox);

        await typist.TypingAsync(conversation, typing: true);
        await typist.TypingAsync(conversation, typing: false);

        var on = await colleague.NextAsync(LiveEventTypes.TypingOn);
        await colleague.NextAsync(LiveEventTypes.TypingOff);
        Assert.Equal((conversation, inbox, world.Admin.UserId), (on.GetProperty("conversation_id").GetInt32(), on.GetProperty("inbox_id").GetInt32(),
            on.GetProperty("user").GetProperty("id").GetInt32()));
        Assert.DoesNotContain(await typist.HeardAsync(TimeSpan.FromMilliseconds(300)), h => h.Type.StartsWith("conversation.typing", StringComparison.Ordinal));
        Assert.Empty(await elsewhere.HeardAsync(TimeSpan.Zero));
        await Assert.ThrowsAsync<HubException>(() => elsewhere.TypingAsync(conversation, typing: true));
    }

    [Fact]
    public async Task A_status_change_is_pushed_as_status_changed_and_updated()
    {
        var inbox = await world.InboxAsync();
        var conversation = (await world.IngestAsync(inbox, "+5491155550106", "wamid-live-6", "Gracias")).GetProperty("conversation_id").GetInt32();
        await using var client = await LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await client.JoinInboxAsync(inbox);

        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, $"/conversations/{conversation}/toggle_status"), new { status = "resolved" })).EnsureSuccessStatusCode();

        var changed = await client.NextAsync(ChatEventTypes.ConversationStatusChanged);
        var updated = await client.NextAsync(ChatEventTypes.ConversationUpdated, c => c.GetProperty("display_id").GetInt32() == conversation);
        Assert.Equal(("resolved", "open"), (changed.GetProperty("conversation").GetProperty("status").GetString(), changed.GetProperty("previous_status").GetString()));
        Assert.Equal("resolved", updated.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_refused_change_pushes_nothing()
    {
        var inbox = await world.InboxAsync();
        var conversation = (await world.IngestAsync(inbox, "+5491155550107", "wamid-live-7", "Hola")).GetProperty("conversation_id").GetInt32();
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, $"/conversations/{conversation}/messages"), new { content = "Te atiendo yo" })).EnsureSuccessStatusCode();
        await using var client = await LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await client.JoinInboxAsync(inbox);

        // A human took over: the bot's reply is refused with 409 and its transaction rolled back.
        using var refused = await world.Bot.PostAsJsonAsync(world.Account(world.AccountA, $"/conversations/{conversation}/messages"), new { content = "Soy el bot" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, $"/conversations/{conversation}/messages"), new { content = "Sigo yo" })).EnsureSuccessStatusCode();

        await client.NextAsync(ChatEventTypes.MessageCreated, m => Says(m, "Sigo yo"));
        Assert.DoesNotContain(await client.HeardAsync(TimeSpan.FromMilliseconds(300)), h => h.Payload.TryGetProperty("content", out var c) && c.GetString() == "Soy el bot");
    }

    [Fact]
    public async Task The_web_apps_listener_in_process_hears_the_accounts_updates_only()
    {
        var inbox = await world.InboxAsync();
        var heard = new List<LiveUpdate>();
        using var listening = world.Chat.Services.GetRequiredService<LiveRelay>().Listen(world.AccountA, update =>
        {
            lock (heard)
            {
                heard.Add(update);
            }
            return Task.CompletedTask;
        });
        var heardByB = 0;
        using var others = world.Chat.Services.GetRequiredService<LiveRelay>().Listen(world.AccountB, _ =>
        {
            Interlocked.Increment(ref heardByB);
            return Task.CompletedTask;
        });

        await world.IngestAsync(inbox, "+5491155550108", "wamid-live-8", "Para la página");

        await Eventually.TrueAsync(() => { lock (heard) { return heard.Any(u => u.Type == ChatEventTypes.MessageCreated && u.InboxId == inbox); } });
        lock (heard)
        {
            Assert.Equal("Para la página", heard.Single(u => u.Type == ChatEventTypes.MessageCreated && u.InboxId == inbox).Payload.GetProperty("content").GetString());
        }
        Assert.Equal(0, heardByB);
    }
}

internal static class Eventually
{
    /// <summary>Waits up to 10 s for <paramref name="condition"/>: for effects of events handled in the background.</summary>
    public static async Task TrueAsync(Func<bool> condition, string? because = null) => await TrueAsync(() => Task.FromResult(condition()), because);

    public static async Task TrueAsync(Func<Task<bool>> condition, string? because = null)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, because ?? "the condition held within 10 s");
            await Task.Delay(50);
        }
    }
}
