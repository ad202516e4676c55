using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace VersatileHub.Bench.Suite;

/// <summary>
/// The five services as real processes over the bench's PostgreSQL and Redis, each with the environment the AppHost gives
/// it (<c>VersatileHub.AppHost/Program.cs</c>: <c>ConnectionStrings__*</c>, <c>services__*__http__0</c>, generated service
/// tokens as <c>Parameters__service-token</c> and the Hub's <c>Parameters__service-token-&lt;service&gt;</c>, the owner's
/// <c>Parameters__admin-*</c>, <c>TZ</c>, <c>Suite__Locale</c>), started in the AppHost's order, each once the ones it waits
/// for are healthy. Differences from a local run, all of them deliberate: environment <c>Production</c> (as deployed), free
/// loopback ports, databases and an event-bus key prefix of the run's own, the fakes' addresses, and the settings a caller
/// adds (<see cref="SuiteSettings"/>).
/// </summary>
internal sealed class SuiteProcesses : IAsyncDisposable
{
    public const string OwnerEmail = "owner@suite.bench.versatilehub.local";

    private static readonly string[] Order = ["hub", "chat", "agent", "whatsapp", "flow"];

    private readonly BenchServers _servers;
    private readonly Dictionary<string, ServiceProcess> _services = [];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    private SuiteProcesses(BenchServers servers, string workDirectory)
    {
        _servers = servers;
        WorkDirectory = workDirectory;
    }

    /// <summary>Logs and attachments of the run; kept when the run fails, so that what happened can be read.</summary>
    public string WorkDirectory { get; }

    public string OwnerPassword { get; } = "Suite-" + Secret()[..20];

    /// <summary>The run's Redis key prefix (<c>EventBus__KeyPrefix</c>): the event streams are <c>{prefix}events:{service}</c>.</summary>
    public string KeyPrefix => $"suite{_suffix}:";

    public ServiceProcess this[string name] => _services[name];

    public IEnumerable<ServiceProcess> All => Order.Select(name => _services[name]);

    public string Database(string name) => $"suite_{_suffix}_{name}";

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_servers.Postgres) { Database = Database(database) }.ConnectionString;

    /// <summary>Creates the run's databases and starts the five services; throws (with the failing service's log) when one does not get healthy.</summary>
    public static async Task<SuiteProcesses> StartAsync(BenchServers servers, SuiteSettings settings)
    {
        var work = Directory.CreateTempSubdirectory("vh-suite-").FullName;
        var suite = new SuiteProcesses(servers, work);
        try
        {
            foreach (var database in new[] { "hubdb", "chatdb", "agentdb", "flowdb" })
            {
                await ExecuteAsync(servers.Postgres, $"CREATE DATABASE {suite.Database(database)}");
            }
            suite.Define(settings);
            foreach (var name in Order)
            {
                var service = suite._services[name];
                service.Start();
                await service.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            }
            return suite;
        }
        catch
        {
            await suite.DisposeAsync(keepLogs: true);
            throw;
        }
    }

    /// <summary>The environment of each service, following the AppHost's model of the full suite.</summary>
    private void Define(SuiteSettings settings)
    {
        var ports = Order.ToDictionary(name => name, _ => FreePort());
        string Url(string name) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[name]}");
        var tokens = Order.Where(name => name != "hub").ToDictionary(name => name, _ => Secret());

        Dictionary<string, string> Common(string name, string? database)
        {
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = Url(name),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["OTEL_SERVICE_NAME"] = name,
                ["TZ"] = "UTC",
                ["Suite__Locale"] = "es",
                ["ConnectionStrings__redis"] = _servers.Redis,
                ["EventBus__KeyPrefix"] = KeyPrefix,
            };
            if (database is not null)
            {
                environment[$"ConnectionStrings__{database}"] = ConnectionString(database);
            }
            if (tokens.TryGetValue(name, out var token))
            {
                environment["Parameters__service-token"] = token;
            }
            foreach (var (key, value) in settings.For(name))
            {
                environment[key] = value;
            }
            return environment;
        }

        void Reference(Dictionary<string, string> environment, params string[] services)
        {
            foreach (var service in services)
            {
                environment[$"services__{service}__http__0"] = Url(service);
                environment[$"{service.ToUpperInvariant()}_HTTP"] = Url(service);
            }
        }

        var hub = Common("hub", "hubdb");
        hub["Parameters__admin-email"] = OwnerEmail;
        hub["Parameters__admin-password"] = OwnerPassword;
        foreach (var (service, token) in tokens)
        {
            hub[$"Parameters__service-token-{service}"] = token;
        }
        Reference(hub, "chat", "agent", "flow");
        hub["Identity__ReturnOrigins__0"] = "https://chat.localhost";
        hub["Identity__ReturnOrigins__1"] = "https://agent.localhost";

        var chat = Common("chat", "chatdb");
        chat["Attachments__LocalPath"] = Path.Combine(WorkDirectory, "attachments");
        Reference(chat, "hub", "agent");

        var agent = Common("agent", "agentdb");
        Reference(agent, "hub", "chat");

        var whatsapp = Common("whatsapp", null);
        Reference(whatsapp, "chat");

        var flow = Common("flow", "flowdb");
        Reference(flow, "hub", "chat", "agent");

        Add("hub", "VersatileHub.Hub", hub);
        Add("chat", "VersatileHub.Chat", chat);
        Add("agent", "VersatileHub.Agent", agent);
        Add("whatsapp", "VersatileHub.WhatsApp", whatsapp);
        Add("flow", "VersatileHub.Flow", flow);

        void Add(string name, string project, Dictionary<string, string> environment) =>
            _services[name] = new ServiceProcess(name, project, ports[name], environment, WorkDirectory);
    }

    /// <summary>kill -9, then the same process started again and awaited until healthy; the time it was away.</summary>
    public async Task<TimeSpan> KillAndRestartAsync(string name, TimeSpan down)
    {
        var service = _services[name];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await service.KillAsync();
        await Task.Delay(down);
        service.Start();
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(120));
        return clock.Elapsed;
    }

    /// <summary>Resident memory of each service, in the suite's order.</summary>
    public IReadOnlyList<(string Name, long Bytes)> ResidentMemory() => [.. All.Select(s => (s.Name, s.ResidentBytes()))];

    public ValueTask DisposeAsync() => DisposeAsync(keepLogs: false);

    /// <summary>Stops the services (reverse order, as the AppHost does) and drops the run's databases; the logs stay when asked.</summary>
    public async ValueTask DisposeAsync(bool keepLogs)
    {
        foreach (var name in Order.Reverse().Where(_services.ContainsKey))
        {
            await _services[name].DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        foreach (var database in new[] { "flowdb", "agentdb", "chatdb", "hubdb" })
        {
            try
            {
                await ExecuteAsync(_servers.Postgres, $"DROP DATABASE IF EXISTS {Database(database)} WITH (FORCE)");
            }
            catch (NpgsqlException exception)
            {
                Console.WriteLine($"suite: could not drop {Database(database)}: {exception.Message}");
            }
        }
        if (!keepLogs)
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        else
        {
            Console.WriteLine($"suite: the services' logs are kept in {WorkDirectory}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Secret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Settings a run adds to services' environments (the fakes' addresses, shorter timeouts for the fault run).</summary>
internal sealed class SuiteSettings
{
    private readonly Dictionary<string, Dictionary<string, string>> _byService = [];

    public SuiteSettings Set(string service, string name, string value)
    {
        if (!_byService.TryGetValue(service, out var settings))
        {
            _byService[service] = settings = [];
        }
        settings[name] = value;
        return this;
    }

    public IReadOnlyDictionary<string, string> For(string service) =>
        _byService.TryGetValue(service, out var settings) ? settings : new Dictionary<string, string>();
}
