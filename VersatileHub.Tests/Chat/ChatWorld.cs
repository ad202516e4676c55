using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.Chat.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Outbox;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Chat;

/// <summary>
/// The real Hub (identity, customers) and Chat in memory, Chat authenticating its callers through the Hub, with a clock the
/// specs move. Account A has an admin, an agent and a bot; account B's admin is the intruder.
/// </summary>
public sealed class ChatWorld : IAsyncLifetime
{
    public HubFactory Hub { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 3, 2, 12, 0, 0, TimeSpan.Zero));

    public ChatFactory Chat { get; private set; } = null!;

    public HubMember Admin { get; private set; } = null!;

    public HubMember Intruder { get; private set; } = null!;

    /// <summary>Account A's admin, calling Chat with their access token.</summary>
    public HttpClient A { get; private set; } = null!;

    /// <summary>Account A's bot (a bot token with the agent role).</summary>
    public HttpClient Bot { get; private set; } = null!;

    /// <summary>Account B's admin.</summary>
    public HttpClient B { get; private set; } = null!;

    /// <summary>A channel gateway (a service token) acting for account A.</summary>
    public HttpClient Gateway { get; private set; } = null!;

    public int AccountA => Admin.TenantId;

    public int AccountB => Intruder.TenantId;

    public async Task InitializeAsync()
    {
        await Hub.InitializeAsync();
        Chat = new ChatFactory { Hub = Hub, Time = Clock };
        await ((IAsyncLifetime)Chat).InitializeAsync();
        Admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        Intruder = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        A = Client(TokenOf(Admin));
        B = Client(TokenOf(Intruder));
        Bot = Client((await (await Admin.Client.PostAsJsonAsync("/api/identity/tokens", new { name = "Sofía bot", role = "agent", bot = true }))
            .ReadAsync<JsonElement>()).GetProperty("token").GetString()!);
        Gateway = GatewayFor(AccountA);
    }

    public HttpClient Client(string token)
    {
        var client = Chat.CreateClient();
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, token);
        return client;
    }

    public HttpClient GatewayFor(int account)
    {
        var client = Chat.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", HubFactory.AgentServiceToken);
        client.DefaultRequestHeaders.Add(HubApi.TenantHeader, account.ToString(CultureInfo.InvariantCulture));
        return client;
    }

    public static string TokenOf(HubMember member) => member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single();

    public string Account(int account, string path) => $"/api/v1/accounts/{account}{path}";

    /// <summary>A new inbox of account A.</summary>
    public async Task<int> InboxAsync(string type = "api", string? name = null)
    {
        object channel = type switch
        {
            "whatsapp" => new { type, phone_number = "+5491100000000", provider = "ycloud", provider_config = new { api_key = "secret-key" } },
            "web_widget" => new { type, website_url = "https://danza.example" },
            _ => new { type, webhook_url = "https://hooks.example/chat" },
        };
        var response = await A.PostAsJsonAsync(Account(AccountA, "/inboxes"), new { name = name ?? $"Bandeja {type}", channel });
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>An incoming message through the channel API; returns the ingest's answer.</summary>
    public async Task<JsonElement> IngestAsync(int inbox, string contactSource, string providerId, string content, string? name = "Lucía", string? phone = null)
    {
        var response = await Gateway.PostAsJsonAsync($"/api/channel/inboxes/{inbox}/messages", new
        {
            contact = new { source_id = contactSource, name, phone_number = phone },
            source_id = providerId,
            content,
        });
        return await response.ReadAsync<JsonElement>();
    }

    /// <summary>Account <paramref name="account"/>'s events, still in the outbox or already relayed to Chat's stream.</summary>
    public async Task<IReadOnlyList<IntegrationEvent>> EventsAsync(int account)
    {
        await using var scope = Chat.Services.CreateAsyncScope();
        var outbox = await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Set<OutboxMessage>().AsNoTracking()
            .OrderBy(m => m.Sequence).Select(m => m.Envelope).ToListAsync();
        var stream = await Chat.Redis.Database.StreamRangeAsync(Chat.Redis.KeyPrefix + "events:chat");
        return stream.Select(e => (string)e["event"]!).Concat(outbox)
            .Select(IntegrationEvent.FromJson).Where(e => e.Tenant == account).DistinctBy(e => e.Id).ToList();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Chat).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
        if (Directory.Exists(Chat.AttachmentFolder))
        {
            Directory.Delete(Chat.AttachmentFolder, recursive: true);
        }
    }
}
