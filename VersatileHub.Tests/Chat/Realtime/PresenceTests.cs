using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VersatileHub.Chat.Realtime;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat.Realtime;

/// <summary>Who is online: the agents whose connections joined an inbox, on any replica, for as long as their replica lives.</summary>
public sealed class PresenceTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private async Task<IReadOnlyDictionary<int, string>> AvailabilityAsync(int inbox)
    {
        var listed = await (await world.A.GetAsync(world.Account(world.AccountA, $"/inbox_members/{inbox}"))).ReadAsync<JsonElement>();
        return listed.GetProperty("payload").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetInt32(), a => a.GetProperty("availability_status").GetString()!);
    }

    [Fact]
    public async Task An_agent_is_online_while_connected_to_the_inbox_and_offline_after_leaving()
    {
        var inbox = await world.InboxAsync();
        var agent = await AccountPeople.AddAsync(world);
        var absent = await AccountPeople.AddAsync(world);
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/inbox_members"), new { inbox_id = inbox, user_ids = new[] { agent.UserId, absent.UserId } })).EnsureSuccessStatusCode();

        var client = await LiveClient.ConnectAsync(world.Chat, world.AccountA, agent.Token);
        Assert.Equal("offline", (await AvailabilityAsync(inbox))[agent.UserId]);
        await client.JoinInboxAsync(inbox);
        var whileConnected = await AvailabilityAsync(inbox);
        await client.DisposeAsync();

        Assert.Equal(("online", "offline"), (whileConnected[agent.UserId], whileConnected[absent.UserId]));
        await Eventually.TrueAsync(async () => (await AvailabilityAsync(inbox))[agent.UserId] == "offline", "the agent went offline on leaving");
    }

    [Fact]
    public async Task A_crashed_replicas_agents_go_offline_after_the_time_to_live_while_live_ones_stay_online()
    {
        var inbox = await world.InboxAsync();
        var live = await AccountPeople.AddAsync(world);
        var stranded = await AccountPeople.AddAsync(world);
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/inbox_members"), new { inbox_id = inbox, user_ids = new[] { live.UserId, stranded.UserId } })).EnsureSuccessStatusCode();
        await using var client = await LiveClient.ConnectAsync(world.Chat, world.AccountA, live.Token);
        await client.JoinInboxAsync(inbox);
        var options = world.Chat.Services.GetRequiredService<IOptions<PresenceOptions>>();
        // A replica that joined the agent and then died: nothing renews its entry.
        var crashed = new AgentPresence(world.Chat.Services.GetRequiredService<IConnectionMultiplexer>(),
            world.Chat.Services.GetRequiredService<IOptions<EventBusOptions>>(), options, world.Clock, NullLogger<AgentPresence>.Instance);
        await crashed.JoinedAsync(world.AccountA, inbox, stranded.UserId, "connection-of-a-dead-replica", CancellationToken.None);
        var before = await AvailabilityAsync(inbox);

        world.Clock.Advance(options.Value.TimeToLive + TimeSpan.FromSeconds(1));

        Assert.Equal(("online", "online"), (before[live.UserId], before[stranded.UserId]));
        await Eventually.TrueAsync(async () => (await AvailabilityAsync(inbox))[live.UserId] == "online", "the live replica's heartbeat kept its agent online");
        Assert.Equal("offline", (await AvailabilityAsync(inbox))[stranded.UserId]);
    }
}
