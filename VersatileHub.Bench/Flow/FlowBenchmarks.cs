using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace VersatileHub.Bench.Flow;

/// <summary>
/// Flow's targets: webhook → Set → Respond to Webhook executions per second with every run and step written to flowdb;
/// event-triggered runs per second (events committed to a Hub-like producer's outbox, relayed to its Redis stream, read
/// by Flow's event consumer, which queues a run per matching workflow, and executed by the workers); and memory that stays
/// flat over 100,000 runs. <paramref name="scale"/> shortens
/// every run count (e.g. 0.1 to prove the group works on a busy machine).
/// </summary>
internal static class FlowBenchmarks
{
    private const string WebhookWorkflow = """
        {"nodes":[
          {"name":"Order paid","type":"webhook","parameters":{"path":"orders/paid","httpMethod":"POST","responseMode":"responseNode"}},
          {"name":"Shape","type":"set","parameters":{"assignments":{"assignments":[
            {"name":"order","value":"={{ $json.body.id }}","type":"number"},
            {"name":"customer","value":"={{ $json.body.customer.toUpperCase() }}","type":"string"},
            {"name":"total","value":"={{ $json.body.items.reduce((s, i) => s + i.price * i.qty, 0) }}","type":"number"}]}}},
          {"name":"Reply","type":"respondToWebhook","parameters":{"respondWith":"firstIncomingItem"}}],
         "connections":{"Order paid":{"main":[[{"node":"Shape"}]]},"Shape":{"main":[[{"node":"Reply"}]]}}}
        """;

    private const string EventWorkflow = """
        {"nodes":[
          {"name":"Appointment created","type":"eventTrigger","parameters":{"event":"appointment.created"}},
          {"name":"Soon?","type":"if","parameters":{"condition":"={{ $json.data.minutesAhead < 1500 }}"}},
          {"name":"Reminder","type":"set","parameters":{"assignments":{"assignments":[
            {"name":"text","value":"=Hola {{ $json.data.name }}, te esperamos mañana","type":"string"}]}}},
          {"name":"Later","type":"noOp"}],
         "connections":{"Appointment created":{"main":[[{"node":"Soon?"}]]},"Soon?":{"main":[[{"node":"Reminder"}],[{"node":"Later"}]]}}}
        """;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchServers servers, double scale = 1)
    {
        int Scaled(int count) => Math.Max(100, (int)(count * scale));
        await using var bench = await FlowBench.StartAsync(servers);
        var results = new List<BenchResult>
        {
            await WebhooksAsync(bench, Scaled(20_000), concurrency: 64),
            await EventRunsAsync(bench, servers, Scaled(20_000), producers: 16),
            await MemoryAsync(bench, Scaled(100_000), concurrency: 64),
        };
        return results;
    }

    private static HttpClient Client(FlowBench bench, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false }) { BaseAddress = bench.Address, Timeout = TimeSpan.FromSeconds(60) };

    private static async Task<BenchResult> WebhooksAsync(FlowBench bench, int requests, int concurrency)
    {
        var workflow = await bench.SaveAsync("Webhook bench", WebhookWorkflow);
        using var client = Client(bench, concurrency);
        await CallAsync(client, Math.Min(1_000, requests), concurrency, null);

        var latencies = new double[requests];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var failures = await CallAsync(client, requests, concurrency, latencies);
        clock.Stop();
        var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / requests;
        var persisted = await bench.CountAsync("SELECT count(*) FROM steps s JOIN runs r ON r.id = s.run_id WHERE r.workflow_id = @workflow", workflow.Id);
        Array.Sort(latencies);
        var rate = requests / clock.Elapsed.TotalSeconds;
        return new BenchResult(
            FormattableString.Invariant($"flow webhook → Set → respond: {concurrency} in flight, {failures} failed, {persisted:N0} steps persisted, {cpuPerRun:0.00} ms .NET CPU/run"),
            requests, clock.Elapsed, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), "≥ 1,000 executions/s, history persisted",
            rate >= 1_000 && failures == 0);
    }

    /// <summary><paramref name="count"/> webhook calls from <paramref name="concurrency"/> callers; the failures.</summary>
    private static async Task<int> CallAsync(HttpClient client, int count, int concurrency, double[]? latencies)
    {
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync(new Uri($"/hooks/{FlowBench.Tenant}/orders/paid", UriKind.Relative), new
                {
                    id = i,
                    customer = "lucía fernández",
                    items = new[] { new { sku = "ZP-37", price = 120.5, qty = 1 }, new { sku = "MAL-2", price = 35.0, qty = 2 } },
                });
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
                if (latencies is not null)
                {
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }
        }));
        return failures;
    }

    private static async Task<BenchResult> EventRunsAsync(FlowBench bench, BenchServers servers, int runs, int producers)
    {
        var workflow = await bench.SaveAsync("Event bench", EventWorkflow);
        await using var hub = await HubOutbox.StartAsync(servers, bench.EventKeyPrefix);
        var finished = "SELECT count(*) FROM runs WHERE workflow_id = @workflow AND status IN ('Succeeded', 'Failed')";

        // A first tenth warms the relay, the consumer and the workers; the measured runs come after it.
        var warmUp = Math.Max(100, runs / 10);
        await PublishAsync(hub, 0, warmUp, producers);
        await FinishedAsync(bench, finished, workflow.Id, warmUp);

        var clock = Stopwatch.StartNew();
        await PublishAsync(hub, warmUp, runs, producers);
        await FinishedAsync(bench, finished, workflow.Id, warmUp + runs);
        clock.Stop();
        var failed = await bench.CountAsync("SELECT count(*) FROM runs WHERE workflow_id = @workflow AND status = 'Failed'", workflow.Id);
        var total = await bench.CountAsync("SELECT count(*) FROM runs WHERE workflow_id = @workflow", workflow.Id);
        var rate = runs / clock.Elapsed.TotalSeconds;
        return new BenchResult(
            FormattableString.Invariant($"flow event-triggered runs (appointment.created from {producers} producers through the outbox, the Hub's stream and Flow's consumer, executed by the workers): {failed} failed, {total - warmUp - runs} runs too many"),
            runs, clock.Elapsed, null, null, "≥ 500 runs/s", rate >= 500 && failed == 0 && total == warmUp + runs);
    }

    /// <summary>Events <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/>, each in its own transaction.</summary>
    private static async Task PublishAsync(HubOutbox hub, int from, int count, int producers)
    {
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < from + count)
            {
                await hub.PublishAsync("appointment.created", FlowBench.Tenant, i.ToString(CultureInfo.InvariantCulture),
                    new { id = i, name = "Lucía", minutesAhead = 1442 + i % 100 }, CancellationToken.None);
            }
        }));
    }

    /// <summary>Waits until <paramref name="count"/> runs of the workflow have finished.</summary>
    private static async Task FinishedAsync(FlowBench bench, string finished, Guid workflow, int count)
    {
        var stalled = Stopwatch.StartNew();
        var last = 0L;
        while (await bench.CountAsync(finished, workflow) is var done && done < count)
        {
            if (done != last)
            {
                (last, stalled) = (done, Stopwatch.StartNew());
            }
            if (stalled.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"Flow finished {done} of {count} event-triggered runs and none more for a minute.");
            }
            await Task.Delay(20);
        }
    }

    private static async Task<BenchResult> MemoryAsync(FlowBench bench, int runs, int concurrency)
    {
        using var client = Client(bench, concurrency);
        var chunk = Math.Max(100, runs / 10);
        var samples = new List<long>();
        var clock = Stopwatch.StartNew();
        var failures = 0;
        for (var done = 0; done < runs; done += chunk)
        {
            failures += await CallAsync(client, Math.Min(chunk, runs - done), concurrency, null);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            samples.Add(GC.GetTotalMemory(forceFullCollection: true));
        }
        clock.Stop();
        // The first chunk warms caches and pools; from the second on the heap must not grow with the runs.
        var baseline = samples[Math.Min(1, samples.Count - 1)];
        var last = samples[^1];
        var growth = (last - baseline) / 1_048_576.0;
        return new BenchResult(
            FormattableString.Invariant($"flow memory over {runs:N0} webhook runs: managed heap {baseline / 1_048_576.0:0.0} MB after {chunk:N0}, {last / 1_048_576.0:0.0} MB at the end ({growth:+0.0;-0.0} MB), {failures} failed"),
            runs, clock.Elapsed, null, null, "flat (< 10% or 16 MB growth)", failures == 0 && (growth < 16 || last < baseline * 1.10));
    }
}
