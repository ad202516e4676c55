using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Chat.Events;
using VersatileHub.Chat.Realtime;

namespace VersatileHub.Tests.Chat.Realtime;

/// <summary>Two Chat replicas over one database and one Redis, as when Chat is scaled out behind a load balancer.</summary>
public sealed class LiveInboxAcrossReplicasTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    [Fact]
    public async Task A_message_taken_in_by_one_replica_reaches_the_clients_and_the_pages_of_both_once()
    {
        await using var otherReplica = world.Chat.WithWebHostBuilder(_ => { });
        var inbox = await world.InboxAsync();
        await using var here = await LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await using var there = await LiveClient.ConnectAsync(otherReplica, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await here.JoinInboxAsync(inbox);
        await there.JoinInboxAsync(inbox);
        var pageThere = 0;
        using var listening = otherReplica.Services.GetRequiredService<LiveRelay>().Listen(world.AccountA, update =>
        {
            if (update.Type == ChatEventTypes.MessageCreated)
            {
                Interlocked.Increment(ref pageThere);
            }
            return Task.CompletedTask;
        });

        await world.IngestAsync(inbox, "+5491155550201", "wamid-replicas-1", "Hola a las dos réplicas");

        foreach (var client in new[] { here, there })
        {
            await client.NextAsync(ChatEventTypes.MessageCreated, m => m.GetProperty("content").GetString() == "Hola a las dos réplicas");
            Assert.DoesNotContain(await client.HeardAsync(TimeSpan.FromMilliseconds(300)), h => h.Type == ChatEventTypes.MessageCreated);
        }
        await Eventually.TrueAsync(() => Volatile.Read(ref pageThere) == 1, "the other replica's page heard the message");
    }

    [Fact]
    public async Task Typing_on_one_replica_reaches_a_colleague_on_the_other()
    {
        await using var otherReplica = world.Chat.WithWebHostBuilder(_ => { });
        var inbox = await world.InboxAsync();
        var conversation = (await world.IngestAsync(inbox, "+5491155550202", "wamid-replicas-2", "Hola")).GetProperty("conversation_id").GetInt32();
        await using var typist = await LiveClient.ConnectAsync(world.Chat, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await using var colleague = await LiveClient.ConnectAsync(otherReplica, world.AccountA, ChatWorld.TokenOf(world.Admin));
        await typist.JoinInboxAsync(inbox);
        await colleague.JoinInboxAsync(inbox);

        await typist.TypingAsync(conversation, typing: true);

        Assert.Equal(conversation, (await colleague.NextAsync(LiveEventTypes.TypingOn)).GetProperty("conversation_id").GetInt32());
    }
}
