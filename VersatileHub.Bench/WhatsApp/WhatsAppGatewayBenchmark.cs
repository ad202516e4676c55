using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VersatileHub.Bench.Chat;
using VersatileHub.WhatsApp.Inbound;

namespace VersatileHub.Bench.WhatsApp;

/// <summary>
/// The WhatsApp gateway composed as its Program.cs composes it, in front of the real Hub and Chat (<see cref="ChatBench"/>)
/// over PostgreSQL and Redis, with this process playing YCloud: signed <c>whatsapp.inbound_message.received</c> webhooks
/// to a YCloud inbox with a zero buffer window, each message its own turn for Chat.
/// </summary>
internal static class WhatsAppGatewayBenchmark
{
    private static readonly string[] Texts =
    [
        "Hola, ¿tienen turno para el martes a la tarde?", "¿Cuánto sale la clase de prueba?", "Quiero cambiar mi turno del jueves",
        "Hi, do you ship to Córdoba?", "¿Tienen zapatillas de punta talle 37?", "Gracias!", "Perfecto, nos vemos el sábado",
    ];

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(
        BenchServers servers, int webhooksPerSecond = 500, int acknowledgementSeconds = 10, int inboundMessages = 5_000, int contacts = 1_000)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var chat = await ChatBench.StartAsync(servers, $"bench_wa_hub_{suffix}", $"bench_wa_chat_{suffix}");
        await using var gateway = await StartGatewayAsync(servers, chat);
        using var provider = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseCookies = false })
        {
            BaseAddress = new Uri(gateway.Urls.First()),
            Timeout = TimeSpan.FromSeconds(60),
        };

        var warm = await OpenInboxAsync(chat);
        _ = await AcknowledgeAtRateAsync(provider, Webhooks(warm, "warm", 200, contacts: 50), webhooksPerSecond);
        await InChatAsync(chat, warm, 200, TimeSpan.FromMinutes(2));

        var results = new List<BenchResult>();
        var acked = await OpenInboxAsync(chat);
        var count = webhooksPerSecond * acknowledgementSeconds;
        var run = await AcknowledgeAtRateAsync(provider, Webhooks(acked, "ack", count, contacts), webhooksPerSecond);
        Array.Sort(run.Latencies);
        results.Add(new BenchResult(
            FormattableString.Invariant($"WhatsApp webhook acknowledgement: signed YCloud webhooks at {webhooksPerSecond}/s for {acknowledgementSeconds} s, {run.Refused} refused"),
            count, run.Elapsed, Percentile(run.Latencies, 50), Percentile(run.Latencies, 99), "p99 < 20 ms at 500 webhooks/s, none refused",
            Percentile(run.Latencies, 99) < 20 && run.Refused == 0));
        // What was acknowledged reaches Chat before the next measurement starts, so the two do not share the machine.
        await InChatAsync(chat, acked, count, TimeSpan.FromMinutes(10));

        var inbound = await OpenInboxAsync(chat);
        var webhooks = Webhooks(inbound, "in", inboundMessages, contacts);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var posted = await PostAllAsync(provider, webhooks, concurrency: 32);
        var arrived = await InChatAsync(chat, inbound, inboundMessages, TimeSpan.FromMinutes(10));
        clock.Stop();
        var cpuPerMessage = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / inboundMessages;
        results.Add(new BenchResult(
            FormattableString.Invariant($"WhatsApp inbound to Chat: {inboundMessages:N0} webhooks from {contacts:N0} contacts, zero buffer window, {posted.Refused} refused, {arrived:N0} in Chat, {cpuPerMessage:0.00} ms .NET CPU/message"),
            arrived, clock.Elapsed, null, null, "≥ 1,000 messages/s into Chat, all arrived",
            arrived == inboundMessages && inboundMessages / clock.Elapsed.TotalSeconds >= 1_000));
        return results;
    }

    private sealed record Inbox(int Id, string Key, string Phone, string Secret);

    private sealed record Webhook(string Path, string Body, string Signature);

    private sealed record Run(double[] Latencies, TimeSpan Elapsed, int Refused);

    private static async Task<WebApplication> StartGatewayAsync(BenchServers servers, ChatBench chat)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = servers.Redis,
            ["EventBus:KeyPrefix"] = $"bench{Guid.NewGuid():N}:",
            ["Parameters:service-token"] = chat.GatewayToken,
            ["services:chat:http:0"] = chat.ChatAddress.ToString(),
        });
        builder.AddServiceDefaults();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddWhatsApp();
        var app = builder.Build();
        app.MapWebhooksApi();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    /// <summary>A YCloud inbox with a zero buffer window, opened by the account's administrator through Chat's API.</summary>
    private static async Task<Inbox> OpenInboxAsync(ChatBench chat)
    {
        var phone = "+54911" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using var owner = chat.Owner();
        using var response = await owner.PostAsJsonAsync(
            new Uri(string.Create(CultureInfo.InvariantCulture, $"/api/v1/accounts/{chat.Account}/inboxes"), UriKind.Relative),
            new
            {
                name = "WhatsApp (bench)",
                channel = new
                {
                    type = "whatsapp", phone_number = phone, provider = "ycloud",
                    provider_config = new { api_key = "bench-api-key", webhook_secret = secret, buffer_seconds = 0 },
                },
            });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Chat refused the bench's WhatsApp inbox: {await response.Content.ReadAsStringAsync()}");
        }
        var inbox = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new Inbox(inbox["id"]!.GetValue<int>(), inbox["webhook_key"]!.GetValue<string>(), phone, secret);
    }

    /// <summary>Signed webhooks, built before any clock starts (signing is the provider's work): contacts' messages in order.</summary>
    private static Webhook[] Webhooks(Inbox inbox, string prefix, int count, int contacts)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var secret = Encoding.UTF8.GetBytes(inbox.Secret);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var contact = i % contacts;
            var body = new JsonObject
            {
                ["id"] = $"evt_{prefix}_{i}",
                ["type"] = "whatsapp.inbound_message.received",
                ["apiVersion"] = "v2",
                ["createTime"] = now,
                ["whatsappInboundMessage"] = new JsonObject
                {
                    ["id"] = $"ycloud-{prefix}-{i}",
                    ["wamid"] = $"wamid.{prefix}.{inbox.Id}.{i}",
                    ["wabaId"] = "waba-bench",
                    ["from"] = string.Create(CultureInfo.InvariantCulture, $"+549115{contact:D7}"),
                    ["customerProfile"] = new JsonObject { ["name"] = $"Cliente {contact}" },
                    ["to"] = inbox.Phone,
                    ["sendTime"] = now,
                    ["type"] = "text",
                    ["text"] = new JsonObject { ["body"] = Texts[i % Texts.Length] },
                },
            }.ToJsonString();
            var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{t}.{body}"));
            return new Webhook($"/webhooks/ycloud/{inbox.Key}", body, $"t={t},s={Convert.ToHexStringLower(mac)}");
        })];
    }

    /// <summary>
    /// An open loop, as a provider delivers: webhook i leaves at i / rate seconds whether or not earlier ones were answered;
    /// each latency is from its request to the gateway's answer.
    /// </summary>
    private static async Task<Run> AcknowledgeAtRateAsync(HttpClient provider, Webhook[] webhooks, int perSecond)
    {
        var latencies = new double[webhooks.Length];
        var refused = 0;
        var inFlight = new List<Task>(webhooks.Length);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < webhooks.Length)
        {
            var due = Math.Min(webhooks.Length, (int)(clock.Elapsed.TotalSeconds * perSecond) + 1);
            for (; sent < due; sent++)
            {
                var i = sent;
                inFlight.Add(Task.Run(async () =>
                {
                    var (ok, ms) = await PostAsync(provider, webhooks[i]);
                    latencies[i] = ms;
                    if (!ok)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(inFlight);
        return new Run(latencies, clock.Elapsed, refused);
    }

    /// <summary>As fast as <paramref name="concurrency"/> connections go; each contact's messages leave in order.</summary>
    private static async Task<Run> PostAllAsync(HttpClient provider, Webhook[] webhooks, int concurrency)
    {
        var latencies = new double[webhooks.Length];
        var refused = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < webhooks.Length; i = Interlocked.Increment(ref next))
            {
                var (ok, ms) = await PostAsync(provider, webhooks[i]);
                latencies[i] = ms;
                if (!ok)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        return new Run(latencies, clock.Elapsed, refused);
    }

    private static async Task<(bool Ok, double Ms)> PostAsync(HttpClient provider, Webhook webhook)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Path) { Content = new StringContent(webhook.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("YCloud-Signature", webhook.Signature);
        var started = Stopwatch.GetTimestamp();
        using var response = await provider.SendAsync(request);
        return (response.IsSuccessStatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Waits until Chat holds <paramref name="expected"/> messages of the inbox (or the patience runs out); how many it holds.</summary>
    private static async Task<long> InChatAsync(ChatBench chat, Inbox inbox, long expected, TimeSpan patience)
    {
        await using var connection = new NpgsqlConnection(chat.ChatConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM messages WHERE inbox_id = @inbox", connection);
        count.Parameters.AddWithValue("inbox", inbox.Id);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var held = (long)(await count.ExecuteScalarAsync())!;
            if (held >= expected || deadline.Elapsed > patience)
            {
                if (held < expected)
                {
                    Console.WriteLine($"whatsapp: only {held} of {expected} messages reached Chat within {patience}.");
                }
                return held;
            }
            await Task.Delay(20);
        }
    }

    private static double Percentile(double[] sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
