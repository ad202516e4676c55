using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Events;
using VersatileHub.Tests.Chat.Realtime;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat.Assignment;

/// <summary>Auto-assignment: a new conversation goes to the inbox's online agents in turn.</summary>
public sealed class RoundRobinAssignmentTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private async Task<(int Inbox, AccountPeople.Person[] Agents)> InboxWithAgentsAsync(int agents, bool autoAssign = true)
    {
        var response = await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/inboxes"),
            new { name = "Turnos", channel = new { type = "api" }, enable_auto_assignment = autoAssign });
        var inbox = (await response.ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
        var people = new AccountPeople.Person[agents];
        for (var i = 0; i < agents; i++)
        {
            people[i] = await AccountPeople.AddAsync(world);
        }
        (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/inbox_members"), new { inbox_id = inbox, user_ids = people.Select(p => p.UserId) })).EnsureSuccessStatusCode();
        return (inbox, people);
    }

    private static async Task<LiveClient> OnlineAsync(WebApplicationFactory<VersatileHub.Chat.ChatEntryPoint> replica, int account, int inbox, AccountPeople.Person agent)
    {
        var client = await LiveClient.ConnectAsync(replica, account, agent.Token);
        await client.JoinInboxAsync(inbox);
        return client;
    }

    /// <summary>The conversation's assignee once its <c>conversation.created</c> was handled by Chat's consumer group.</summary>
    private async Task<int?> AssigneeOnceHandledAsync(int conversation)
    {
        var created = (await world.EventsAsync(world.AccountA)).Single(e => e.Type == ChatEventTypes.ConversationCreated
            && e.Data.GetProperty("displayId").GetInt32() == conversation);
        await Eventually.TrueAsync(async () =>
        {
            await using var scope = world.Chat.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Database
                .SqlQueryRaw<int>("SELECT 1 AS \"Value\" FROM processed_events WHERE consumer_group = 'chat' AND event_id = {0}", created.Id).AnyAsync();
        }, "Chat's consumer group handled conversation.created");
        var view = await (await world.A.GetAsync(world.Account(world.AccountA, $"/conversations/{conversation}"))).ReadAsync<JsonElement>();
        return view.GetProperty("meta").GetProperty("assignee") is { ValueKind: JsonValueKind.Object } assignee ? assignee.GetProperty("id").GetInt32() : null;
    }

    private async Task<int> NewConversationAsync(int inbox, string contact) =>
        (await world.IngestAsync(inbox, contact, $"wamid-{Guid.NewGuid():N}", "Hola")).GetProperty("conversation_id").GetInt32();

    [Fact]
    public async Task New_conversations_go_to_the_online_agents_in_turn_and_skip_the_offline_one()
    {
        var (inbox, agents) = await InboxWithAgentsAsync(3);
        await using var first = await OnlineAsync(world.Chat, world.AccountA, inbox, agents[0]);
        await using var third = await OnlineAsync(world.Chat, world.AccountA, inbox, agents[2]);

        var assignees = new List<int?>();
        for (var i = 0; i < 4; i++)
        {
            assignees.Add(await AssigneeOnceHandledAsync(await NewConversationAsync(inbox, $"+54911555503{i:00}")));
        }

        Assert.Equal([agents[0].UserId, agents[2].UserId, agents[0].UserId, agents[2].UserId], assignees);
    }

    [Fact]
    public async Task With_nobody_online_a_new_conversation_stays_unassigned()
    {
        var (inbox, _) = await InboxWithAgentsAsync(2);

        Assert.Null(await AssigneeOnceHandledAsync(await NewConversationAsync(inbox, "+5491155550400")));
    }

    [Fact]
    public async Task An_inbox_with_auto_assignment_off_leaves_new_conversations_unassigned()
    {
        var (inbox, agents) = await InboxWithAgentsAsync(1, autoAssign: false);
        await using var online = await OnlineAsync(world.Chat, world.AccountA, inbox, agents[0]);

        Assert.Null(await AssigneeOnceHandledAsync(await NewConversationAsync(inbox, "+5491155550401")));
    }

    [Fact]
    public async Task Turning_auto_assignment_off_with_an_inbox_update_stops_the_turns_in_that_inbox()
    {
        var (inbox, agents) = await InboxWithAgentsAsync(1);
        await using var online = await OnlineAsync(world.Chat, world.AccountA, inbox, agents[0]);
        Assert.Equal(agents[0].UserId, await AssigneeOnceHandledAsync(await NewConversationAsync(inbox, "+5491155550402")));

        (await world.A.PatchAsJsonAsync(world.Account(world.AccountA, $"/inboxes/{inbox}"), new { enable_auto_assignment = false })).EnsureSuccessStatusCode();

        Assert.Null(await AssigneeOnceHandledAsync(await NewConversationAsync(inbox, "+5491155550403")));
    }

    [Fact]
    public async Task A_conversation_assigned_by_hand_keeps_its_assignee()
    {
        var (inbox, agents) = await InboxWithAgentsAsync(1);
        await using var online = await OnlineAsync(world.Chat, world.AccountA, inbox, agents[0]);
        var contact = (await (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/contacts"), new { inbox_id = inbox, name = "Manual" }))
            .ReadAsync<JsonElement>()).GetProperty("payload").GetProperty("contact_inbox").GetProperty("source_id").GetString();

        var created = await (await world.A.PostAsJsonAsync(world.Account(world.AccountA, "/conversations"),
            new { source_id = contact, inbox_id = inbox, assignee_id = world.Admin.UserId })).ReadAsync<JsonElement>();

        Assert.Equal(world.Admin.UserId, await AssigneeOnceHandledAsync(created.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Turns_stay_fair_when_two_replicas_assign_at_once()
    {
        await using var otherReplica = world.Chat.WithWebHostBuilder(_ => { });
        var (inbox, agents) = await InboxWithAgentsAsync(2);
        await using var here = await OnlineAsync(world.Chat, world.AccountA, inbox, agents[0]);
        await using var there = await OnlineAsync(otherReplica, world.AccountA, inbox, agents[1]);

        var conversations = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => NewConversationAsync(inbox, $"+54911555505{i:00}")));
        var assignees = new List<int?>();
        foreach (var conversation in conversations)
        {
            assignees.Add(await AssigneeOnceHandledAsync(conversation));
        }

        Assert.Equal(4, assignees.Count(a => a == agents[0].UserId));
        Assert.Equal(4, assignees.Count(a => a == agents[1].UserId));
    }
}
