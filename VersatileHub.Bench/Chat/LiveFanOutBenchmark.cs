using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Events;
using VersatileHub.Chat.Realtime;
using VersatileHub.ServiceDefaults.Authentication;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Bench.Chat;

/// <summary>
/// The live inbox's fan-out: one <c>message.created</c> handed to <see cref="LivePush"/> (as Chat's consumer group hands
/// it) reaches 500 agents connected over WebSockets to a Kestrel server with Chat's real hub, Redis backplane and JSON
/// protocol (<see cref="RealtimeExtensions.AddLiveInbox"/>). Latency is from just before the push to each client's receipt.
/// The hop before it (outbox → stream → consumer) is the event bus's own benchmark.
/// </summary>
internal static class LiveFanOutBenchmark
{
    private const int Account = 1;

    public static async Task<BenchResult> RunAsync(BenchServers servers, int connections = 500, int events = 50)
    {
        var database = $"bench_fanout_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync(servers.Postgres, $"CREATE DATABASE {database}");
        try
        {
            await using var app = await StartChatAsync(servers, database);
            var inbox = await OpenInboxAsync(app);
            var url = app.Urls.First();

            var clock = Stopwatch.StartNew();
            var sentAt = new ConcurrentDictionary<long, TimeSpan>();
            var latencies = new ConcurrentBag<double>();
            var pending = new ConcurrentDictionary<long, CountdownEvent>();
            var clients = new List<HubConnection>();
            var fanningOut = TimeSpan.Zero;
            try
            {
                foreach (var batch in Enumerable.Range(1, connections).Chunk(50))
                {
                    clients.AddRange(await Task.WhenAll(batch.Select(user => ConnectAsync(url, user, inbox, payload =>
                    {
                        var id = payload.GetProperty("id").GetInt64();
                        var arrived = clock.Elapsed;
                        if (sentAt.TryGetValue(id, out var sent) && id > 0)
                        {
                            latencies.Add((arrived - sent).TotalMilliseconds);
                        }
                        if (pending.TryGetValue(id, out var countdown))
                        {
                            countdown.Signal();
                        }
                    }))));
                }

                // Warm-up (JIT, Redis subscriptions, socket buffers): negative ids, not measured.
                for (long id = -5; id <= events; id++)
                {
                    if (id == 0)
                    {
                        latencies.Clear();
                        continue;
                    }
                    using var countdown = new CountdownEvent(connections);
                    pending[id] = countdown;
                    sentAt[id] = clock.Elapsed;
                    await using (var scope = app.Services.CreateAsyncScope())
                    {
                        await scope.ServiceProvider.GetRequiredService<LivePush>().HandleAsync(MessageCreated(id, inbox), CancellationToken.None);
                    }
                    if (!await Task.Run(() => countdown.Wait(TimeSpan.FromSeconds(30))))
                    {
                        throw new InvalidOperationException($"Event {id} reached {connections - countdown.CurrentCount} of {connections} connections within 30 s.");
                    }
                    pending.TryRemove(id, out _);
                    if (id > 0)
                    {
                        fanningOut += clock.Elapsed - sentAt[id];
                    }
                    // Spaced like a busy inbox's messages rather than back to back, so each event's fan-out is measured alone.
                    await Task.Delay(100);
                }
            }
            finally
            {
                await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            }

            var sorted = latencies.Order().ToArray();
            var p50 = sorted[(int)(sorted.Length * 0.50)];
            var p99 = sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))];
            // Deliveries per second while fanning out: the time until the last connection heard each event, summed.
            return new BenchResult($"live fan-out: 1 event to {connections} WebSocket connections (×{events})", sorted.Length,
                fanningOut, p50, p99, "p99 < 250 ms", p99 < 250);
        }
        finally
        {
            await ExecuteAsync(servers.Postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task<WebApplication> StartChatAsync(BenchServers servers, string database)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:chatdb"] = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = database }.ConnectionString,
            ["ConnectionStrings:redis"] = servers.Redis,
            ["EventBus:KeyPrefix"] = $"bench{Guid.NewGuid():N}:",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddScoped<CurrentAccount>();
        builder.AddNpgsqlDbContext<ChatDbContext>("chatdb");
        builder.AddRedisClient("redis");
        builder.AddEventBus("bench-chat");
        builder.AddLiveInbox();
        builder.Services.AddScoped<LivePush>();
        // The Hub is not part of this measurement: every connection is an admin of account 1, the user named in the query.
        builder.Services.AddAuthentication(BenchAgents.Name).AddScheme<AuthenticationSchemeOptions, BenchAgents>(BenchAgents.Name, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(ChatPolicies.Read, policy => policy.RequireAuthenticatedUser());
        var app = builder.Build();
        app.MapLiveInbox();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Database.MigrateAsync();
        }
        await app.StartAsync();
        return app;
    }

    private static async Task<int> OpenInboxAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentAccount>().Set(Account);
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var inbox = Inbox.Open("Bench", ChannelType.Api, new ChannelSettings(null, null, null, null), null, DateTimeOffset.UtcNow);
        db.Add(inbox);
        await db.SaveChangesAsync();
        return inbox.Id;
    }

    private static async Task<HubConnection> ConnectAsync(string url, int user, int inbox, Action<JsonElement> onMessage)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{url}{ChatHub.Path}?{ChatHub.AccountQuery}={Account}&user={user}", options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        connection.On(ChatEventTypes.MessageCreated, onMessage);
        await connection.StartAsync();
        await connection.InvokeAsync("JoinInbox", inbox);
        return connection;
    }

    private static IntegrationEvent MessageCreated(long id, int inbox)
    {
        var now = DateTimeOffset.UtcNow;
        var data = new MessageEventData(id, 1, 1, inbox, "api", 1, "+5491155550000",
            "Hola, ¿tienen turno para el martes a la tarde? Somos dos.", "incoming", "text", false, "contact", 1, "Lucía",
            $"wamid-{id}", null, "sent", null, [], true, null, now);
        return new IntegrationEvent
        {
            Id = Guid.NewGuid(),
            Type = ChatEventTypes.MessageCreated,
            Source = "chat",
            Time = now,
            Tenant = Account,
            Subject = "1",
            Data = JsonSerializer.SerializeToElement(data, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        };
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every caller is an admin of the bench's account, user id from <c>?user=</c>.</summary>
    private sealed class BenchAgents(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "bench";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var user = Request.Query["user"].ToString();
            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, user),
                    new Claim(ClaimTypes.Name, $"agent-{user}@bench"),
                    new Claim(HubClaimTypes.Tenant, Account.ToString(CultureInfo.InvariantCulture)),
                    new Claim(ClaimTypes.Role, ChatRoles.Admin),
                ], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
