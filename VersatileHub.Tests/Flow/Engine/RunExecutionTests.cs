using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Workflows;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Infrastructure;
using static VersatileHub.Tests.Flow.Engine.FlowData;

namespace VersatileHub.Tests.Flow.Engine;

public sealed class RunExecutionTests : IAsyncLifetime
{
    private const int Tenant = 11;

    private readonly FlowFactory _flow = new() { WithServices = SpecNodes.Register };

    public async Task InitializeAsync() => await ((IAsyncLifetime)_flow).InitializeAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_flow).DisposeAsync();

    [Fact]
    public async Task A_run_executes_each_branch_in_order_and_records_every_steps_input_and_output()
    {
        var workflow = await SaveAsync(_flow, Tenant, """
            {"nodes":[
              {"name":"Start","type":"manualTrigger"},
              {"name":"Big?","type":"if","parameters":{"condition":"={{ $json.total > 100 }}"}},
              {"name":"Big","type":"set","parameters":{"assignments":{"assignments":[{"name":"size","value":"big","type":"string"},{"name":"id","value":"={{ $json.id }}","type":"number"}]}}},
              {"name":"Small","type":"set","parameters":{"assignments":{"assignments":[{"name":"size","value":"small","type":"string"}]}}}],
             "connections":{"Start":{"main":[[{"node":"Big?"}]]},"Big?":{"main":[[{"node":"Big"}],[{"node":"Small"}]]}}}
            """);
        var run = await QueueAsync(_flow, workflow, items: [new JsonObject { ["id"] = 1, ["total"] = 500 }, new JsonObject { ["id"] = 2, ["total"] = 5 }]);

        var done = await RunReachesAsync(_flow, Tenant, run, RunStatus.Succeeded, RunStatus.Failed);

        Assert.Equal(RunStatus.Succeeded, done.Status);
        var steps = await StepsAsync(_flow, Tenant, run);
        Assert.Equal(["Start", "Big?", "Big", "Small"], steps.Select(s => s.NodeName));
        Assert.All(steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.Equal("""[[{"id":1,"total":500}],[{"id":2,"total":5}]]""", steps[1].Output!.ToJsonString());
        Assert.Equal("""[{"id":1,"total":500}]""", steps[2].Input.ToJsonString());
        AssertJson("""[[{"size":"big","id":1}]]""", steps[2].Output);
        Assert.All(steps, s => Assert.NotNull(s.FinishedAt));
        Assert.NotNull(done.FinishedAt);
    }

    [Fact]
    public async Task A_node_that_fails_is_tried_again_until_it_succeeds()
    {
        var workflow = await SaveAsync(_flow, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},
              {"name":"Flaky","type":"spec.flaky","retryOnFail":true,"maxTries":3,"waitBetweenTries":0,"parameters":{"failures":"2"}}],
             "connections":{"Start":{"main":[[{"node":"Flaky"}]]}}}
            """);
        var run = await QueueAsync(_flow, workflow);

        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(_flow, Tenant, run, RunStatus.Succeeded, RunStatus.Failed)).Status);
        Assert.Equal(3, (await StepsAsync(_flow, Tenant, run))[1].Attempts);
    }

    [Fact]
    public async Task A_node_that_continues_on_fail_passes_its_items_on_with_the_error()
    {
        var workflow = await SaveAsync(_flow, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},
              {"name":"Flaky","type":"spec.flaky","continueOnFail":true,"parameters":{"failures":"5"}},
              {"name":"After","type":"noOp"}],
             "connections":{"Start":{"main":[[{"node":"Flaky"}]]},"Flaky":{"main":[[{"node":"After"}]]}}}
            """);
        var run = await QueueAsync(_flow, workflow);

        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(_flow, Tenant, run, RunStatus.Succeeded, RunStatus.Failed)).Status);
        var steps = await StepsAsync(_flow, Tenant, run);
        Assert.Equal(StepStatus.Failed, steps[1].Status);
        Assert.Equal("Try 1 failed.", steps[1].Error);
        Assert.Equal("""[{"error":"Try 1 failed."}]""", steps[2].Input.ToJsonString());
    }

    [Fact]
    public async Task An_expression_error_fails_its_node_with_the_expression_and_the_message_in_the_history()
    {
        var workflow = await SaveAsync(_flow, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},
              {"name":"Shape","type":"set","parameters":{"assignments":{"assignments":[{"name":"city","value":"={{ $json.customer.address.city }}","type":"string"}]}}}],
             "connections":{"Start":{"main":[[{"node":"Shape"}]]}}}
            """);
        var run = await QueueAsync(_flow, workflow);

        var failed = await RunReachesAsync(_flow, Tenant, run, RunStatus.Succeeded, RunStatus.Failed);

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal("Shape", failed.FailedNode);
        var step = (await StepsAsync(_flow, Tenant, run))[1];
        Assert.Equal(StepStatus.Failed, step.Status);
        Assert.Contains("{{ $json.customer.address.city }}", step.Error);
        Assert.Contains("address", step.Error);
        Assert.Equal(step.Error, failed.Error);
    }

    [Fact]
    public async Task A_failed_run_starts_the_tenants_error_workflow_with_its_id_node_and_error_and_publishes_flow_run_failed()
    {
        var errorWorkflow = await SaveAsync(_flow, Tenant, """
            {"nodes":[{"name":"On error","type":"errorTrigger"},{"name":"Alert","type":"noOp"}],
             "connections":{"On error":{"main":[[{"node":"Alert"}]]}}}
            """);
        var failing = await SaveAsync(_flow, Tenant, $$$"""
            {"nodes":[{"name":"Start","type":"manualTrigger"},{"name":"Stop","type":"stopAndError","parameters":{"errorMessage":"No stock for {{ $json.sku }}"}}],
             "connections":{"Start":{"main":[[{"node":"Stop"}]]}},
             "settings":{"errorWorkflow":"{{{errorWorkflow.Id}}}"}}
            """);
        var run = await QueueAsync(_flow, failing, items: [new JsonObject { ["sku"] = "ZP-37" }]);

        Assert.Equal(RunStatus.Failed, (await RunReachesAsync(_flow, Tenant, run, RunStatus.Succeeded, RunStatus.Failed)).Status);
        var errorRun = await Eventually.ThatAsync(
            () => InFlowAsync(_flow, Tenant, db => Task.FromResult(db.Set<Run>().Where(r => r.WorkflowId == errorWorkflow.Id).ToList())),
            runs => runs.Count == 1 && runs[0].Status == RunStatus.Succeeded);
        var item = errorRun[0].TriggerItems[0]!;
        Assert.Equal("error", errorRun[0].TriggeredBy);
        Assert.Equal(run.ToString(), (string)item["execution"]!["id"]!);
        Assert.Equal("Stop", (string)item["execution"]!["lastNodeExecuted"]!);
        Assert.Equal("No stock for ZP-37", (string)item["execution"]!["error"]!["message"]!);
        Assert.Equal(failing.Id.ToString(), (string)item["workflow"]!["id"]!);

        var published = await Eventually.ThatAsync(
            async () => (await _flow.Redis.Database.StreamRangeAsync(_flow.Redis.KeyPrefix + "events:flow"))
                .Select(e => IntegrationEvent.FromJson((string)e["event"]!)).Where(e => e.Type == "flow.run.failed").ToList(),
            events => events.Count == 1);
        Assert.Equal(Tenant, published[0].Tenant);
        Assert.Equal(run.ToString(), published[0].Subject);
        Assert.Equal("Stop", published[0].Data.GetProperty("node").GetString());
    }

    [Fact]
    public async Task Secret_variables_reach_expressions_but_are_masked_in_the_history()
    {
        var protector = _flow.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(VariableSet.SecretPurpose);
        await InFlowAsync(_flow, Tenant, async db =>
        {
            db.Add(TenantVariable.Create("ApiToken", protector.Protect("tok-9f8e7d6c"), secret: true, DateTimeOffset.UtcNow));
            db.Add(TenantVariable.Create("Shop", "Danza", secret: false, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        var workflow = await SaveAsync(_flow, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},
              {"name":"Auth","type":"set","parameters":{"assignments":{"assignments":[
                 {"name":"authorization","value":"=Bearer {{ $vars.ApiToken }}","type":"string"},
                 {"name":"length","value":"={{ $vars.ApiToken.length }}","type":"number"},
                 {"name":"shop","value":"={{ $vars.Shop }}","type":"string"}]}}}],
             "connections":{"Start":{"main":[[{"node":"Auth"}]]}}}
            """);
        var run = await QueueAsync(_flow, workflow);

        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(_flow, Tenant, run, RunStatus.Succeeded, RunStatus.Failed)).Status);
        AssertJson("""[[{"authorization":"Bearer ***","length":12,"shop":"Danza"}]]""", (await StepsAsync(_flow, Tenant, run))[1].Output);
    }

    [Fact]
    public async Task Pruning_deletes_finished_runs_beyond_the_newest_kept_per_workflow()
    {
        var workflow = await SaveAsync(_flow, Tenant, """{"nodes":[{"name":"Start","type":"manualTrigger"}],"connections":{}}""");
        var runs = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            runs.Add(await QueueAsync(_flow, workflow));
            await RunReachesAsync(_flow, Tenant, runs[^1], RunStatus.Succeeded);
        }

        await _flow.Services.GetRequiredService<RunStore>().PruneAsync(DateTimeOffset.UtcNow.AddDays(-1), keep: 2, CancellationToken.None);

        var left = await InFlowAsync(_flow, Tenant, db => Task.FromResult(db.Set<Run>().Where(r => r.WorkflowId == workflow.Id).Select(r => r.Id).ToList()));
        Assert.Equal(runs[2..].Order(), left.Order());
        Assert.Empty(await StepsAsync(_flow, Tenant, runs[0]));
    }
}
