using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using StackExchange.Redis;
using VersatileHub.Bench.Chat;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Bench.Agent;

/// <summary>
/// The bot loop's own time: new conversations arrive at a steady rate through Chat's channel API; the real Agent consumes
/// each incoming <c>message.created</c>, takes the conversation's lock, reads the history from Chat, asks a model that
/// answers at once and posts the reply to Chat. Latency is Chat's own clock from the customer's message stored to the
/// bot's reply stored (both <c>created_at</c>), read from Chat's event stream.
/// </summary>
internal static class BotLoopBenchmark
{
    public static async Task<BenchResult> RunAsync(BenchServers servers, int conversationsPerSecond = 50, int seconds = 20)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var model = await InstantModel.StartAsync();
        await using var bench = await ChatBench.StartAsync(servers, $"bench_bot_hub_{suffix}", $"bench_bot_chat_{suffix}");
        await bench.StartAgentAsync(model.Endpoint, InstantModel.Name);
        using var gateway = bench.Gateway(64);
        var inbox = await bench.OpenInboxAsync("WhatsApp (bot bench)");
        using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis);
        await using var replies = new ReplyWatch(redis.GetDatabase(), bench.EventStream("chat"));

        // Warm-up (JIT, pools, the token caches): conversations of their own, not measured.
        await WriteAsync(gateway, inbox, "warm", count: 20, perSecond: 10);
        await replies.WaitForAsync(20, TimeSpan.FromSeconds(60));
        replies.Reset();

        var total = conversationsPerSecond * seconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var refused = await WriteAsync(gateway, inbox, "conversation", total, conversationsPerSecond);
        var answered = await replies.WaitForAsync(total - refused, TimeSpan.FromSeconds(60));
        clock.Stop();
        var cpuPerReply = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, answered);

        var latencies = replies.Latencies();
        Array.Sort(latencies);
        var p50 = latencies.Length > 0 ? Percentiles.Of(latencies, 50) : double.NaN;
        var p99 = latencies.Length > 0 ? Percentiles.Of(latencies, 99) : double.NaN;
        return new BenchResult(
            FormattableString.Invariant($"bot loop: {conversationsPerSecond} new conversations/s for {seconds} s, model answering at once; {answered} of {total} answered, {refused} refused, {cpuPerReply:0.0} ms .NET CPU/reply"),
            answered, clock.Elapsed, p50, p99, "p50 < 30 ms, p99 < 100 ms, every one answered",
            p50 < 30 && p99 < 100 && answered == total);
    }

    /// <summary>Opens <paramref name="count"/> conversations at <paramref name="perSecond"/>, one customer message each; how many were refused.</summary>
    private static async Task<int> WriteAsync(HttpClient gateway, int inbox, string prefix, int count, int perSecond)
    {
        var refused = 0;
        var started = Stopwatch.GetTimestamp();
        var sends = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            var conversation = i;
            var phone = string.Create(CultureInfo.InvariantCulture, $"+54911{(prefix == "warm" ? 6 : 7)}{conversation:D7}");
            sends.Add(Task.Run(async () =>
            {
                using var response = await gateway.PostAsJsonAsync(new Uri($"/api/channel/inboxes/{inbox}/messages", UriKind.Relative), new
                {
                    contact = new { source_id = phone[1..], name = $"Cliente {prefix} {conversation}", phone_number = phone },
                    source_id = $"wamid.bot.{prefix}.{conversation}",
                    content = "Hola, ¿tienen turno para el martes a la tarde?",
                });
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref refused);
                }
            }));
        }
        await Task.WhenAll(sends);
        return refused;
    }

    /// <summary>Reads Chat's event stream as it grows and pairs each conversation's customer message with the bot's reply.</summary>
    private sealed class ReplyWatch : IAsyncDisposable
    {
        private readonly IDatabase _redis;
        private readonly string _stream;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reading;
        private readonly ConcurrentDictionary<int, DateTimeOffset> _asked = new();
        private readonly ConcurrentDictionary<int, double> _answered = new();

        public ReplyWatch(IDatabase redis, string stream)
        {
            (_redis, _stream) = (redis, stream);
            _reading = Task.Run(ReadAsync);
        }

        public void Reset()
        {
            _asked.Clear();
            _answered.Clear();
        }

        public double[] Latencies() => [.. _answered.Values];

        public async Task<int> WaitForAsync(int count, TimeSpan timeout)
        {
            var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (_answered.Count < count && Stopwatch.GetTimestamp() < until)
            {
                await Task.Delay(20);
            }
            return _answered.Count;
        }

        private async Task ReadAsync()
        {
            // From the stream's start: the watch begins before any conversation, and the warm-up's are reset away.
            RedisValue last = "0-0";
            while (!_stop.IsCancellationRequested)
            {
                var entries = await _redis.StreamReadAsync(_stream, last, count: 500);
                if (entries.Length == 0)
                {
                    await Task.Delay(5);
                    continue;
                }
                foreach (var entry in entries)
                {
                    last = entry.Id;
                    var envelope = IntegrationEvent.FromJson((string)entry["event"]!);
                    if (envelope.Type != "message.created")
                    {
                        continue;
                    }
                    var conversation = envelope.Data.GetProperty("conversationId").GetInt32();
                    var createdAt = envelope.Data.GetProperty("createdAt").GetDateTimeOffset();
                    switch (envelope.Data.GetProperty("messageType").GetString())
                    {
                        case "incoming":
                            _asked.TryAdd(conversation, createdAt);
                            break;
                        case "outgoing" when _asked.TryGetValue(conversation, out var asked):
                            _answered.TryAdd(conversation, (createdAt - asked).TotalMilliseconds);
                            break;
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            _stop.Dispose();
        }
    }
}
