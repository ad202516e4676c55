using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using VersatileHub.Bench.Agent;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// The whole suite as deployed: the five services as their own processes (<see cref="SuiteProcesses"/>), YCloud faked at
/// its send API (<see cref="FakeYCloud"/>) and a model answering at once (<see cref="InstantModel"/>, the deployment's
/// model), the inbox's buffer window 0. Each new conversation is one signed YCloud webhook from a new contact; its latency
/// runs from the webhook's request to the bot's reply arriving at the fake provider, so it holds the suite's own time and
/// nothing of the model's or the buffer's. Also the five services' resident memory idle and under the heaviest load, and
/// the AppHost's start-up (<see cref="AppHostStartup"/>).
/// </summary>
internal static class SuiteBenchmark
{
    private static readonly int[] Rates = [10, 50, 100];
    private const long Megabyte = 1024 * 1024;

    /// <param name="scale">Scales each rate's 20 seconds (at least 3 s), e.g. 0.25 for a short try.</param>
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchServers servers, double scale = 1)
    {
        var results = new List<BenchResult> { await AppHostStartup.MeasureAsync() };

        await using var model = await InstantModel.StartAsync();
        await using var ycloud = await FakeYCloud.StartAsync();
        var settings = new SuiteSettings()
            .Set("agent", "Agent__Model__Endpoint", model.Endpoint.ToString())
            .Set("agent", "Agent__Model__Name", InstantModel.Name)
            .Set("agent", "Agent__LocalModel__ProbeEndpoint", "")
            .Set("whatsapp", "WhatsApp__YCloudBaseUrl", ycloud.BaseUrl)
            // YCloud paces a number at 60 messages/s by default; 100 new conversations/s need more than one number's default.
            .Set("whatsapp", "WhatsApp__YCloudMessagesPerSecond", "1000");
        var suite = await SuiteProcesses.StartAsync(servers, settings);
        var failed = true;
        try
        {
            var tenant = await SuiteTenant.SetUpAsync(suite);
            using var provider = new WebhookDelivery(suite["whatsapp"].Address, tenant) { Patience = TimeSpan.FromSeconds(30) };

            // Warm-up (JIT, pools, token and settings caches), not measured.
            await RunRateAsync(provider, tenant, ycloud, "0", perSecond: 10, count: 50);
            ycloud.Forget();

            await Task.Delay(TimeSpan.FromSeconds(10));
            var idle = suite.ResidentMemory();
            results.Add(Memory("idle, after a warm-up of 50 conversations", idle, 1024));

            IReadOnlyList<(string Name, long Bytes)> loaded = [];
            for (var r = 0; r < Rates.Length; r++)
            {
                var rate = Rates[r];
                var count = Math.Max(3 * rate, (int)(20 * scale * rate));
                using var sampler = new MemorySampler(suite);
                var run = await RunRateAsync(provider, tenant, ycloud, (r + 1).ToString(CultureInfo.InvariantCulture), rate, count);
                loaded = sampler.Peak();
                string stages;
                try
                {
                    stages = await StagesAsync(suite, tenant, ycloud, run);
                }
                catch (Npgsql.NpgsqlException exception)
                {
                    stages = "stages not read: " + exception.Message;
                }
                var sorted = run.Latencies.Order().ToArray();
                var p50 = sorted.Length > 0 ? Percentiles.Of(sorted, 50) : double.NaN;
                var p99 = sorted.Length > 0 ? Percentiles.Of(sorted, 99) : double.NaN;
                var everyOne = sorted.Length == count;
                results.Add(new BenchResult(
                    string.Create(CultureInfo.InvariantCulture,
                        $"suite: webhook in → reply at the provider, {rate} new conversations/s for {count / (double)rate:0} s; {sorted.Length} of {count} answered, {run.Refused} webhooks refused; {stages}"),
                    sorted.Length, run.Elapsed, p50, p99,
                    rate == 100 ? "p99 < 250 ms, every one answered" : "every one answered (p99 target at 100/s)",
                    everyOne && (rate != 100 || p99 < 250)));
                ycloud.Forget();
            }
            results.Add(Memory("peak under 100 new conversations/s", loaded, 2048));
            failed = false;
        }
        finally
        {
            await suite.DisposeAsync(keepLogs: failed);
        }
        return results;
    }

    private sealed record RateRun(double[] Latencies, TimeSpan Elapsed, int Refused, string[] Phones, DateTimeOffset[] SentAt);

    /// <summary>
    /// Where the time went, p50 and p99 of each stage, by the wall clock Chat's timestamps share with the bench: the webhook
    /// to the customer's message stored in Chat (gateway and ingest), that to the bot's reply stored (the Agent's turn), and
    /// that to the reply at the provider (Chat's event and the gateway's send).
    /// </summary>
    private static async Task<string> StagesAsync(SuiteProcesses suite, SuiteTenant tenant, FakeYCloud ycloud, RateRun run)
    {
        var stored = new Dictionary<string, (DateTimeOffset In, DateTimeOffset? Reply)>();
        await using (var chat = new Npgsql.NpgsqlConnection(suite.ConnectionString("chatdb")))
        {
            await chat.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("""
                SELECT '+' || ltrim(ct.phone_number, '+') AS phone,
                       min(m.created_at) FILTER (WHERE m.message_type = 'Incoming'),
                       min(m.created_at) FILTER (WHERE m.message_type = 'Outgoing' AND m.sender_type = 'Bot')
                FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id
                WHERE m.inbox_id = @inbox AND '+' || ltrim(ct.phone_number, '+') = ANY(@phones)
                GROUP BY 1
                """, chat);
            command.Parameters.AddWithValue("inbox", tenant.Inbox);
            command.Parameters.AddWithValue("phones", run.Phones);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(1))
                {
                    stored[reader.GetString(0)] = (reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
                }
            }
        }
        var ingest = new List<double>();
        var turn = new List<double>();
        var send = new List<double>();
        for (var i = 0; i < run.Phones.Length; i++)
        {
            if (!stored.TryGetValue(run.Phones[i], out var times))
            {
                continue;
            }
            ingest.Add((times.In - run.SentAt[i]).TotalMilliseconds);
            if (times.Reply is { } reply)
            {
                turn.Add((reply - times.In).TotalMilliseconds);
                if (ycloud.FirstToAt(run.Phones[i]) is { } arrived)
                {
                    send.Add((arrived - reply).TotalMilliseconds);
                }
            }
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"p50/p99 ms by stage: webhook → stored in Chat {Stage(ingest)}, → bot reply stored {Stage(turn)}, → at the provider {Stage(send)}");

        static string Stage(List<double> values)
        {
            if (values.Count == 0)
            {
                return "-";
            }
            var sorted = values.Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture, $"{Percentiles.Of(sorted, 50):0}/{Percentiles.Of(sorted, 99):0}");
        }
    }

    /// <summary>
    /// An open loop, as WhatsApp's customers write: conversation i's webhook leaves at i / rate seconds whatever happened to
    /// the earlier ones; then waits (up to 120 s after the last) for every reply to reach the provider.
    /// </summary>
    private static async Task<RateRun> RunRateAsync(WebhookDelivery provider, SuiteTenant tenant, FakeYCloud ycloud, string phase, int perSecond, int count)
    {
        var started = new long[count];
        var sentAt = new DateTimeOffset[count];
        var phones = new string[count];
        var refused = 0;
        var sends = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            var conversation = i;
            phones[i] = string.Create(CultureInfo.InvariantCulture, $"+549117{phase}{conversation:D6}");
            var webhook = tenant.Webhook(string.Create(CultureInfo.InvariantCulture, $"wamid.suite.{phase}.{conversation}"), phones[i],
                "Hola, ¿tienen turno para el martes a la tarde?");
            sends.Add(Task.Run(async () =>
            {
                started[conversation] = Stopwatch.GetTimestamp();
                sentAt[conversation] = DateTimeOffset.UtcNow;
                if (!await provider.DeliverAsync(webhook))
                {
                    Interlocked.Increment(ref refused);
                }
            }));
        }
        await Task.WhenAll(sends);

        var latencies = new ConcurrentDictionary<int, double>();
        var patience = Stopwatch.StartNew();
        while (latencies.Count < count - refused && patience.Elapsed < TimeSpan.FromSeconds(120))
        {
            for (var i = 0; i < count; i++)
            {
                if (!latencies.ContainsKey(i) && ycloud.TryFirstTo(phones[i], out var arrived))
                {
                    latencies[i] = Stopwatch.GetElapsedTime(started[i], arrived).TotalMilliseconds;
                }
            }
            await Task.Delay(50);
        }
        clock.Stop();
        return new RateRun([.. latencies.Values], clock.Elapsed, refused, phones, sentAt);
    }

    private static BenchResult Memory(string when, IReadOnlyList<(string Name, long Bytes)> memory, int targetMegabytes)
    {
        var total = memory.Sum(m => m.Bytes);
        var each = string.Join(", ", memory.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name} {m.Bytes / Megabyte} MB")));
        Console.WriteLine($"suite memory (VmRSS), {when}: {each}; total {total / Megabyte} MB");
        return new BenchResult(
            string.Create(CultureInfo.InvariantCulture, $"suite memory (VmRSS), {when}: {each}; total {total / Megabyte} MB"),
            memory.Count, TimeSpan.FromSeconds(1), null, null,
            string.Create(CultureInfo.InvariantCulture, $"five together < {targetMegabytes / 1024} GB"),
            total < targetMegabytes * Megabyte && memory.All(m => m.Bytes > 0));
    }

    /// <summary>Samples every service's VmRSS every 250 ms and keeps each one's peak.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly SuiteProcesses _suite;
        private readonly Dictionary<string, long> _peak = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;

        public MemorySampler(SuiteProcesses suite)
        {
            _suite = suite;
            _sampling = Task.Run(SampleAsync);
        }

        public IReadOnlyList<(string Name, long Bytes)> Peak()
        {
            lock (_peak)
            {
                return [.. _suite.All.Select(s => (s.Name, _peak.GetValueOrDefault(s.Name)))];
            }
        }

        private async Task SampleAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var (name, bytes) in _suite.ResidentMemory())
                {
                    lock (_peak)
                    {
                        _peak[name] = Math.Max(_peak.GetValueOrDefault(name), bytes);
                    }
                }
                try
                {
                    await Task.Delay(250, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _sampling.Wait();
            _stop.Dispose();
        }
    }
}
