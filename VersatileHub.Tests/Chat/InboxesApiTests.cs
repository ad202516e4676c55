using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VersatileHub.Tests.Chat.Realtime;
using VersatileHub.Tests.Hub.Identity;

namespace VersatileHub.Tests.Chat;

/// <summary>Chatwoot's inbox update, <c>PATCH /api/v1/accounts/{account_id}/inboxes/{id}</c>, for the account's admins.</summary>
public sealed class InboxesApiTests(ChatWorld world) : IClassFixture<ChatWorld>
{
    private string Path(string rest) => world.Account(world.AccountA, rest);

    private async Task<JsonElement> InboxAsync(int id) =>
        (await world.A.GetFromJsonAsync<JsonElement>(Path("/inboxes"))).GetProperty("payload").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == id);

    [Fact]
    public async Task An_admin_renames_an_inbox_and_turns_auto_assignment_off_and_the_rest_stays()
    {
        var inbox = await world.InboxAsync("whatsapp", "Ventas");

        var updated = await (await world.A.PatchAsJsonAsync(Path($"/inboxes/{inbox}"), new { name = "Ventas mayoristas", enable_auto_assignment = false }))
            .ReadAsync<JsonElement>();

        Assert.Equal("Ventas mayoristas", updated.GetProperty("name").GetString());
        Assert.False(updated.GetProperty("enable_auto_assignment").GetBoolean());
        var listed = await InboxAsync(inbox);
        Assert.Equal("Ventas mayoristas", listed.GetProperty("name").GetString());
        Assert.False(listed.GetProperty("enable_auto_assignment").GetBoolean());
        Assert.Equal("+5491100000000", listed.GetProperty("phone_number").GetString());
        Assert.Equal("ycloud", listed.GetProperty("provider").GetString());
        Assert.True(listed.GetProperty("has_provider_config").GetBoolean());
    }

    [Fact]
    public async Task An_admin_changes_the_channel_settings_and_the_gateway_reads_the_new_credentials()
    {
        var inbox = await world.InboxAsync("whatsapp", "Soporte");

        var updated = await (await world.A.PatchAsJsonAsync(Path($"/inboxes/{inbox}"), new
        {
            channel = new { phone_number = "+5491122223333", provider = "whatsapp_cloud", provider_config = new { api_key = "new-key", phone_number_id = "123" } },
        })).ReadAsync<JsonElement>();

        Assert.Equal("+5491122223333", updated.GetProperty("phone_number").GetString());
        Assert.False(updated.TryGetProperty("provider_config", out _));
        var settings = await world.Gateway.GetFromJsonAsync<JsonElement>($"/api/channel/inboxes/{inbox}/settings");
        Assert.Equal("whatsapp_cloud", settings.GetProperty("provider").GetString());
        Assert.Equal("new-key", settings.GetProperty("provider_config").GetProperty("api_key").GetString());
        Assert.Equal("Soporte", (await InboxAsync(inbox)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Bad_settings_are_a_400_naming_the_field_and_change_nothing()
    {
        var inbox = await world.InboxAsync("whatsapp", "Intacta");

        var emptyName = await world.A.PatchAsJsonAsync(Path($"/inboxes/{inbox}"), new { name = " ", enable_auto_assignment = false });
        var badPhone = await world.A.PatchAsJsonAsync(Path($"/inboxes/{inbox}"), new { name = "Otra", channel = new { phone_number = "1155550000" } });
        var badConfig = await world.A.PatchAsJsonAsync(Path($"/inboxes/{inbox}"), new { channel = new { provider_config = "api_key" } });
        var badWebhook = await world.A.PatchAsJsonAsync(Path($"/inboxes/{inbox}"), new { channel = new { webhook_url = "ftp://hooks.example" } });

        Assert.True((await emptyName.ProblemAsync()).GetProperty("errors").TryGetProperty("name", out _));
        Assert.True((await badPhone.ProblemAsync()).GetProperty("errors").TryGetProperty("channel.phone_number", out _));
        Assert.True((await badConfig.ProblemAsync()).GetProperty("errors").TryGetProperty("channel.provider_config", out _));
        Assert.True((await badWebhook.ProblemAsync()).GetProperty("errors").TryGetProperty("channel.webhook_url", out _));
        var listed = await InboxAsync(inbox);
        Assert.Equal("Intacta", listed.GetProperty("name").GetString());
        Assert.True(listed.GetProperty("enable_auto_assignment").GetBoolean());
        Assert.Equal("+5491100000000", listed.GetProperty("phone_number").GetString());
    }

    [Fact]
    public async Task An_unknown_inbox_or_another_accounts_inbox_is_a_404_and_an_agent_may_not_change_one()
    {
        var inbox = await world.InboxAsync("api", "Solo admins");
        var agent = await AccountPeople.AddAsync(world);
        using var agentClient = world.Client(agent.Token);

        var unknown = await world.A.PatchAsJsonAsync(Path($"/inboxes/{int.MaxValue}"), new { name = "Nada" });
        var fromB = await world.B.PatchAsJsonAsync(world.Account(world.AccountB, $"/inboxes/{inbox}"), new { name = "Robada" });
        var byAgent = await agentClient.PatchAsJsonAsync(Path($"/inboxes/{inbox}"), new { name = "Del agente" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fromB.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal("Solo admins", (await InboxAsync(inbox)).GetProperty("name").GetString());
    }
}
