using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace VersatileHub.Bench.Chat;

/// <summary>
/// Channel ingest as the WhatsApp gateway drives it: many contacts writing at once, each contact's messages one after the
/// other (the gateway buffers per contact), every message a <c>POST /api/channel/inboxes/{id}/messages</c> with the
/// gateway's service token to the real Chat (contact, conversation, message, outbox and its relay, Chat's own consumers
/// of its events: live push, auto-assignment, the Hub customer link) over PostgreSQL on the same host. Each contact's
/// first message starts its conversation; latency is per request, from send to the answer.
/// </summary>
internal static class ChannelIngestBenchmark
{
    private static readonly string[] Texts =
    [
        "Hola, ¿tienen turno para el martes a la tarde?", "¿Cuánto sale la clase de prueba?", "Quiero cambiar mi turno del jueves",
        "Hi, do you ship to Córdoba?", "¿Tienen zapatillas de punta talle 37?", "Gracias!", "Perfecto, nos vemos el sábado",
        "Can I pay by bank transfer?", "¿A qué hora abren mañana?", "Mandame el link de pago por favor",
    ];

    public static async Task<BenchResult> RunAsync(BenchServers servers, int contacts = 2_000, int messagesPerContact = 15, int concurrency = 32)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var bench = await ChatBench.StartAsync(servers, $"bench_ingest_hub_{suffix}", $"bench_ingest_chat_{suffix}");
        using var gateway = bench.Gateway(concurrency);
        var inbox = await bench.OpenInboxAsync("WhatsApp (bench)");

        // Warm-up (JIT, connection pools, the Hub's answer for the token cached): contacts of their own, not measured.
        _ = await IngestAsync(gateway, inbox, "warm", contacts: concurrency, messagesPerContact: 3, concurrency, latencies: null);

        var latencies = new double[contacts * messagesPerContact];
        // The bench process's CPU time (Hub, Chat and the load generator; not PostgreSQL's or Redis's): on a shared machine
        // a figure that does not depend on what else runs, for reading the throughput against.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var failures = await IngestAsync(gateway, inbox, "contact", contacts, messagesPerContact, concurrency, latencies);
        clock.Stop();
        var cpuPerMessage = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / latencies.Length;
        if (failures.Count > 0)
        {
            Console.WriteLine($"ingest: {failures.Count} of {latencies.Length} messages refused; the first: {failures.First}");
        }

        Array.Sort(latencies);
        var total = latencies.Length;
        var rate = total / clock.Elapsed.TotalSeconds;
        return new BenchResult(
            FormattableString.Invariant($"channel ingest: {contacts:N0} contacts × {messagesPerContact} messages, {concurrency} in flight, {failures.Count} refused, {cpuPerMessage:0.00} ms .NET CPU/message"),
            total, clock.Elapsed, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), "≥ 1,500 messages/s, none refused",
            rate >= 1_500 && failures.Count == 0);
    }

    /// <summary>
    /// <paramref name="concurrency"/> senders, each taking the next contact not yet written for and posting its messages in
    /// order, so that one contact never has two messages in flight (as behind the gateway's per-contact buffer).
    /// </summary>
    private static async Task<Failures> IngestAsync(
        HttpClient gateway, int inbox, string prefix, int contacts, int messagesPerContact, int concurrency, double[]? latencies)
    {
        var failures = new Failures();
        var next = -1;
        var written = -1;
        var senders = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var contact = Interlocked.Increment(ref next); contact < contacts; contact = Interlocked.Increment(ref next))
            {
                var phone = string.Create(CultureInfo.InvariantCulture, $"+54911{(prefix == "warm" ? 4 : 5)}{contact:D7}");
                for (var m = 0; m < messagesPerContact; m++)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await gateway.PostAsJsonAsync(new Uri($"/api/channel/inboxes/{inbox}/messages", UriKind.Relative), new
                    {
                        contact = new { source_id = phone[1..], name = $"Cliente {prefix} {contact}", phone_number = phone },
                        source_id = $"wamid.{prefix}.{contact}.{m}",
                        content = Texts[(contact + m) % Texts.Length],
                    });
                    if (!response.IsSuccessStatusCode)
                    {
                        // Counted and reported rather than thrown: a refused message is a result of the run (the target needs none).
                        if (Interlocked.Increment(ref failures.Count) == 1)
                        {
                            failures.First = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                        }
                    }
                    if (latencies is not null)
                    {
                        latencies[Interlocked.Increment(ref written)] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                }
            }
        });
        await Task.WhenAll(senders);
        return failures;
    }

    private sealed class Failures
    {
        public int Count;

        public string? First { get; set; }
    }
}
