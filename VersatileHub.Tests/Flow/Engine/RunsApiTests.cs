using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using VersatileHub.Flow.Workflows;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Infrastructure;
using static VersatileHub.Tests.Flow.Engine.FlowData;

namespace VersatileHub.Tests.Flow.Engine;

/// <summary>The runs API as the web app calls it: signed in through the Hub, for the caller's tenant only.</summary>
public sealed class RunsApiTests : IAsyncLifetime
{
    private HubFactory _hub = null!;
    private FlowFactory _flow = null!;
    private HubMember _admin = null!;
    private HubMember _intruder = null!;
    private HttpClient _a = null!;
    private HttpClient _b = null!;

    public async Task InitializeAsync()
    {
        _hub = new HubFactory();
        await ((IAsyncLifetime)_hub).InitializeAsync();
        _flow = new FlowFactory { Hub = _hub };
        await ((IAsyncLifetime)_flow).InitializeAsync();
        _admin = await HubApi.CreateTenantWithMemberAsync(_hub, "admin");
        _intruder = await HubApi.CreateTenantWithMemberAsync(_hub, "admin");
        _a = AgentWorld.With(_flow.CreateClient(), _admin);
        _b = AgentWorld.With(_flow.CreateClient(), _intruder);
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await ((IAsyncLifetime)_flow).DisposeAsync();
        await ((IAsyncLifetime)_hub).DisposeAsync();
    }

    private const string Greeting = """
        {"nodes":[{"name":"Start","type":"manualTrigger"},
          {"name":"Greet","type":"code","parameters":{"jsCode":"if ($vars.Ready !== 'yes') { throw new Error('not ready'); }\nreturn items.map(i => ({ json: { hello: i.json.name } }));"}}],
         "connections":{"Start":{"main":[[{"node":"Greet"}]]}}}
        """;

    private async Task<JsonElement> RunEndsAsync(Guid run) =>
        await Eventually.ThatAsync(
            async () => await _a.GetFromJsonAsync<JsonElement>($"/api/flow/runs/{run}"),
            detail => detail.GetProperty("run").GetProperty("status").GetString() is "Succeeded" or "Failed");

    [Fact]
    public async Task A_manual_run_with_test_input_shows_each_steps_input_output_and_timings()
    {
        var workflow = await SaveAsync(_flow, _admin.TenantId, Greeting);
        await InFlowAsync(_flow, _admin.TenantId, async db =>
        {
            db.Add(TenantVariable.Create("Ready", "yes", secret: false, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });

        var started = await _a.PostAsJsonAsync("/api/flow/runs", new { workflowId = workflow.Id, items = new[] { new { name = "Ana" }, new { name = "Luis" } } });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/flow/runs/{run}", started.Headers.Location?.OriginalString);
        var detail = await RunEndsAsync(run);
        Assert.Equal("Succeeded", detail.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("manual", detail.GetProperty("run").GetProperty("triggeredBy").GetString());
        var steps = detail.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["Start", "Greet"], steps.Select(s => s.GetProperty("node").GetString()));
        AssertJson("""[{"name":"Ana"},{"name":"Luis"}]""", JsonNode.Parse(steps[1].GetProperty("input").GetRawText()));
        AssertJson("""[[{"hello":"Ana"},{"hello":"Luis"}]]""", JsonNode.Parse(steps[1].GetProperty("output").GetRawText()));
        Assert.True(steps[1].GetProperty("durationMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task A_failed_run_is_re_run_from_its_failed_node_replaying_the_steps_before_it()
    {
        var workflow = await SaveAsync(_flow, _admin.TenantId, Greeting);
        var started = await _a.PostAsJsonAsync("/api/flow/runs", new { workflowId = workflow.Id, items = new[] { new { name = "Ana" } } });
        var failedRun = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var failed = await RunEndsAsync(failedRun);
        Assert.Equal("Failed", failed.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal("Greet", failed.GetProperty("run").GetProperty("failedNode").GetString());
        Assert.Contains("not ready", failed.GetProperty("steps")[1].GetProperty("error").GetString());
        await InFlowAsync(_flow, _admin.TenantId, async db =>
        {
            db.Add(TenantVariable.Create("Ready", "yes", secret: false, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });

        var rerun = await _a.PostAsync($"/api/flow/runs/{failedRun}/rerun", null);

        Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
        var retry = (await rerun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var detail = await RunEndsAsync(retry);
        Assert.Equal("Succeeded", detail.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(failedRun, detail.GetProperty("run").GetProperty("retryOf").GetGuid());
        // The trigger's step is the failed run's, replayed: same start time.
        Assert.Equal(failed.GetProperty("steps")[0].GetProperty("startedAt").GetDateTimeOffset(), detail.GetProperty("steps")[0].GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, (await _a.PostAsync($"/api/flow/runs/{retry}/rerun", null)).StatusCode);
    }

    [Fact]
    public async Task Runs_are_listed_by_workflow_and_status_newest_first_in_pages()
    {
        var quick = await SaveAsync(_flow, _admin.TenantId, """{"nodes":[{"name":"Start","type":"manualTrigger"}],"connections":{}}""");
        var other = await SaveAsync(_flow, _admin.TenantId, """{"nodes":[{"name":"Start","type":"manualTrigger"}],"connections":{}}""");
        var runs = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var started = await _a.PostAsJsonAsync("/api/flow/runs", new { workflowId = quick.Id });
            runs.Add((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            await RunEndsAsync(runs[^1]);
        }
        await _a.PostAsJsonAsync("/api/flow/runs", new { workflowId = other.Id });

        var first = await _a.GetFromJsonAsync<JsonElement>($"/api/flow/runs?workflowId={quick.Id}&status=succeeded&limit=2");
        var page = first.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([runs[2], runs[1]], page);
        var second = await _a.GetFromJsonAsync<JsonElement>($"/api/flow/runs?workflowId={quick.Id}&status=succeeded&limit=2&before={first.GetProperty("next").GetGuid()}");
        Assert.Equal([runs[0]], second.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_unknown_things_are_404()
    {
        var workflow = await SaveAsync(_flow, _admin.TenantId, """{"nodes":[{"name":"Start","type":"manualTrigger"},{"name":"Next","type":"noOp"}],"connections":{}}""");

        async Task<IReadOnlyList<string>> FieldsAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name)];
        }

        Assert.Equal(["workflowId"], await FieldsAsync(await _a.PostAsJsonAsync("/api/flow/runs", new { })));
        Assert.Equal(["node"], await FieldsAsync(await _a.PostAsJsonAsync("/api/flow/runs", new { workflowId = workflow.Id, node = "Next" })));
        Assert.Equal(["items[1]"], await FieldsAsync(await _a.PostAsJsonAsync("/api/flow/runs", new { workflowId = workflow.Id, items = new object[] { new { }, 5 } })));
        Assert.Equal(["status"], await FieldsAsync(await _a.GetAsync("/api/flow/runs?status=finished")));
        Assert.Equal(["limit"], await FieldsAsync(await _a.GetAsync("/api/flow/runs?limit=0")));
        Assert.Equal(HttpStatusCode.NotFound, (await _a.PostAsJsonAsync("/api/flow/runs", new { workflowId = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _a.GetAsync($"/api/flow/runs/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _a.PostAsync($"/api/flow/runs/{Guid.NewGuid()}/rerun", null)).StatusCode);
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_nor_start_nor_re_run_a_tenants_runs()
    {
        var workflow = await SaveAsync(_flow, _admin.TenantId, """{"nodes":[{"name":"Start","type":"manualTrigger"}],"connections":{}}""");
        var started = await _a.PostAsJsonAsync("/api/flow/runs", new { workflowId = workflow.Id });
        var run = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await RunEndsAsync(run);

        Assert.Equal(HttpStatusCode.NotFound, (await _b.GetAsync($"/api/flow/runs/{run}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _b.PostAsync($"/api/flow/runs/{run}/rerun", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _b.PostAsJsonAsync("/api/flow/runs", new { workflowId = workflow.Id })).StatusCode);
        Assert.Empty((await _b.GetFromJsonAsync<JsonElement>("/api/flow/runs")).GetProperty("runs").EnumerateArray());
        using var anonymous = _flow.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/flow/runs")).StatusCode);
    }
}
