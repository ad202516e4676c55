using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// The fault run (<c>./bench.sh faults [scale]</c>; docs/RELIABILITY.md): the five services as processes
/// (<see cref="SuiteProcesses"/>) over the bench's PostgreSQL and a persisted Redis of the run's own, the tenant's primary
/// and fallback models faked (<see cref="FakeModel"/>), YCloud faked (<see cref="FakeYCloud"/>). A steady load of
/// 10,000 × scale customer messages (four per contact, a webhook each, 2 % of them delivered twice as providers do) while,
/// one after another: each service is killed with SIGKILL and started again, PostgreSQL and Redis are restarted, the
/// provider answers a burst of 429 then of 500, and the primary model times out. Then, once the suite has settled, the
/// <see cref="FaultChecks"/>; the exit code is non-zero when one fails.
/// </summary>
internal static class FaultRun
{
    private const int MessagesAtFullSize = 10_000;
    private const int MessagesPerContact = 4;
    private const double DuplicateShare = 0.02;
    private static readonly TimeSpan ModelTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StepSpacing = TimeSpan.FromSeconds(12);

    private static readonly string[] Texts =
    [
        "Hola, ¿tienen turno para el martes a la tarde?", "¿Cuánto sale la clase de prueba?", "Quiero cambiar mi turno del jueves",
        "Hi, do you ship to Córdoba?", "¿Tienen zapatillas de punta talle 37?", "Gracias!", "Perfecto, nos vemos el sábado",
    ];

    private sealed record Step(string Name, Func<Task<string>> RunAsync);

    public static async Task<int> RunAsync(BenchServers servers, double scale, TextWriter output)
    {
        var messages = Math.Max(MessagesPerContact, (int)Math.Round(MessagesAtFullSize * scale));
        var contacts = Math.Max(1, messages / MessagesPerContact);
        var work = Directory.CreateTempSubdirectory("vh-faults-").FullName;
        await using var redisServer = await FaultRedis.StartAsync(work);
        var runServers = servers with { Redis = redisServer.ConnectionString };
        await using var model = await FakeModel.StartAsync();
        await using var ycloud = await FakeYCloud.StartAsync();
        var settings = new SuiteSettings()
            .Set("agent", "Agent__ModelTimeout", ModelTimeout.ToString("c", CultureInfo.InvariantCulture))
            .Set("agent", "Agent__LocalModel__ProbeEndpoint", "")
            .Set("whatsapp", "WhatsApp__YCloudBaseUrl", ycloud.BaseUrl);
        var postgres = new FaultPostgres(servers.Postgres);

        var suite = await SuiteProcesses.StartAsync(runServers, settings);
        var passed = false;
        try
        {
            var tenant = await SuiteTenant.SetUpAsync(suite);
            await tenant.UseModelsAsync(suite, model.Primary, model.Fallback, FakeModel.Name);
            using var redis = await ConnectionMultiplexer.ConnectAsync(redisServer.ConnectionString + ",abortConnect=false");
            using var provider = new WebhookDelivery(suite["whatsapp"].Address, tenant);

            Step[] steps =
            [
                .. suite.All.Select(service => new Step($"kill -9 {service.Name}, start it again", async () =>
                    Took(await suite.KillAndRestartAsync(service.Name, TimeSpan.FromSeconds(1)), "healthy again"))),
                new("restart PostgreSQL (pg_ctl restart -m fast)", async () => Took(await TimeAsync(postgres.RestartAsync), "accepting connections again")),
                new("restart Redis (SIGTERM, start again on its append-only file)", async () =>
                    Took(await TimeAsync(() => redisServer.RestartAsync(TimeSpan.FromSeconds(1))), "answering again")),
                new("provider answers 429 (Retry-After: 1) for 4 s, then 500 for 4 s", async () =>
                {
                    ycloud.RefuseFor(429, TimeSpan.FromSeconds(4));
                    await Task.Delay(TimeSpan.FromSeconds(4));
                    ycloud.RefuseFor(500, TimeSpan.FromSeconds(4));
                    await Task.Delay(TimeSpan.FromSeconds(4));
                    return string.Create(CultureInfo.InvariantCulture, $"{ycloud.Refused} sends refused");
                }),
                new(string.Create(CultureInfo.InvariantCulture, $"primary model times out for 10 s (Agent__ModelTimeout {ModelTimeout.TotalSeconds:0} s)"), async () =>
                {
                    var before = model.FallbackAnswers;
                    model.TimeOutFor(TimeSpan.FromSeconds(10));
                    await Task.Delay(TimeSpan.FromSeconds(10 + ModelTimeout.TotalSeconds));
                    return string.Create(CultureInfo.InvariantCulture, $"{model.HeldRequests} requests held, {model.FallbackAnswers - before} answered by the fallback");
                }),
            ];

            // The load lasts as long as the faults need (a step every 12 s) or as the messages at 20/s (what this 2-core machine sustains beside the faults), whichever is longer.
            var duration = TimeSpan.FromSeconds(Math.Max(messages / 20.0, (steps.Length + 1) * StepSpacing.TotalSeconds));
            var perSecond = messages / duration.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"faults: {messages:N0} messages from {contacts:N0} contacts at {perSecond:0.0}/s for {duration.TotalSeconds:0} s; {steps.Length} faults, one every {duration.TotalSeconds / (steps.Length + 1):0} s; services' logs in {suite.WorkDirectory}"));

            var clock = Stopwatch.StartNew();
            var acknowledged = new ConcurrentBag<string>();
            var unacknowledged = new ConcurrentBag<string>();
            var load = LoadAsync(provider, tenant, messages, contacts, perSecond, acknowledged, unacknowledged);
            var timeline = new List<string>();
            var stepFailures = new List<string>();
            for (var i = 0; i < steps.Length; i++)
            {
                var due = duration * (i + 1) / (steps.Length + 1) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
                var at = clock.Elapsed;
                string outcome;
                try
                {
                    outcome = await steps[i].RunAsync();
                }
                catch (Exception exception)
                {
                    outcome = "FAILED: " + exception.Message;
                    stepFailures.Add($"{steps[i].Name}: {exception.Message}");
                }
                var line = string.Create(CultureInfo.InvariantCulture, $"t={at.TotalSeconds,6:0.0} s  {steps[i].Name}: {outcome}");
                timeline.Add(line);
                output.WriteLine("faults: " + line);
            }
            await load;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"faults: load done at t={clock.Elapsed.TotalSeconds:0.0} s ({acknowledged.Count:N0} acknowledged, {provider.Redeliveries:N0} redeliveries after a failed delivery); waiting for the suite to settle"));

            var checks = new FaultChecks(suite, tenant, ycloud, redis);
            IReadOnlyList<FaultCheck> results =
            [
                new("every fault applied, and every service and server back after it", stepFailures.Count == 0,
                    string.Create(CultureInfo.InvariantCulture, $"{steps.Length - stepFailures.Count} of {steps.Length}"), stepFailures),
                .. await SettleAsync(checks, acknowledged, unacknowledged, output),
            ];
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fault run: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {messages:N0} messages, {contacts:N0} contacts, {clock.Elapsed.TotalSeconds:0} s in all"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"model: {model.PrimaryAnswers:N0} primary answers, {model.FallbackAnswers:N0} fallback answers, {model.HeldRequests:N0} held; provider: {ycloud.Accepted:N0} sends accepted, {ycloud.Refused:N0} refused on purpose"));
            output.WriteLine("logged: " + string.Join("; ", suite.All.Select(service => LogCounts(service))));
            foreach (var line in timeline)
            {
                output.WriteLine("  " + line);
            }
            output.WriteLine("| check | found | passed |");
            output.WriteLine("|---|---|---|");
            foreach (var check in results)
            {
                output.WriteLine($"| {check.Name} | {check.Found} | {(check.Passed ? "yes" : "NO")} |");
            }
            foreach (var check in results.Where(c => c.Examples.Count > 0))
            {
                output.WriteLine($"{check.Name}:");
                foreach (var example in check.Examples)
                {
                    output.WriteLine("  - " + example);
                }
            }
            passed = results.All(c => c.Passed);
            output.WriteLine(passed ? "faults: every check passed" : "faults: a check FAILED");
            return passed ? 0 : 1;
        }
        finally
        {
            await suite.DisposeAsync(keepLogs: !passed);
            await redisServer.DisposeAsync();
            if (passed)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>
    /// Message i comes from contact i mod contacts, at i / rate seconds (so a contact writes again every contacts / rate
    /// seconds); each webhook is delivered until acknowledged, and 2 % are delivered once more afterwards.
    /// </summary>
    private static async Task LoadAsync(
        WebhookDelivery provider, SuiteTenant tenant, int messages, int contacts, double perSecond,
        ConcurrentBag<string> acknowledged, ConcurrentBag<string> unacknowledged)
    {
        var sends = new List<Task>(messages);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            var wamid = string.Create(CultureInfo.InvariantCulture, $"wamid.faults.{i}");
            var from = string.Create(CultureInfo.InvariantCulture, $"+549118{i % contacts:D7}");
            var webhook = tenant.Webhook(wamid, from, Texts[i % Texts.Length]);
            var duplicate = Random.Shared.NextDouble() < DuplicateShare;
            sends.Add(Task.Run(async () =>
            {
                if (!await provider.DeliverAsync(webhook))
                {
                    unacknowledged.Add(wamid);
                    return;
                }
                acknowledged.Add(wamid);
                if (duplicate)
                {
                    await provider.DeliverAsync(webhook with { Signature = tenant.Sign(webhook.Body) });
                }
            }));
        }
        await Task.WhenAll(sends);
    }

    /// <summary>
    /// Checks every 5 s until all pass, or until nothing has changed for 2 minutes (the longest retry waits: event claims
    /// after 30 s, the gateway's backoff), at most 10 minutes; the last results.
    /// </summary>
    private static async Task<IReadOnlyList<FaultCheck>> SettleAsync(
        FaultChecks checks, ConcurrentBag<string> acknowledged, ConcurrentBag<string> unacknowledged, TextWriter output)
    {
        var sent = acknowledged.ToHashSet();
        var lost = unacknowledged.ToList();
        var clock = Stopwatch.StartNew();
        var lastChange = clock.Elapsed;
        var last = "";
        while (true)
        {
            var results = await checks.RunAsync(sent, lost);
            var summary = string.Join(" | ", results.Select(r => r.Found));
            if (summary != last)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"faults: +{clock.Elapsed.TotalSeconds:0} s: {summary}"));
                last = summary;
                lastChange = clock.Elapsed;
            }
            if (results.All(r => r.Passed) || clock.Elapsed - lastChange > TimeSpan.FromMinutes(2) || clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                return results;
            }
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Warnings and errors a service logged (JSON console lines), and the Agent's resumed turns.</summary>
    private static string LogCounts(ServiceProcess service)
    {
        var lines = File.Exists(service.LogPath) ? ServiceProcess.ReadShared(service.LogPath).ToList() : [];
        var warnings = lines.Count(l => l.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal));
        var errors = lines.Count(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal));
        var resumed = lines.Count(l => l.Contains("no turn answered", StringComparison.Ordinal));
        return string.Create(CultureInfo.InvariantCulture,
            $"{service.Name} {warnings} warnings, {errors} errors{(service.Name == "agent" ? $", {resumed} turns resumed" : "")}");
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }

    private static string Took(TimeSpan elapsed, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} after {elapsed.TotalSeconds:0.0} s");
}
