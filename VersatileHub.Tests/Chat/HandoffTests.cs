using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>Bot and humans take turns: a human reply silences the bot for the account's window; the bot may ask for a human.</summary>
public sealed class HandoffTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private async Task<(int DisplayId, string Conversation)> ConversationAsync(string contact)
    {
        var inbox = await world.InboxAsync();
        var ingested = await world.IngestAsync(inbox, contact, $"{contact}-m1", "Hola, necesito ayuda");
        var id = ingested.GetProperty("conversation_id").GetInt32();
        return (id, world.Account(world.AccountA, $"/conversations/{id}"));
    }

    [Fact]
    public async Task A_human_reply_silences_the_bot_for_24_hours_and_announces_a_handoff()
    {
        var (_, conversation) = await ConversationAsync("handoff-human");
        var repliedAt = world.Clock.GetUtcNow();

        (await world.A.PostAsJsonAsync($"{conversation}/messages", new { content = "Te atiendo yo, Lucía" })).EnsureSuccessStatusCode();
        var botDuring = await world.Bot.PostAsJsonAsync($"{conversation}/messages", new { content = "¡Hola! Soy el asistente" });

        Assert.Equal(HttpStatusCode.Conflict, botDuring.StatusCode);
        var view = await world.A.GetFromJsonAsync<JsonElement>(conversation);
        Assert.Equal(repliedAt.AddHours(24).ToUnixTimeSeconds(), view.GetProperty("human_override_until").GetInt64());
        var handoff = (await world.EventsAsync(world.AccountA)).Last(e => e.Type == "conversation.handoff");
        Assert.Equal("user", handoff.Data.GetProperty("by").GetString());
        Assert.Equal(repliedAt.AddHours(24), handoff.Data.GetProperty("until").GetDateTimeOffset());

        world.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var botAfter = await world.Bot.PostAsJsonAsync($"{conversation}/messages", new { content = "¿Pudiste resolverlo?" });

        var reply = await botAfter.ReadAsync<JsonElement>();
        Assert.Equal("agent_bot", reply.GetProperty("sender").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_override_window_is_the_accounts_setting()
    {
        (await world.A.PutAsJsonAsync(world.Account(world.AccountA, "/chat_settings"), new { human_override_hours = 2 })).EnsureSuccessStatusCode();
        try
        {
            var (_, conversation) = await ConversationAsync("handoff-window");
            var repliedAt = world.Clock.GetUtcNow();

            (await world.A.PostAsJsonAsync($"{conversation}/messages", new { content = "Hola, soy Ana" })).EnsureSuccessStatusCode();

            var view = await world.A.GetFromJsonAsync<JsonElement>(conversation);
            Assert.Equal(repliedAt.AddHours(2).ToUnixTimeSeconds(), view.GetProperty("human_override_until").GetInt64());
        }
        finally
        {
            (await world.A.PutAsJsonAsync(world.Account(world.AccountA, "/chat_settings"), new { human_override_hours = 24 })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_private_note_does_not_silence_the_bot()
    {
        var (_, conversation) = await ConversationAsync("handoff-note");

        (await world.A.PostAsJsonAsync($"{conversation}/messages", new { content = "Cliente frecuente", @private = true })).EnsureSuccessStatusCode();
        var bot = await world.Bot.PostAsJsonAsync($"{conversation}/messages", new { content = "¿En qué te ayudo?" });

        Assert.Equal(HttpStatusCode.OK, bot.StatusCode);
    }

    [Fact]
    public async Task Return_to_bot_clears_the_override_at_once()
    {
        var (_, conversation) = await ConversationAsync("handoff-return");
        (await world.A.PostAsJsonAsync($"{conversation}/messages", new { content = "Te atiendo yo" })).EnsureSuccessStatusCode();

        var returned = await (await world.A.PostAsync($"{conversation}/return_to_bot", null)).ReadAsync<JsonElement>();
        var bot = await world.Bot.PostAsJsonAsync($"{conversation}/messages", new { content = "Sigo yo" });

        Assert.Equal(JsonValueKind.Null, returned.GetProperty("human_override_until").ValueKind);
        Assert.Equal(HttpStatusCode.OK, bot.StatusCode);
    }

    [Fact]
    public async Task The_bot_asking_for_a_human_silences_it_and_shows_the_staff_why()
    {
        var (displayId, conversation) = await ConversationAsync("handoff-bot");

        var handedOff = await (await world.Bot.PostAsJsonAsync($"{conversation}/handoff", new { reason = "Pide hablar con una persona por un reclamo" }))
            .ReadAsync<JsonElement>();
        var botAgain = await world.Bot.PostAsJsonAsync($"{conversation}/messages", new { content = "¿Algo más?" });
        var messages = await world.A.GetFromJsonAsync<JsonElement>($"{conversation}/messages");

        Assert.Equal("Pide hablar con una persona por un reclamo", handedOff.GetProperty("handoff_reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, botAgain.StatusCode);
        var activity = messages.GetProperty("payload").EnumerateArray().Last(m => m.GetProperty("message_type").GetInt32() == 2);
        Assert.Contains("Pide hablar con una persona por un reclamo", activity.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains(await world.EventsAsync(world.AccountA), e => e.Type == "conversation.handoff"
            && e.Data.GetProperty("by").GetString() == "agent_bot"
            && e.Data.GetProperty("conversation").GetProperty("displayId").GetInt32() == displayId);
    }

    [Fact]
    public async Task A_handoff_without_a_reason_is_a_400_naming_reason()
    {
        var (_, conversation) = await ConversationAsync("handoff-noreason");

        var response = await world.Bot.PostAsJsonAsync($"{conversation}/handoff", new { reason = " " });

        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
    }
}
