using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Playwright;
using Npgsql;
using StackExchange.Redis;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Orchestration;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.Tests.AppHost;
using VersatileHub.Tests.Fakes.Meta;
using VersatileHub.Tests.Fakes.OpenAi;
using VersatileHub.Tests.Fakes.Transcription;
using VersatileHub.Tests.Fakes.YCloud;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;

namespace VersatileHub.Tests.EndToEnd;

/// <summary>
/// The whole suite as <c>./run.sh</c> runs it: the built AppHost as a process, with its own PostgreSQL, Redis and the five
/// services, pointed at local fakes of what lies outside the suite (YCloud, Meta, the model endpoint, transcription)
/// through the environment every child process inherits; one headless Chromium for the web apps. Started once for every
/// scenario; stopping it kills whatever it started, even when a scenario failed.
/// </summary>
public sealed class RunningSuite : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Services = ["hub", "chat", "agent", "whatsapp", "flow"];

    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Uri> _addresses = new(StringComparer.Ordinal);
    private readonly HashSet<int> _started = [];
    private Process? _appHost;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ConnectionMultiplexer? _redis;
    private string _postgres = "";
    private string _redisEndpoint = "";
    private Uri? _dashboardLogin;
    private int _disposed;

    public string DataDirectory { get; } = Path.Combine("/tmp", $"vh-e2e-{Guid.NewGuid():N}");

    public FakeYCloud YCloud { get; private set; } = null!;

    public FakeMeta Meta { get; private set; } = null!;

    public FakeOpenAi Model { get; private set; } = null!;

    public FakeTranscription Transcription { get; private set; } = null!;

    public Uri Hub => _addresses["hub"];

    public Uri Chat => _addresses["chat"];

    public Uri Agent => _addresses["agent"];

    public Uri WhatsApp => _addresses["whatsapp"];

    public Uri Flow => _addresses["flow"];

    /// <summary>The Hub's first owner, given to the AppHost (its password is the one the AppHost generates).</summary>
    public string OwnerEmail { get; } = "owner@versatilehub.test";

    public string OwnerPassword { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // Under /tmp and world-traversable: as root the AppHost runs PostgreSQL as the postgres user.
        Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            YCloud = await FakeYCloud.StartAsync();
            Meta = await FakeMeta.StartAsync();
            Model = await FakeOpenAi.StartAsync();
            Transcription = await FakeTranscription.StartAsync();
            Secret(FakeYCloud.ApiKey);
            Secret(FakeMeta.AccessToken);

            var portOffset = SuiteModel.FindFreePortOffset();
            await using (var model = SuiteModel.Build(portOffset))
            {
                foreach (var project in model.Model.Resources.OfType<ProjectResource>())
                {
                    _addresses[project.Name] = new Uri(project.GetEndpoint("http").Url + "/");
                }
                var postgres = model.Model.Resources.OfType<PostgresServerResource>().Single().GetEndpoint("tcp");
                var redis = model.Model.Resources.OfType<RedisResource>().Single().GetEndpoint("tcp");
                _postgres = $"Host=127.0.0.1;Port={postgres.Port};Username=postgres";
                _redisEndpoint = $"127.0.0.1:{redis.Port}";
            }

            _appHost = StartAppHost(portOffset);
            await WaitUntilHealthyAsync();
            lock (_started)
            {
                _started.UnionWith(ProcessTable.DescendantsOf(_appHost.Id));
            }

            var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(DataDirectory, "secrets.json")))!;
            foreach (var value in secrets.Values)
            {
                Secret(value);
            }
            // The key the services' telemetry carries to the AppHost, generated for this run.
            if (OtlpApiKeyOf(_appHost.Id) is { } otlpApiKey)
            {
                Secret(otlpApiKey);
            }
            OwnerPassword = secrets["admin-password"];
            _postgres += $";Password={secrets["postgres-password"]}";
            _redis = await ConnectionMultiplexer.ConnectAsync($"{_redisEndpoint},password={secrets["redis-password"]}");

            _playwright = await Playwright.CreateAsync();
            _browser = await HeadlessChromium.LaunchAsync(_playwright);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Remembers a configured secret value, which no log of the run may contain.</summary>
    public string Secret(string value)
    {
        if (value.Length >= 8)
        {
            _secrets.TryAdd(value, 0);
        }
        return value;
    }

    /// <summary>A new random secret (an API key, a webhook secret), remembered for the sweep.</summary>
    public string NewSecret(string prefix) => Secret($"{prefix}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");

    public IReadOnlyCollection<string> Secrets => [.. _secrets.Keys];

    /// <summary>
    /// A new tenant founded by the owner through the Hub's API, with an admin of its own (email, password and access token),
    /// as a business is set up on a fresh suite.
    /// </summary>
    public async Task<SuiteTenant> NewTenantAsync(string timeZone = "Etc/UTC")
    {
        using var owner = CookieClient(Hub);
        (await owner.PostAsJsonAsync("/api/identity/sign-in", new { email = OwnerEmail, password = OwnerPassword })).EnsureSuccessStatusCode();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var tenant = await ReadAsync(await owner.PostAsJsonAsync("/api/identity/tenants", new { name = $"Negocio {suffix}", timeZone }));
        var tenantId = tenant.GetProperty("id").GetInt32();

        var email = $"admin-{suffix}@versatilehub.test";
        var password = Secret($"Clave-{suffix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        using var add = new HttpRequestMessage(HttpMethod.Post, "/api/identity/members") { Content = JsonContent.Create(new { email, role = "admin", password }) };
        add.Headers.Add(HubApi.TenantHeader, tenantId.ToString(CultureInfo.InvariantCulture));
        await ReadAsync(await owner.SendAsync(add));

        using var admin = CookieClient(Hub);
        (await admin.PostAsJsonAsync("/api/identity/sign-in", new { email, password, tenantId })).EnsureSuccessStatusCode();
        var token = Secret((await ReadAsync(await admin.PostAsJsonAsync("/api/identity/tokens", new { name = "end-to-end" }))).GetProperty("token").GetString()!);
        return new SuiteTenant(this, tenantId, email, password, token);
    }

    /// <summary>A client of one service of the run carrying <paramref name="token"/>.</summary>
    public HttpClient Client(Uri service, string token)
    {
        var client = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, token);
        return client;
    }

    /// <summary>YCloud delivers a webhook to the gateway, signed with the inbox's secret now.</summary>
    public async Task YCloudWebhookAsync(ProviderInbox inbox, string body)
    {
        using var webhooks = new HttpClient { BaseAddress = WhatsApp };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/ycloud/{inbox.Key}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("YCloud-Signature", FakeYCloud.Sign(body, inbox.Secret, DateTimeOffset.UtcNow));
        var response = await webhooks.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"The gateway answered YCloud's webhook {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Meta delivers a webhook to the gateway, signed with the app's secret.</summary>
    public async Task MetaWebhookAsync(ProviderInbox inbox, string body)
    {
        using var webhooks = new HttpClient { BaseAddress = WhatsApp };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/meta/{inbox.Key}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", FakeMeta.Sign(body, inbox.Secret));
        var response = await webhooks.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"The gateway answered Meta's webhook {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Whether the Agent has handled Chat's <c>message.created</c> of the message (whatever it decided): the event is read
    /// from Chat's stream and looked up among the Agent's processed events, in the run's own Redis and agentdb.
    /// </summary>
    public async Task<bool> AgentHandledMessageAsync(long messageId)
    {
        var stream = await _redis!.GetDatabase().StreamRangeAsync("vh:events:chat");
        var created = stream.Select(e => IntegrationEvent.FromJson((string)e["event"]!))
            .FirstOrDefault(e => e.Type == "message.created" && e.Data.GetProperty("id").GetInt64() == messageId);
        if (created is null)
        {
            return false;
        }
        await using var connection = new NpgsqlConnection($"{_postgres};Database=agentdb;Pooling=false");
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("select count(*) from processed_events where consumer_group = 'agent' and event_id = @id", connection);
        query.Parameters.AddWithValue("id", created.Id);
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }

    /// <summary>The master keys of the suite's Data Protection key ring (in Redis), which encrypt every secret at rest.</summary>
    public async Task<IReadOnlyList<string>> EncryptionKeysAsync()
    {
        var ring = await _redis!.GetDatabase().ListRangeAsync("vh:data-protection-keys");
        return [.. ring.Select(xml => XElement.Parse((string)xml!))
            .SelectMany(key => key.Descendants("masterKey").Descendants("value"))
            .Select(value => value.Value.Trim())];
    }

    /// <summary>A browser of its own (cookies apart), pointed at <paramref name="site"/>.</summary>
    public async Task<IPage> OpenAsync(Uri site, string locale = "es-AR")
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Stops the run as Ctrl+C does (SIGTERM to the AppHost, which stops everything in reverse order), then kills whatever
    /// is left of what it started. Safe to call twice.
    /// </summary>
    public async Task StopAsync()
    {
        if (_appHost is null)
        {
            return;
        }
        lock (_started)
        {
            _started.UnionWith(ProcessTable.DescendantsOf(_appHost.Id));
        }
        if (!_appHost.HasExited)
        {
            await CollectDashboardTelemetryAsync();
            Libc.SendSignal(_appHost.Id, Libc.SIGTERM);
            using var patience = new CancellationTokenSource(StopTimeout);
            try
            {
                await _appHost.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _appHost.Kill(entireProcessTree: true);
            }
        }
        foreach (var pid in LeftBehindIds())
        {
            Libc.SendSignal(pid, Libc.SIGKILL);
        }
    }

    /// <summary>Every line the AppHost wrote (its own and every resource's, prefixed), and the structured logs its dashboard received.</summary>
    public string Logs() => string.Join(Environment.NewLine, _output);

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            await StopAsync();
        }
        finally
        {
            foreach (var pid in LeftBehindIds())
            {
                Libc.SendSignal(pid, Libc.SIGKILL);
            }
            _redis?.Dispose();
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }
            _playwright?.Dispose();
            foreach (var fake in new IAsyncDisposable?[] { YCloud, Meta, Model, Transcription })
            {
                if (fake is not null)
                {
                    await fake.DisposeAsync();
                }
            }
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
    }

    // The AppHost's children inherit its environment: this is how the services find the fakes, as an operator's
    // environment would point them at the real providers.
    private Process StartAppHost(int portOffset) => SuiteModel.StartBuiltAppHost(AppHostEnvironment(portOffset), line => Collect(line));

    private Dictionary<string, string> AppHostEnvironment(int portOffset) => new(StringComparer.Ordinal)
    {
        ["AppHost__DataDirectory"] = DataDirectory,
        ["AppHost__PortOffset"] = portOffset.ToString(CultureInfo.InvariantCulture),
        ["AppHost__StartTimeout"] = "00:02:00",
        ["Parameters__admin-email"] = OwnerEmail,
        ["WhatsApp__YCloudBaseUrl"] = YCloud.BaseUrl.ToString().TrimEnd('/'),
        ["WhatsApp__MetaBaseUrl"] = Meta.BaseUrl.ToString().TrimEnd('/'),
        ["WhatsApp__Transcription__BaseUrl"] = Transcription.BaseUrl.ToString().TrimEnd('/'),
        ["WhatsApp__Transcription__ApiKey"] = NewSecret("sk-transcription-"),
        ["WhatsApp__Transcription__Language"] = "es",
        // No local Ollama is probed: the run's only model is the fake each tenant's profile names.
        ["Agent__LocalModel__ProbeEndpoint"] = "",
    };

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        if (_dashboardLogin is null && line.StartsWith("Login to the dashboard at ", StringComparison.Ordinal))
        {
            _dashboardLogin = new Uri(line["Login to the dashboard at ".Length..].Trim());
        }
    }

    /// <summary>The structured logs and spans the services exported to the AppHost (the dashboard keeps the latest of each), added to the logs.</summary>
    private async Task CollectDashboardTelemetryAsync()
    {
        if (_dashboardLogin is null)
        {
            return;
        }
        try
        {
            using var dashboard = CookieClient(new Uri(_dashboardLogin.GetLeftPart(UriPartial.Authority)));
            (await dashboard.GetAsync(_dashboardLogin)).EnsureSuccessStatusCode();
            foreach (var service in Services)
            {
                // Every text of the view as written, not as JSON escapes it (a key's '+' is "\u002B" there).
                var telemetry = await dashboard.GetFromJsonAsync<JsonElement>($"/api/resources/{service}/telemetry");
                foreach (var text in TextsOf(telemetry))
                {
                    _output.Enqueue($"dashboard telemetry of {service}: {text}");
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            _output.Enqueue($"(the dashboard's telemetry could not be read: {e.Message})");
        }
    }

    private static IEnumerable<string> TextsOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(TextsOf),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => TextsOf(p.Value)),
        _ => [],
    };

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        var pending = Services.ToList();
        while (pending.Count > 0)
        {
            Assert.False(_appHost!.HasExited, $"The AppHost exited before every service was healthy.{Tail()}");
            Assert.True(DateTime.UtcNow < deadline, $"Not healthy within {StartTimeout}: {string.Join(", ", pending)}.{Tail()}");
            foreach (var service in pending.ToList())
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(_addresses[service], "/health"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        pending.Remove(service);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Slow to answer while starting.
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private string Tail() => $"{Environment.NewLine}AppHost output (last lines):{Environment.NewLine}{string.Join(Environment.NewLine, _output.TakeLast(200))}";

    private static HttpClient CookieClient(Uri site) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = true }) { BaseAddress = site, Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The OTLP API key the AppHost gave its services (<c>OTEL_EXPORTER_OTLP_HEADERS</c>), read from a service's environment.</summary>
    private static string? OtlpApiKeyOf(int appHost)
    {
        var hub = ProcessTable.DescendantsOf(appHost).FirstOrDefault(pid => ProcessTable.CommandLineOf(pid).Contains("VersatileHub.Hub.dll", StringComparison.Ordinal));
        var headers = hub == 0 ? null : ProcessTable.EnvironmentOf(hub).FirstOrDefault(v => v.StartsWith("OTEL_EXPORTER_OTLP_HEADERS=", StringComparison.Ordinal));
        var key = headers?.Split('=', 2)[1].Split(',').FirstOrDefault(h => h.StartsWith("x-otlp-api-key=", StringComparison.Ordinal));
        return key?.Split('=', 2)[1];
    }

    private List<int> LeftBehindIds()
    {
        List<int> started;
        lock (_started)
        {
            started = [.. _started];
        }
        if (_appHost is { HasExited: false })
        {
            started.Add(_appHost.Id);
        }
        return [.. started.Where(ProcessTable.IsAlive).Concat(ProcessTable.ProcessesUsing(DataDirectory)).Distinct()];
    }
}
