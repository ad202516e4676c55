using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Flow.Workflows;

/// <summary>
/// The Hub and Flow in memory, Flow on a clock the spec moves. Tenant A's admin writes workflows; tenant B's admin is the
/// intruder. <see cref="SpecOnlyNodes"/> adds a node type with checks of its own.
/// </summary>
public class WorkflowsWorld : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 11, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public HubFactory Hub { get; private set; } = null!;

    public FlowFactory Flow { get; private set; } = null!;

    public HubMember Admin { get; private set; } = null!;

    public HubMember Intruder { get; private set; } = null!;

    /// <summary>Tenant A's admin, calling Flow.</summary>
    public HttpClient A { get; private set; } = null!;

    /// <summary>Tenant B's admin, calling Flow.</summary>
    public HttpClient B { get; private set; } = null!;

    public int TenantA => Admin.TenantId;

    public int TenantB => Intruder.TenantId;

    public async Task InitializeAsync()
    {
        Hub = new HubFactory();
        await ((IAsyncLifetime)Hub).InitializeAsync();
        Flow = new FlowFactory { Hub = Hub, Time = Time, WithServices = SpecOnlyNodes.Register };
        await ((IAsyncLifetime)Flow).InitializeAsync();
        Admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        Intruder = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        A = As(Admin);
        B = As(Intruder);
    }

    /// <summary>A client calling Flow with <paramref name="member"/>'s access token.</summary>
    public HttpClient As(HubMember member)
    {
        var client = Flow.CreateClient();
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single());
        return client;
    }

    /// <summary>Creates a workflow through the API as <paramref name="client"/>; its JSON view.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient client, string name, object[] nodes, object? connections = null, object? settings = null) =>
        await (await client.PostAsJsonAsync("/api/flow/workflows", new { name, nodes, connections = connections ?? new { }, settings })).ReadAsync<JsonElement>();

    public async Task<T> InFlowAsync<T>(int tenant, Func<FlowDbContext, Task<T>> query)
    {
        await using var scope = Flow.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        return await query(scope.ServiceProvider.GetRequiredService<FlowDbContext>());
    }

    public Task<List<Run>> RunsAsync(int tenant, Guid workflow) =>
        InFlowAsync(tenant, db => db.Set<Run>().AsNoTracking().Where(r => r.WorkflowId == workflow).OrderBy(r => r.QueuedAt).ToListAsync());

    public static Guid IdOf(JsonElement workflow) => workflow.GetProperty("id").GetGuid();

    /// <summary>A node as a definition writes it.</summary>
    public static JsonObject Node(string name, string type, object? parameters = null) =>
        new() { ["name"] = name, ["type"] = type, ["parameters"] = parameters is null ? new JsonObject() : JsonSerializer.SerializeToNode(parameters) };

    /// <summary>A <c>set</c> node that writes one field, in n8n's shape.</summary>
    public static JsonObject Fields(string name) =>
        Node(name, "set", new { assignments = new { assignments = new[] { new { name = "origen", value = "flow", type = "string" } } } });

    /// <summary>Connections from each named source's output 0 to its targets.</summary>
    public static JsonObject Chain(params (string From, string To)[] edges)
    {
        var connections = new JsonObject();
        foreach (var group in edges.GroupBy(e => e.From))
        {
            connections[group.Key] = new JsonObject
            {
                ["main"] = new JsonArray(new JsonArray(group.Select(e => (JsonNode)new JsonObject { ["node"] = e.To, ["type"] = "main", ["index"] = 0 }).ToArray())),
            };
        }
        return connections;
    }

    public virtual async Task DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        await ((IAsyncLifetime)Flow).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
    }
}
