using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Agent.Data;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;
using VersatileHub.Tests.Fakes.OpenAi;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Agent;

/// <summary>
/// The Hub, Chat and the Agent in memory on one event-bus key space, the Agent calling a fake OpenAI-compatible model over
/// a real socket. Tenant A has an admin and an API inbox; tenant B's admin is the intruder.
/// </summary>
public sealed class AgentWorld : IAsyncLifetime
{
    public const string Primary = "primary-model";
    public const string Fallback = "fallback-model";

    private readonly string _events = $"t{Guid.NewGuid():N}:";

    public HubFactory Hub { get; private set; } = null!;

    public ChatFactory Chat { get; private set; } = null!;

    public AgentFactory Agent { get; private set; } = null!;

    public FakeOpenAi Model { get; private set; } = null!;

    /// <summary>The Agent's configuration from the AppHost, given the fake model (e.g. the deployment's model).</summary>
    public Func<FakeOpenAi, IReadOnlyDictionary<string, string>>? AgentSettings { get; init; }

    public HubMember Admin { get; private set; } = null!;

    public HubMember Intruder { get; private set; } = null!;

    /// <summary>Tenant A's admin, calling the Agent.</summary>
    public HttpClient A { get; private set; } = null!;

    /// <summary>Tenant B's admin, calling the Agent.</summary>
    public HttpClient B { get; private set; } = null!;

    /// <summary>Tenant A's admin, calling Chat.</summary>
    public HttpClient ChatA { get; private set; } = null!;

    public int TenantA => Admin.TenantId;

    public int Inbox { get; private set; }

    public async Task InitializeAsync()
    {
        Model = await FakeOpenAi.StartAsync();
        Hub = new HubFactory { EventKeyPrefix = _events };
        await ((IAsyncLifetime)Hub).InitializeAsync();
        Chat = new ChatFactory { Hub = Hub, EventKeyPrefix = _events };
        await ((IAsyncLifetime)Chat).InitializeAsync();
        Agent = new AgentFactory { Hub = Hub, Chat = Chat, EventKeyPrefix = _events, Settings = AgentSettings?.Invoke(Model) ?? new Dictionary<string, string>() };
        await ((IAsyncLifetime)Agent).InitializeAsync();
        Admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        Intruder = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        A = With(Agent.CreateClient(), Admin);
        B = With(Agent.CreateClient(), Intruder);
        ChatA = With(Chat.CreateClient(), Admin);
        var inbox = await ChatA.PostAsJsonAsync($"/api/v1/accounts/{TenantA}/inboxes", new { name = "Web", channel = new { type = "api", webhook_url = "https://hooks.example/chat" } });
        Inbox = (await inbox.ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public static HttpClient With(HttpClient client, HubMember member)
    {
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single());
        return client;
    }

    /// <summary>A client calling the Agent with the service token, for <paramref name="tenant"/>.</summary>
    public HttpClient Service(int tenant)
    {
        var client = Agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", HubFactory.AgentServiceToken);
        client.DefaultRequestHeaders.Add(HubApi.TenantHeader, tenant.ToString(CultureInfo.InvariantCulture));
        return client;
    }

    /// <summary>Tenant A's profiles: the fake's primary model and, when asked, its fallback model.</summary>
    public async Task ConfigureModelsAsync(bool withFallback = false, IReadOnlyList<string>? tools = null)
    {
        (await A.PostAsJsonAsync("/api/agent/profiles", new
        {
            role = "primary", name = "Principal", endpoint = Model.Endpoint, model = Primary, apiKey = "sk-test",
            persona = "Sos Sofía, de la tienda. Hablás de vos.", language = "es", enabledTools = tools,
        })).EnsureSuccessStatusCode();
        if (withFallback)
        {
            (await A.PostAsJsonAsync("/api/agent/profiles", new { role = "fallback", name = "Respaldo", endpoint = Model.Endpoint, model = Fallback, enabledTools = tools }))
                .EnsureSuccessStatusCode();
        }
    }

    /// <summary>The customer writes through the channel API; returns the conversation's display id, the contact and the message's id.</summary>
    public async Task<(int Conversation, int Contact, long Message)> CustomerWritesAsync(string contactSource, string text, string? phone = null)
    {
        using var gateway = Chat.CreateClient();
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", HubFactory.AgentServiceToken);
        gateway.DefaultRequestHeaders.Add(HubApi.TenantHeader, TenantA.ToString(CultureInfo.InvariantCulture));
        var response = await gateway.PostAsJsonAsync($"/api/channel/inboxes/{Inbox}/messages", new
        {
            contact = new { source_id = contactSource, name = "Lucía", phone_number = phone },
            source_id = Guid.NewGuid().ToString("N"),
            content = text,
        });
        var ingest = await response.ReadAsync<JsonElement>();
        return (ingest.GetProperty("conversation_id").GetInt32(), ingest.GetProperty("contact_id").GetInt32(), ingest.GetProperty("id").GetInt64());
    }

    public async Task<JsonElement> ConversationAsync(int displayId) =>
        await ChatA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{TenantA}/conversations/{displayId}");

    /// <summary>The conversation's messages as Chatwoot lists them, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync(int displayId) =>
        [.. (await ChatA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{TenantA}/conversations/{displayId}/messages")).GetProperty("payload").EnumerateArray()];

    /// <summary>The bot's messages to the customer (outgoing, from the agent bot).</summary>
    public async Task<IReadOnlyList<JsonElement>> BotRepliesAsync(int displayId) =>
        [.. (await MessagesAsync(displayId)).Where(m => m.GetProperty("message_type").GetInt32() == 1)];

    /// <summary>Waits for the Hub's customer linked to the contact (Chat links a contact with a phone).</summary>
    public async Task<int> LinkedCustomerAsync(int contact) =>
        await Eventually.ValueAsync(async () =>
        {
            var view = await ChatA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{TenantA}/contacts/{contact}");
            return view.GetProperty("payload").GetProperty("hub_customer_id") is { ValueKind: JsonValueKind.Number } id ? id.GetInt32() : (int?)null;
        });

    /// <summary>Whether the Agent has handled Chat's <c>message.created</c> of the message with <paramref name="messageId"/>.</summary>
    public async Task<bool> AgentHandledMessageAsync(long messageId)
    {
        var stream = await Chat.Redis.Database.StreamRangeAsync(_events + "events:chat");
        var created = stream.Select(e => IntegrationEvent.FromJson((string)e["event"]!))
            .FirstOrDefault(e => e.Type == "message.created" && e.Data.GetProperty("id").GetInt64() == messageId);
        if (created is null)
        {
            return false;
        }
        await using var scope = Agent.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AgentDbContext>().Set<ProcessedEvent>()
            .AnyAsync(p => p.ConsumerGroup == "agent" && p.EventId == created.Id);
    }

    public async Task<T> InAgentAsync<T>(Func<AgentDbContext, Task<T>> query)
    {
        await using var scope = Agent.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AgentDbContext>());
    }

    public async Task DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        ChatA.Dispose();
        await ((IAsyncLifetime)Agent).DisposeAsync();
        await ((IAsyncLifetime)Chat).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
        await Model.DisposeAsync();
        if (Directory.Exists(Chat.AttachmentFolder))
        {
            Directory.Delete(Chat.AttachmentFolder, recursive: true);
        }
    }
}

/// <summary>Waits for something the services do in the background, up to a generous deadline (never a speed assertion).</summary>
public static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe) where T : struct
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The expected state was not reached.");
            }
            await Task.Delay(50);
        }
    }

    public static async Task<T> ThatAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The expected state was not reached; last seen: {value}");
            }
            await Task.Delay(50);
        }
    }
}
