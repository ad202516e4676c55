using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Chat.Realtime;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat.Assignment;

/// <summary>Chatwoot's <c>inbox_members</c> routes: <c>{inbox_id, user_ids}</c> in, <c>{payload: [agent]}</c> out.</summary>
public sealed class InboxMembersApiTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private string Members(string rest = "") => world.Account(world.AccountA, "/inbox_members" + rest);

    private static async Task<int[]> AgentIdsAsync(HttpResponseMessage response) =>
        (await response.ReadAsync<JsonElement>()).GetProperty("payload").EnumerateArray().Select(a => a.GetProperty("id").GetInt32()).Order().ToArray();

    private static HttpRequestMessage Send(HttpMethod method, string path, object body) => new(method, path) { Content = JsonContent.Create(body) };

    [Fact]
    public async Task Agents_are_added_listed_replaced_and_removed()
    {
        var inbox = await world.InboxAsync();

        var added = await AgentIdsAsync(await world.A.PostAsJsonAsync(Members(), new { inbox_id = inbox, user_ids = new[] { 11, 12 } }));
        var addedAgain = await AgentIdsAsync(await world.A.PostAsJsonAsync(Members(), new { inbox_id = inbox, user_ids = new[] { 12, 13 } }));
        var replaced = await AgentIdsAsync(await world.A.SendAsync(Send(HttpMethod.Patch, Members(), new { inbox_id = inbox, user_ids = new[] { 13, 14 } })));
        var removed = await AgentIdsAsync(await world.A.SendAsync(Send(HttpMethod.Delete, Members(), new { inbox_id = inbox, user_ids = new[] { 13, 99 } })));
        var listed = await (await world.A.GetAsync(Members($"/{inbox}"))).ReadAsync<JsonElement>();

        Assert.Equal([11, 12], added);
        Assert.Equal([11, 12, 13], addedAgain);
        Assert.Equal([13, 14], replaced);
        Assert.Equal([14], removed);
        var agent = Assert.Single(listed.GetProperty("payload").EnumerateArray());
        Assert.Equal((14, world.AccountA, "offline"), (agent.GetProperty("id").GetInt32(), agent.GetProperty("account_id").GetInt32(), agent.GetProperty("availability_status").GetString()));
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_the_field_and_change_nothing()
    {
        var inbox = await world.InboxAsync();
        (await world.A.PostAsJsonAsync(Members(), new { inbox_id = inbox, user_ids = new[] { 21 } })).EnsureSuccessStatusCode();

        var cases = new (object Body, HttpStatusCode Status, string? Field)[]
        {
            (new { user_ids = new[] { 22 } }, HttpStatusCode.BadRequest, "inbox_id"),
            (new { inbox_id = inbox }, HttpStatusCode.BadRequest, "user_ids"),
            (new { inbox_id = inbox, user_ids = new[] { 22, 0 } }, HttpStatusCode.BadRequest, "user_ids"),
            (new { inbox_id = inbox + 100_000, user_ids = new[] { 22 } }, HttpStatusCode.NotFound, null),
        };
        foreach (var (body, status, field) in cases)
        {
            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Patch, HttpMethod.Delete })
            {
                using var response = await world.A.SendAsync(Send(method, Members(), body));
                Assert.Equal(status, response.StatusCode);
                if (field is not null)
                {
                    Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), $"{method} names {field}");
                }
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, (await world.A.GetAsync(Members($"/{inbox + 100_000}"))).StatusCode);
        var left = await AgentIdsAsync(await world.A.GetAsync(Members($"/{inbox}")));
        Assert.Equal([21], left);
    }

    [Fact]
    public async Task Only_owners_and_admins_change_an_inboxs_agents_while_agents_may_list_them()
    {
        var inbox = await world.InboxAsync();
        var agent = await AccountPeople.AddAsync(world);
        using var agentClient = world.Client(agent.Token);

        using var adding = await agentClient.PostAsJsonAsync(Members(), new { inbox_id = inbox, user_ids = new[] { agent.UserId } });
        using var listing = await agentClient.GetAsync(Members($"/{inbox}"));

        Assert.Equal(HttpStatusCode.Forbidden, adding.StatusCode);
        Assert.Empty(await AgentIdsAsync(listing));
    }
}
