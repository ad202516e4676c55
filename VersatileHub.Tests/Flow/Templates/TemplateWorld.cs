using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Hub.Appointments;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Flow.Templates;

/// <summary>
/// The Hub, Chat and Flow in memory on one event-bus key space and one clock the specs move, Flow calling the others with
/// its service token as in the AppHost. Tenant A is a salon (the Hub's agenda, with Ana Pérez as a customer) with a
/// WhatsApp inbox and an API inbox for alerts in Chat, and the variables the templates read set through Flow's API.
/// </summary>
public sealed class TemplateWorld : IAsyncLifetime
{
    /// <summary>09:00 in Buenos Aires on the next calendar day: close to now (tokens and keys stay valid), ahead of it.</summary>
    public static readonly DateTimeOffset Start = new(DateTime.UtcNow.Date.AddDays(1).AddHours(12), TimeSpan.Zero);

    public const string ManagerPhone = "+5491166667777";

    private static readonly TimeZoneInfo BuenosAires = TimeZoneInfo.FindSystemTimeZoneById("America/Argentina/Buenos_Aires");

    private readonly string _events = $"t{Guid.NewGuid():N}:";
    private readonly Dictionary<string, Guid> _workflows = [];

    public FakeTimeProvider Clock { get; } = new(Start);

    public HubFactory Hub { get; private set; } = null!;

    public ChatFactory Chat { get; private set; } = null!;

    public FlowFactory Flow { get; private set; } = null!;

    public HubMember Admin { get; private set; } = null!;

    /// <summary>Tenant A's admin, calling the Hub.</summary>
    public HttpClient HubA => Admin.Client;

    /// <summary>Tenant A's admin, calling Chat.</summary>
    public HttpClient ChatA { get; private set; } = null!;

    /// <summary>Tenant A's admin, calling Flow.</summary>
    public HttpClient FlowA { get; private set; } = null!;

    public int TenantA => Admin.TenantId;

    internal Salon Salon { get; private set; } = null!;

    public int WhatsAppInbox { get; private set; }

    public int AlertInbox { get; private set; }

    public async Task InitializeAsync()
    {
        Hub = new HubFactory { EventKeyPrefix = _events, Time = Clock };
        await ((IAsyncLifetime)Hub).InitializeAsync();
        Chat = new ChatFactory { Hub = Hub, EventKeyPrefix = _events, Time = Clock };
        await ((IAsyncLifetime)Chat).InitializeAsync();
        Flow = new FlowFactory { Hub = Hub, Chat = Chat, EventKeyPrefix = _events, Time = Clock };
        await ((IAsyncLifetime)Flow).InitializeAsync();
        _ = Flow.Server;
        Admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        ChatA = AgentWorld.With(Chat.CreateClient(), Admin);
        FlowA = AgentWorld.With(Flow.CreateClient(), Admin);
        Salon = await Hub.SalonAsync(TenantA);
        WhatsAppInbox = await InboxAsync("WhatsApp del salón", new
        {
            type = "whatsapp",
            phone_number = "+5491150000000",
            provider = "ycloud",
            provider_config = new { api_key = "ycloud-key", webhook_secret = "whsec_template_world" },
        });
        AlertInbox = await InboxAsync("Alertas", new { type = "api", webhook_url = "https://hooks.example/alerts" });
        await VariableAsync("whatsappInboxId", WhatsAppInbox.ToString(CultureInfo.InvariantCulture));
        await VariableAsync("alertInboxId", AlertInbox.ToString(CultureInfo.InvariantCulture));
        await VariableAsync("managerPhone", ManagerPhone);
    }

    /// <summary>
    /// The active workflow made from the template (once per world, so that one event never sets off two of them) through
    /// Flow's API as a user makes it; its id. Every variable the template reads is already set.
    /// </summary>
    public async Task<Guid> WorkflowAsync(string template)
    {
        if (!_workflows.TryGetValue(template, out var id))
        {
            id = _workflows[template] = await FromTemplateAsync(template);
        }
        return id;
    }

    private async Task<Guid> FromTemplateAsync(string template)
    {
        var created = await FlowA.PostAsJsonAsync($"/api/flow/templates/{template}/workflows", new { });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadAsync<JsonElement>();
        Assert.Empty(body.GetProperty("missingVariables").EnumerateArray());
        var id = body.GetProperty("workflow").GetProperty("id").GetGuid();
        var activated = await FlowA.PostAsync($"/api/flow/workflows/{id}/activate", null);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        return id;
    }

    /// <summary>A customer writes to the WhatsApp inbox, handed to Chat as the gateway does; the conversation's display id.</summary>
    public async Task<int> CustomerWritesAsync(string phone, string name, string text)
    {
        using var gateway = Gateway();
        var response = await gateway.PostAsJsonAsync($"/api/channel/inboxes/{WhatsAppInbox}/messages", new
        {
            contact = new { source_id = phone.TrimStart('+'), name, phone_number = phone },
            source_id = $"wamid.{Guid.NewGuid():N}",
            content = text,
        });
        return (await response.ReadAsync<JsonElement>()).GetProperty("conversation_id").GetInt32();
    }

    /// <summary>The WhatsApp gateway, calling Chat's channel API with its service token for tenant A.</summary>
    public HttpClient Gateway()
    {
        var gateway = Chat.CreateClient();
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", WhatsAppFactory.ServiceToken);
        gateway.DefaultRequestHeaders.Add(HubApi.TenantHeader, TenantA.ToString(CultureInfo.InvariantCulture));
        return gateway;
    }

    /// <summary>The bot (the Agent, with its service token), calling Chat's account API for tenant A.</summary>
    public HttpClient Bot()
    {
        var bot = Chat.CreateClient();
        bot.DefaultRequestHeaders.Authorization = new("Bearer", HubFactory.AgentServiceToken);
        bot.DefaultRequestHeaders.Add(HubApi.TenantHeader, TenantA.ToString(CultureInfo.InvariantCulture));
        return bot;
    }

    /// <summary>Chat's contact with <paramref name="phone"/> once Chat has linked it to the Hub's customer with that phone.</summary>
    public async Task<JsonElement> LinkedContactAsync(string phone) =>
        await Eventually.ThatAsync(
            async () => (await ChatA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{TenantA}/contacts/search?q={Uri.EscapeDataString(phone)}"))
                .GetProperty("payload").EnumerateArray().FirstOrDefault(),
            contact => contact.ValueKind == JsonValueKind.Object && contact.GetProperty("hub_customer_id").ValueKind == JsonValueKind.Number);

    /// <summary>The conversation's messages as Chatwoot lists them, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync(int displayId) =>
        [.. (await ChatA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{TenantA}/conversations/{displayId}/messages")).GetProperty("payload").EnumerateArray()];

    /// <summary>The conversations of an inbox, newest activity first.</summary>
    public async Task<IReadOnlyList<JsonElement>> ConversationsAsync(int inbox) =>
        [.. (await ChatA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{TenantA}/conversations?inbox_id={inbox}&status=all"))
            .GetProperty("data").GetProperty("payload").EnumerateArray()];

    /// <summary>The workflow's runs as the runs API lists them, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> RunsAsync(Guid workflow) =>
        [.. (await FlowA.GetFromJsonAsync<JsonElement>($"/api/flow/runs?workflowId={workflow}")).GetProperty("runs").EnumerateArray()];

    /// <summary>Tomorrow (by the world's clock, in Buenos Aires) <paramref name="hours"/> after the present hour.</summary>
    public DateTimeOffset TomorrowInHours(int hours)
    {
        var now = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), BuenosAires);
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, now.Offset);
        return hour.AddDays(1).AddHours(hours);
    }

    /// <summary>
    /// Moves the shared clock to <paramref name="instant"/> once no run is executing, so that no run's lease lapses under it
    /// (a lease is the executing worker's until a time of the same clock).
    /// </summary>
    public async Task MoveClockToAsync(DateTimeOffset instant)
    {
        await EventuallyAsync(
            () =>
            {
                var now = Clock.GetUtcNow();
                return InFlowAsync(db => db.Set<Run>().AsNoTracking().CountAsync(r => r.Status == RunStatus.Running || (r.Status == RunStatus.Queued && r.DueAt <= now)));
            },
            executing => executing == 0);
        // A TimeProvider's now is in UTC, as the services write it to PostgreSQL.
        Clock.SetUtcNow(instant.ToUniversalTime());
    }

    /// <summary>
    /// Delivers <paramref name="producer"/>'s latest event of <paramref name="type"/> that <paramref name="matches"/> once
    /// more (the bus delivers at least once) and waits until Flow has consumed it.
    /// </summary>
    public async Task RedeliverAsync(string producer, string type, Func<JsonElement, bool> matches)
    {
        var stream = $"{_events}events:{producer}";
        var redis = Flow.Redis.Database;
        var entry = (await redis.StreamRangeAsync(stream, messageOrder: Order.Descending))
            .Select(e => e["event"].ToString())
            .First(json =>
            {
                using var envelope = JsonDocument.Parse(json);
                return envelope.RootElement.GetProperty("type").GetString() == type && matches(envelope.RootElement.GetProperty("data"));
            });
        var again = await redis.StreamAddAsync(stream, "event", entry);
        await Eventually.ThatAsync(
            async () => (await redis.StreamGroupInfoAsync(stream)).FirstOrDefault(g => g.Name == "flow"),
            group => group.Name == "flow" && group.LastDeliveredId == again && group.PendingMessageCount == 0);
    }

    /// <summary>Waits until <paramref name="done"/> holds; when it never does, the failure lists tenant A's runs and their steps.</summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        try
        {
            return await Eventually.ThatAsync(probe, done);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\nRuns:\n{await DescribeRunsAsync()}", timeout);
        }
    }

    /// <summary>Every run of tenant A with its steps' errors, for a spec's failure message.</summary>
    public Task<string> DescribeRunsAsync() =>
        InFlowAsync(async db =>
        {
            var runs = await db.Set<Run>().AsNoTracking().OrderBy(r => r.QueuedAt).ToListAsync();
            var steps = await db.Set<Step>().AsNoTracking().OrderBy(s => s.Sequence).ToListAsync();
            return string.Join("\n", runs.Select(r => $"{r.Id} {r.TriggeredBy} {r.Status} due {r.DueAt:O} failed at {r.FailedNode}: {r.Error}; steps: "
                + string.Join(", ", steps.Where(s => s.RunId == r.Id).Select(s => $"{s.NodeName} {s.Status} {s.Error}"))));
        });

    public async Task<T> InFlowAsync<T>(Func<FlowDbContext, Task<T>> query)
    {
        await using var scope = Flow.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(TenantA);
        return await query(scope.ServiceProvider.GetRequiredService<FlowDbContext>());
    }

    private async Task<int> InboxAsync(string name, object channel)
    {
        var response = await ChatA.PostAsJsonAsync($"/api/v1/accounts/{TenantA}/inboxes", new { name, channel });
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task VariableAsync(string name, string value)
    {
        var response = await FlowA.PutAsJsonAsync($"/api/flow/variables/{name}", new { value });
        Assert.True(response.IsSuccessStatusCode, $"Setting {name}: {response.StatusCode}");
    }

    public async Task DisposeAsync()
    {
        ChatA.Dispose();
        FlowA.Dispose();
        await ((IAsyncLifetime)Flow).DisposeAsync();
        await ((IAsyncLifetime)Chat).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
        if (Directory.Exists(Chat.AttachmentFolder))
        {
            Directory.Delete(Chat.AttachmentFolder, recursive: true);
        }
    }
}
