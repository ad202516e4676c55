using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.Flow.Execution;
using VersatileHub.Tests.Fakes.ClientSystem;
using VersatileHub.Tests.Infrastructure;
using static VersatileHub.Tests.Flow.Engine.FlowData;

namespace VersatileHub.Tests.Flow.Engine;

/// <summary>Runs outlive the process that started them: restarts, dead workers, and several workers on one queue.</summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    private const int Tenant = 21;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2031, 3, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly List<FlowFactory> _hosts = [];
    private FakeClientSystem _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FakeClientSystem.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await ((IAsyncLifetime)host).DisposeAsync();
        }
        await _receiver.DisposeAsync();
    }

    /// <summary>A Flow host; later ones share the first one's database, as replicas or a restarted process do.</summary>
    private async Task<FlowFactory> HostAsync(TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string>();
        if (_hosts.Count > 0)
        {
            settings["ConnectionStrings:flowdb"] = _hosts[0].Database.ConnectionString;
        }
        var host = new FlowFactory { WithServices = SpecNodes.Register, Time = clock, Settings = settings };
        await ((IAsyncLifetime)host).InitializeAsync();
        _ = host.Server;
        _hosts.Add(host);
        return host;
    }

    private static async Task StopAsync(FlowFactory host) => await host.DisposeAsync();

    [Fact]
    public async Task A_wait_spans_a_process_restart()
    {
        var first = await HostAsync(_clock);
        var workflow = await SaveAsync(first, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},
              {"name":"Tomorrow","type":"wait","parameters":{"resume":"timeInterval","amount":1,"unit":"days"}},
              {"name":"Remind","type":"set","parameters":{"assignments":{"assignments":[{"name":"reminded","value":"={{ $json.name }}","type":"string"}]}}}],
             "connections":{"Start":{"main":[[{"node":"Tomorrow"}]]},"Tomorrow":{"main":[[{"node":"Remind"}]]}}}
            """);
        var run = await QueueAsync(first, workflow, items: [new JsonObject { ["name"] = "Lucía" }]);
        var waiting = await RunReachesAsync(first, Tenant, run, RunStatus.Waiting);
        Assert.Equal(_clock.GetUtcNow().AddDays(1), waiting.DueAt);
        await StopAsync(first);

        var later = new FakeTimeProvider(_clock.GetUtcNow().AddDays(1).AddMinutes(1));
        var second = await HostAsync(later);

        var done = await RunReachesAsync(second, Tenant, run, RunStatus.Succeeded, RunStatus.Failed);
        Assert.Equal(RunStatus.Succeeded, done.Status);
        var steps = await StepsAsync(second, Tenant, run);
        Assert.Equal(["Start", "Tomorrow", "Remind"], steps.Select(s => s.NodeName));
        AssertJson("""[[{"reminded":"Lucía"}]]""", steps[2].Output);
    }

    [Fact]
    public async Task A_run_stopped_midway_resumes_on_the_next_process_without_repeating_its_completed_call()
    {
        var gate = $"gate-{Guid.NewGuid():N}";
        var first = await HostAsync();
        var workflow = await SaveAsync(first, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},
              {"name":"Notify","type":"httpRequest","parameters":{"method":"POST","url":"RECEIVER"}},
              {"name":"Hold","type":"spec.gate","parameters":{"gate":"GATE"}},
              {"name":"Done","type":"noOp"}],
             "connections":{"Start":{"main":[[{"node":"Notify"}]]},"Notify":{"main":[[{"node":"Hold"}]]},"Hold":{"main":[[{"node":"Done"}]]}}}
            """.Replace("RECEIVER", _receiver.CallsUrl.ToString()).Replace("GATE", gate));
        var run = await QueueAsync(first, workflow);
        await GateNode.Gates.GetOrAdd(gate, _ => new GateNode.Gate()).Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(_receiver.Calls);

        await StopAsync(first);
        GateNode.Gates[gate].Open.TrySetResult();
        var second = await HostAsync();

        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(second, Tenant, run, RunStatus.Succeeded, RunStatus.Failed)).Status);
        Assert.Equal([$"{run:N}-2"], _receiver.Calls);
        var steps = await StepsAsync(second, Tenant, run);
        Assert.Equal(["Start", "Notify", "Hold", "Done"], steps.Select(s => s.NodeName));
        Assert.Equal(1, steps[1].Attempts);
    }

    [Fact]
    public async Task A_run_whose_worker_died_is_taken_over_when_its_lease_expires_and_its_committed_call_is_not_repeated()
    {
        var host = await HostAsync(_clock);
        var workflow = await SaveAsync(host, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},
              {"name":"Notify","type":"httpRequest","parameters":{"method":"POST","url":"RECEIVER"}},
              {"name":"Done","type":"noOp"}],
             "connections":{"Start":{"main":[[{"node":"Notify"}]]},"Notify":{"main":[[{"node":"Done"}]]}}}
            """.Replace("RECEIVER", _receiver.CallsUrl.ToString()));
        // A worker on another machine took the run, made the call, committed its step, and died before going on.
        var now = _clock.GetUtcNow();
        var run = Guid.CreateVersion7();
        using (var call = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _receiver.CallsUrl) { Content = new StringContent("{}") };
            request.Headers.Add("Idempotency-Key", $"{run:N}-2");
            (await call.SendAsync(request)).EnsureSuccessStatusCode();
        }
        await host.Services.GetRequiredService<RunStore>().WriteAsync("dead-worker",
            [new RunRecord(run, Tenant, workflow.Id, workflow.Version, RunStatus.Running, "Start", "manual", "[{}]", now, now, now, null,
                "dead-worker", now.AddSeconds(60), null, null, null, null)],
            [new StepRecord(run, Tenant, 1, "Start", StepStatus.Succeeded, "[{}]", "[[{}]]", null, 1, now, now),
             new StepRecord(run, Tenant, 2, "Notify", StepStatus.Succeeded, "[{}]", """[[{"received":1}]]""", null, 1, now, now)],
            CancellationToken.None);
        Assert.Equal(RunStatus.Running, (await RunAsync(host, Tenant, run)).Status);

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(host, Tenant, run, RunStatus.Succeeded, RunStatus.Failed)).Status);
        Assert.Single(_receiver.Calls);
        AssertJson("""[{"received":1}]""", (await StepsAsync(host, Tenant, run))[2].Input);
    }

    [Fact]
    public async Task Two_workers_on_one_queue_execute_each_run_once()
    {
        var first = await HostAsync();
        var second = await HostAsync();
        var workflow = await SaveAsync(first, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},{"name":"Count","type":"spec.count"},{"name":"Done","type":"noOp"}],
             "connections":{"Start":{"main":[[{"node":"Count"}]]},"Count":{"main":[[{"node":"Done"}]]}}}
            """);
        var runs = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            runs.Add(await QueueAsync(i % 2 == 0 ? first : second, workflow));
        }

        foreach (var run in runs)
        {
            Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(first, Tenant, run, RunStatus.Succeeded, RunStatus.Failed)).Status);
        }
        Assert.All(runs, run => Assert.Equal(1, CountNode.Executions[run]));
        foreach (var run in runs)
        {
            Assert.Equal(3, (await StepsAsync(first, Tenant, run)).Count);
        }
    }

    [Fact]
    public async Task A_workflows_concurrency_limit_holds_its_other_runs_in_the_queue()
    {
        var gate = $"gate-{Guid.NewGuid():N}";
        var host = await HostAsync();
        var workflow = await SaveAsync(host, Tenant, """
            {"nodes":[{"name":"Start","type":"manualTrigger"},{"name":"Hold","type":"spec.gate","parameters":{"gate":"GATE"}}],
             "connections":{"Start":{"main":[[{"node":"Hold"}]]}},
             "settings":{"maxConcurrency":1}}
            """.Replace("GATE", gate));
        var first = await QueueAsync(host, workflow);
        await GateNode.Gates.GetOrAdd(gate, _ => new GateNode.Gate()).Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await QueueAsync(host, workflow);
        await Task.Delay(500);
        Assert.Equal(RunStatus.Queued, (await RunAsync(host, Tenant, second)).Status);

        GateNode.Gates[gate].Open.TrySetResult();

        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(host, Tenant, first, RunStatus.Succeeded)).Status);
        Assert.Equal(RunStatus.Succeeded, (await RunReachesAsync(host, Tenant, second, RunStatus.Succeeded)).Status);
    }
}
