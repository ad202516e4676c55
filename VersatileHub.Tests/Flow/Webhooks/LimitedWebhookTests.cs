using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Execution;
using VersatileHub.Tests.Flow.Engine;
using VersatileHub.Tests.Infrastructure;
using static VersatileHub.Tests.Flow.Engine.FlowData;

namespace VersatileHub.Tests.Flow.Webhooks;

/// <summary>Flow whose webhooks wait five seconds for a run queued behind its workflow's concurrency limit, with the spec-only gate node.</summary>
public sealed class LimitedWebhookFlow : IAsyncLifetime
{
    public FlowFactory Flow { get; } = new()
    {
        Settings = new Dictionary<string, string> { ["Flow:Webhooks:QueuedResponseWait"] = "00:00:05" },
        WithServices = SpecNodes.Register,
    };

    public Task InitializeAsync() => ((IAsyncLifetime)Flow).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)Flow).DisposeAsync();
}

/// <summary>Webhooks answering with the output of a workflow limited to one run at a time.</summary>
public sealed class LimitedWebhookTests(LimitedWebhookFlow world) : IClassFixture<LimitedWebhookFlow>
{
    private const int Tenant = 32;

    /// <summary>A manual trigger that holds the workflow's one slot at a gate, and a webhook answering with its Set node.</summary>
    private static string Limited(string path, string gate, string shapeType = "set") => """
        {"nodes":[
           {"name":"Start","type":"manualTrigger"},
           {"name":"Hold","type":"spec.gate","parameters":{"gate":"GATE"}},
           {"name":"Hook","type":"webhook","parameters":{"path":"PATH","httpMethod":"POST","responseMode":"lastNode"}},
           {"name":"Shape","type":"SHAPE","parameters":{"errorMessage":"Sin stock","assignments":{"assignments":[
             {"name":"order","value":"={{ $json.body.id }}","type":"number"}]}}}],
         "connections":{"Start":{"main":[[{"node":"Hold"}]]},"Hook":{"main":[[{"node":"Shape"}]]}},
         "settings":{"maxConcurrency":1}}
        """.Replace("PATH", path).Replace("GATE", gate).Replace("SHAPE", shapeType);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_webhook_of_a_limited_workflow_with_a_free_slot_answers_with_the_runs_output()
    {
        var path = Unique("stock");
        await SaveAsync(world.Flow, Tenant, Limited(path, Unique("gate")), active: true);
        using var client = world.Flow.CreateClient();

        var response = await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 12 });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        AssertJson("""{"order":12}""", await response.Content.ReadFromJsonAsync<JsonNode>());
    }

    [Fact]
    public async Task A_webhook_of_a_limited_workflow_whose_run_fails_answers_502_naming_the_run_and_node()
    {
        var path = Unique("stock");
        await SaveAsync(world.Flow, Tenant, Limited(path, Unique("gate"), shapeType: "stopAndError"), active: true);
        using var client = world.Flow.CreateClient();

        var response = await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 13 });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Shape", (string)problem["node"]!);
        var run = await RunAsync(world.Flow, Tenant, Guid.Parse((string)problem["runId"]!));
        Assert.Equal((RunStatus.Failed, "Shape"), (run.Status, run.FailedNode));
    }

    [Fact]
    public async Task A_webhook_of_a_workflow_at_its_concurrency_limit_answers_202_naming_the_queued_run_which_runs_once_a_slot_frees()
    {
        var path = Unique("stock");
        var gate = Unique("gate");
        var workflow = await SaveAsync(world.Flow, Tenant, Limited(path, gate), active: true);
        var holding = await QueueAsync(world.Flow, workflow);
        await GateNode.Gates.GetOrAdd(gate, _ => new GateNode.Gate()).Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var client = world.Flow.CreateClient();

        var response = await client.PostAsJsonAsync($"/hooks/{Tenant}/{path}", new { id = 14 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var queued = Guid.Parse((string)problem["runId"]!);
        Assert.Equal(202, (int)problem["status"]!);
        Assert.Equal("queued", (string)problem["runStatus"]!);
        Assert.Contains(queued.ToString(), (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal($"/api/flow/runs/{queued}", response.Headers.Location?.ToString());
        Assert.Equal(RunStatus.Queued, (await RunAsync(world.Flow, Tenant, queued)).Status);

        GateNode.Gates[gate].Open.TrySetResult();

        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(world.Flow, Tenant, holding, RunStatus.Succeeded, RunStatus.Failed)).Status);
        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(world.Flow, Tenant, queued, RunStatus.Succeeded, RunStatus.Failed)).Status);
        AssertJson("""[[{"order":14}]]""", (await StepsAsync(world.Flow, Tenant, queued))[1].Output);
    }
}
