using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Fakes.OpenAi;
using VersatileHub.Tests.Fakes.ClientSystem;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Flow.Actions;

/// <summary>
/// The Hub, Chat, the Agent (on a fake model) and Flow in memory on one event-bus key space, Flow calling the others with
/// its service token as in the AppHost, and a client's own system on a real socket. Tenant A has an admin and an API inbox.
/// </summary>
public sealed class ActionWorld : IAsyncLifetime
{
    public const string Model = "flow-model";

    private readonly string _events = $"t{Guid.NewGuid():N}:";

    public HubFactory Hub { get; private set; } = null!;

    public ChatFactory Chat { get; private set; } = null!;

    public AgentFactory Agent { get; private set; } = null!;

    public FlowFactory Flow { get; private set; } = null!;

    public FakeOpenAi Llm { get; private set; } = null!;

    public FakeClientSystem ClientSystem { get; private set; } = null!;

    public HubMember Admin { get; private set; } = null!;

    /// <summary>Tenant A's admin, calling Chat.</summary>
    public HttpClient ChatA { get; private set; } = null!;

    public int TenantA => Admin.TenantId;

    public int Inbox { get; private set; }

    public string EventPrefix => _events;

    public async Task InitializeAsync()
    {
        Llm = await FakeOpenAi.StartAsync();
        ClientSystem = await FakeClientSystem.StartAsync();
        Hub = new HubFactory { EventKeyPrefix = _events };
        await ((IAsyncLifetime)Hub).InitializeAsync();
        Chat = new ChatFactory { Hub = Hub, EventKeyPrefix = _events };
        await ((IAsyncLifetime)Chat).InitializeAsync();
        Agent = new AgentFactory { Hub = Hub, Chat = Chat, EventKeyPrefix = _events };
        await ((IAsyncLifetime)Agent).InitializeAsync();
        Flow = new FlowFactory { Hub = Hub, Chat = Chat, Agent = Agent, EventKeyPrefix = _events };
        await ((IAsyncLifetime)Flow).InitializeAsync();
        _ = Flow.Server;
        Admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        ChatA = AgentWorld.With(Chat.CreateClient(), Admin);
        var inbox = await ChatA.PostAsJsonAsync($"/api/v1/accounts/{TenantA}/inboxes", new { name = "Web", channel = new { type = "api", webhook_url = "https://hooks.example/chat" } });
        Inbox = (await inbox.ReadAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>Executes one node of <paramref name="type"/> for tenant A as a run's step would, parameters taken as written.</summary>
    public Task<IReadOnlyList<JsonObject>> ExecuteAsync(string type, object parameters, string idempotencyKey, params JsonObject[] items) =>
        ExecuteAsync(TenantA, type, parameters, idempotencyKey, items);

    public async Task<IReadOnlyList<JsonObject>> ExecuteAsync(int tenant, string type, object parameters, string idempotencyKey, params JsonObject[] items)
    {
        await using var scope = Flow.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        var node = Flow.Services.GetRequiredService<NodeRegistry>().Find(type) ?? throw new InvalidOperationException($"No node type {type}.");
        var definition = new WorkflowNode { Name = "Action", Type = type, Parameters = Parameters(parameters) };
        var execution = new NodeExecution(
            definition, items.Length == 0 ? [new JsonObject()] : items, tenant, Guid.NewGuid(), Guid.NewGuid(), idempotencyKey,
            scope.ServiceProvider, (raw, _) => raw?.DeepClone());
        var outcome = await node.ExecuteAsync(execution, CancellationToken.None);
        return Assert.IsType<NodeOutcome.Completed>(outcome).Outputs.Single();
    }

    public IEnumerable<DefinitionError> Validate(string type, object parameters)
    {
        var node = Flow.Services.GetRequiredService<NodeRegistry>().Find(type)!;
        return node.Validate(new WorkflowNode { Name = "Action", Type = type, Parameters = Parameters(parameters) });
    }

    public static JsonObject Parameters(object parameters) =>
        parameters as JsonObject ?? JsonSerializer.SerializeToNode(parameters, WorkflowDefinition.Json)!.AsObject();

    /// <summary>A conversation of tenant A's API inbox with a customer who wrote first; its display id.</summary>
    public async Task<int> ConversationAsync()
    {
        using var gateway = Chat.CreateClient();
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", HubFactory.AgentServiceToken);
        gateway.DefaultRequestHeaders.Add(HubApi.TenantHeader, TenantA.ToString(CultureInfo.InvariantCulture));
        var response = await gateway.PostAsJsonAsync($"/api/channel/inboxes/{Inbox}/messages", new
        {
            contact = new { source_id = Guid.NewGuid().ToString("N"), name = "Lucía" },
            source_id = Guid.NewGuid().ToString("N"),
            content = "Hola",
        });
        return (await response.ReadAsync<JsonElement>()).GetProperty("conversation_id").GetInt32();
    }

    /// <summary>The conversation's messages as Chatwoot lists them, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync(int displayId) =>
        [.. (await ChatA.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{TenantA}/conversations/{displayId}/messages")).GetProperty("payload").EnumerateArray()];

    public async Task DisposeAsync()
    {
        ChatA.Dispose();
        await ((IAsyncLifetime)Flow).DisposeAsync();
        await ((IAsyncLifetime)Agent).DisposeAsync();
        await ((IAsyncLifetime)Chat).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
        await ClientSystem.DisposeAsync();
        await Llm.DisposeAsync();
        if (Directory.Exists(Chat.AttachmentFolder))
        {
            Directory.Delete(Chat.AttachmentFolder, recursive: true);
        }
    }
}
