using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Bench.Chat;

/// <summary>
/// The real Hub and the real Chat (and, when asked, the real Agent), each composed as its Program.cs composes it (<c>AddServiceDefaults</c>, <c>AddHub</c> /
/// <c>AddChat</c>, their routes) and listening on a loopback port, Chat finding the Hub through service discovery as under
/// the AppHost. Callers authenticate as in production: Chat asks the Hub who a token belongs to (and caches the answer).
/// </summary>
internal sealed class ChatBench : IAsyncDisposable
{
    public const string OwnerEmail = "owner@bench.versatilehub.local";
    public const string AgentEmail = "agent@bench.versatilehub.local";
    private const string OwnerPassword = "bench-owner-password-1";
    private const string AgentPassword = "bench-agent-password-1";

    private readonly BenchServers _servers;
    private readonly bool _keepDatabases;
    private readonly string _attachments = Path.Combine(Path.GetTempPath(), $"vh-bench-chat-{Guid.NewGuid():N}");
    private readonly string _gatewayToken = Secret();
    private readonly string _agentServiceToken = Secret();
    private string _keyPrefix = "";
    private Uri _hubAddress = null!;
    private string _agentToken = "";
    private string _ownerToken = "";
    private WebApplication? _hub;
    private WebApplication? _chat;
    private WebApplication? _agent;

    private ChatBench(BenchServers servers, string hubDatabase, string chatDatabase, bool keepDatabases)
    {
        _servers = servers;
        HubDatabase = hubDatabase;
        ChatDatabase = chatDatabase;
        _keepDatabases = keepDatabases;
    }

    public string HubDatabase { get; }

    public string ChatDatabase { get; }

    public string ChatConnectionString => new NpgsqlConnectionStringBuilder(_servers.Postgres) { Database = ChatDatabase }.ConnectionString;

    public Uri ChatAddress { get; private set; } = null!;

    /// <summary>The tenant the Hub's owner bootstrap founded: Chat's account.</summary>
    public int Account { get; private set; }

    /// <summary>The agent member of <see cref="Account"/>, as the Hub numbers users.</summary>
    public int AgentUserId { get; private set; }

    /// <summary>
    /// Starts both services over the two databases, creating them when missing (kept on dispose when
    /// <paramref name="keepDatabases"/>, so that a large seed survives between runs).
    /// </summary>
    public static async Task<ChatBench> StartAsync(BenchServers servers, string hubDatabase, string chatDatabase, bool keepDatabases = false)
    {
        var bench = new ChatBench(servers, hubDatabase, chatDatabase, keepDatabases);
        try
        {
            foreach (var database in new[] { hubDatabase, chatDatabase })
            {
                if (!await ExistsAsync(servers.Postgres, database))
                {
                    await ExecuteAsync(servers.Postgres, $"CREATE DATABASE {database}");
                }
            }
            var keyPrefix = bench._keyPrefix = $"bench{Guid.NewGuid():N}:";
            var chatToken = Secret();
            bench._hub = Build(servers, "hubdb", hubDatabase, keyPrefix, new()
            {
                ["Parameters:admin-email"] = OwnerEmail,
                ["Parameters:admin-password"] = OwnerPassword,
                ["Parameters:tenant-name"] = "Estudio de Danza (bench)",
                ["Parameters:service-token-chat"] = chatToken,
                ["Parameters:service-token-whatsapp"] = bench._gatewayToken,
                ["Parameters:service-token-agent"] = bench._agentServiceToken,
            });
            bench._hub.MapHub();
            bench._hub.MapDefaultEndpoints();
            await bench._hub.StartAsync();
            var hubAddress = bench._hubAddress = new Uri(bench._hub.Urls.First());

            bench._chat = Build(servers, "chatdb", chatDatabase, keyPrefix, new()
            {
                ["Parameters:service-token"] = chatToken,
                ["services:hub:http:0"] = hubAddress.ToString(),
                ["Attachments:LocalPath"] = bench._attachments,
            });
            bench._chat.MapChat();
            bench._chat.MapDefaultEndpoints();
            await bench._chat.StartAsync();
            bench.ChatAddress = new Uri(bench._chat.Urls.First());

            await bench.SignInAgentAsync(hubAddress);
            return bench;
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
    }

    /// <summary>The WhatsApp gateway's service token, as the AppHost gives it to the gateway.</summary>
    public string GatewayToken => _gatewayToken;

    /// <summary>
    /// Starts the real Agent beside them on its own database, consuming Chat's events, with <paramref name="model"/> at
    /// <paramref name="endpoint"/> as the deployment's model (so every tenant's bot answers with it).
    /// </summary>
    public async Task StartAgentAsync(Uri endpoint, string model)
    {
        await ExecuteAsync(_servers.Postgres, $"CREATE DATABASE {AgentDatabase}");
        _agent = Build(_servers, "agentdb", AgentDatabase, _keyPrefix, new()
        {
            ["Parameters:service-token"] = _agentServiceToken,
            ["services:hub:http:0"] = _hubAddress.ToString(),
            ["services:chat:http:0"] = ChatAddress.ToString(),
            ["Agent:Model:Endpoint"] = endpoint.ToString(),
            ["Agent:Model:Name"] = model,
            ["Agent:LocalModel:ProbeEndpoint"] = "",
        });
        _agent.MapAgent();
        _agent.MapDefaultEndpoints();
        await _agent.StartAsync();
    }

    private string AgentDatabase => ChatDatabase + "_agent";

    /// <summary>The Redis stream the service publishes its events to, in the bench's key space.</summary>
    public string EventStream(string service) => new EventStreams(_keyPrefix).Stream(service);

    /// <summary>A client for the channel API as the WhatsApp gateway calls it: its service token, the account in <c>X-VH-Tenant</c>.</summary>
    public HttpClient Gateway(int connections)
    {
        var client = Client(connections);
        client.DefaultRequestHeaders.Authorization = new("Bearer", _gatewayToken);
        client.DefaultRequestHeaders.Add("X-VH-Tenant", Account.ToString(CultureInfo.InvariantCulture));
        return client;
    }

    /// <summary>A client for Chatwoot's API carrying the agent's access token.</summary>
    public HttpClient Agent(int connections) => WithToken(Client(connections), _agentToken);

    /// <summary>A client for Chatwoot's API carrying the owner's access token (an administrator: opens inboxes).</summary>
    public HttpClient Owner() => WithToken(Client(2), _ownerToken);

    /// <summary>Opens an API inbox of the account through Chatwoot's API, as its administrator does; its id.</summary>
    public async Task<int> OpenInboxAsync(string name)
    {
        using var owner = Owner();
        var inbox = await ReadAsync<Created>(await owner.PostAsJsonAsync(
            new Uri(string.Create(CultureInfo.InvariantCulture, $"/api/v1/accounts/{Account}/inboxes"), UriKind.Relative),
            new { name, channel = new { type = "api" } }));
        return inbox.Id;
    }

    private static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Add("api_access_token", token);
        return client;
    }

    private HttpClient Client(int connections) => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false })
    {
        BaseAddress = ChatAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static WebApplication Build(BenchServers servers, string connectionName, string database, string keyPrefix, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        settings[$"ConnectionStrings:{connectionName}"] = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = database }.ConnectionString;
        settings["ConnectionStrings:redis"] = servers.Redis;
        settings["EventBus:KeyPrefix"] = keyPrefix;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The web apps' files are not part of any measurement here.
        builder.Logging.AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Error);
        _ = connectionName switch
        {
            "hubdb" => builder.AddHub(),
            "chatdb" => builder.AddChat(),
            _ => builder.AddAgent(),
        };
        return builder.Build();
    }

    /// <summary>The agent signs in to the Hub (added by the owner on the first run) and takes an access token, as Chat's staff do.</summary>
    private async Task SignInAgentAsync(Uri hub)
    {
        using var owner = await SignInAsync(hub, OwnerEmail, OwnerPassword, null);
        Account = (await ReadAsync<Me>(await owner.GetAsync(new Uri("/api/identity/me", UriKind.Relative)))).TenantId;
        _ownerToken = await CreateTokenAsync(owner);

        var agent = await TrySignInAsync(hub, AgentEmail, AgentPassword, Account);
        if (agent is null)
        {
            using var add = new HttpRequestMessage(HttpMethod.Post, "/api/identity/members")
            {
                Content = JsonContent.Create(new { email = AgentEmail, role = "agent", password = AgentPassword }),
            };
            add.Headers.Add("X-VH-Tenant", Account.ToString(CultureInfo.InvariantCulture));
            (await owner.SendAsync(add)).EnsureSuccessStatusCode();
            agent = await SignInAsync(hub, AgentEmail, AgentPassword, Account);
        }
        using (agent)
        {
            _agentToken = await CreateTokenAsync(agent);
            AgentUserId = (await ReadAsync<Me>(await agent.GetAsync(new Uri("/api/identity/me", UriKind.Relative)))).UserId
                ?? throw new InvalidOperationException("The agent's token names no user.");
        }
    }

    private static async Task<string> CreateTokenAsync(HttpClient signedIn) =>
        (await ReadAsync<IssuedToken>(await signedIn.PostAsJsonAsync("/api/identity/tokens", new { name = $"bench {DateTime.UtcNow:O}" }))).Token;

    private static async Task<HttpClient> SignInAsync(Uri hub, string email, string password, int? tenant) =>
        await TrySignInAsync(hub, email, password, tenant) ?? throw new InvalidOperationException($"{email} could not sign in to the bench's Hub.");

    private static async Task<HttpClient?> TrySignInAsync(Uri hub, string email, string password, int? tenant)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = hub };
        var response = await client.PostAsJsonAsync("/api/identity/sign-in", new { email, password, tenantId = tenant });
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            client.Dispose();
            return null;
        }
        response.EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static string Secret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _agent, _chat, _hub })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        NpgsqlConnection.ClearAllPools();
        if (!_keepDatabases)
        {
            await ExecuteAsync(_servers.Postgres, $"DROP DATABASE IF EXISTS {AgentDatabase} WITH (FORCE)");
            await ExecuteAsync(_servers.Postgres, $"DROP DATABASE IF EXISTS {ChatDatabase} WITH (FORCE)");
            await ExecuteAsync(_servers.Postgres, $"DROP DATABASE IF EXISTS {HubDatabase} WITH (FORCE)");
        }
        if (Directory.Exists(_attachments))
        {
            Directory.Delete(_attachments, recursive: true);
        }
    }

    private static async Task<bool> ExistsAsync(string connectionString, string database)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", database);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Me(int? UserId, int TenantId);

    private sealed record IssuedToken(string Token);

    private sealed record Created(int Id);
}
