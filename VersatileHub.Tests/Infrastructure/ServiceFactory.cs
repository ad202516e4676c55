using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace VersatileHub.Tests.Infrastructure;

/// <summary>
/// Hosts one service in memory against its own database on the test PostgreSQL and its own Redis key space;
/// use it as a class fixture so each test class gets a fresh, migrated database.
/// </summary>
public abstract class ServiceFactory<TEntryPoint>(string? databaseName) : WebApplicationFactory<TEntryPoint>, IServiceFactory, IAsyncLifetime
    where TEntryPoint : class
{
    private TestDatabase? _database;

    public TestRedis Redis { get; private set; } = null!;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("This service has no database.");

    /// <summary>An event-bus key space shared with other hosted services (so one reads the others' streams); its own otherwise.</summary>
    public string? EventKeyPrefix { get; init; }

    public async Task InitializeAsync()
    {
        Redis = await TestRedis.CreateAsync();
        if (databaseName is not null)
        {
            _database = await TestDatabase.CreateAsync(databaseName);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:redis", TestServers.Redis);
        builder.UseSetting("EventBus:KeyPrefix", EventKeyPrefix ?? Redis.KeyPrefix);
        if (_database is not null)
        {
            builder.UseSetting($"ConnectionStrings:{databaseName}", _database.ConnectionString);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        await Redis.DisposeAsync();
    }
}

/// <summary>A hosted service, whichever it is.</summary>
public interface IServiceFactory
{
    IServiceProvider Services { get; }

    HttpClient CreateClient();

    HttpClient CreateClient(WebApplicationFactoryClientOptions options);
}

public class HubFactory() : ServiceFactory<VersatileHub.Hub.HubEntryPoint>("hubdb")
{
    /// <summary>The owner account the Hub creates on its first start (see <see cref="HubApi.SignInAsOwnerAsync"/>).</summary>
    public const string OwnerEmail = "owner@versatilehub.test";
    public const string OwnerPassword = "owner-password-1";
    public const string TenantName = "Estudio de Danza";

    /// <summary>Where a service that is given no listening Hub believes the Hub to be (pages redirect there to sign in).</summary>
    public static readonly Uri UnheardAddress = new("http://hub.test/");

    /// <summary>A service token, as the AppHost would generate for the agent service.</summary>
    public const string AgentServiceToken = "test-service-token-for-the-agent";

    /// <summary>Replaces the clock, for specs that move one clock across services.</summary>
    public TimeProvider? Time { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (Time is { } time)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
        // The web app's scripts and styles from where the build left them, as in Development (the browser specs load them).
        builder.UseStaticWebAssets();
        builder.UseSetting("Parameters:admin-email", OwnerEmail);
        builder.UseSetting("Parameters:admin-password", OwnerPassword);
        builder.UseSetting("Parameters:tenant-name", TenantName);
        builder.UseSetting("Parameters:service-token-agent", AgentServiceToken);
        builder.UseSetting("Parameters:service-token-chat", ChatFactory.ServiceToken);
        builder.UseSetting("Parameters:service-token-whatsapp", WhatsAppFactory.ServiceToken);
        builder.UseSetting("Parameters:service-token-flow", FlowFactory.ServiceToken);
    }
}

/// <summary>Chat, whose calls to the Hub (identity, customers) go to <see cref="Hub"/> in memory when one is given.</summary>
public sealed class ChatFactory() : ServiceFactory<VersatileHub.Chat.ChatEntryPoint>("chatdb")
{
    public const string ServiceToken = "test-service-token-for-chat";

    public HubFactory? Hub { get; init; }

    /// <summary>A Hub listening on a real socket (for the browser specs), found through service discovery as the AppHost would say.</summary>
    public Uri? HubAddress { get; init; }

    /// <summary>An Agent listening on a real socket (for the browser specs), found through service discovery.</summary>
    public Uri? AgentAddress { get; init; }

    /// <summary>Replaces the clock, for specs of time-bound rules.</summary>
    public TimeProvider? Time { get; init; }

    public string AttachmentFolder { get; } = Path.Combine(Path.GetTempPath(), $"vh-chat-{Guid.NewGuid():N}");

    /// <summary>The host environment, Testing unless a spec needs Chat as it runs elsewhere (the simulator is Development's only).</summary>
    public string Environment { get; init; } = "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environment);
        builder.UseSetting("Parameters:service-token", ServiceToken);
        builder.UseSetting("Attachments:LocalPath", AttachmentFolder);
        builder.UseSetting("Attachments:MaxFileBytes", "65536");
        // The web app's scripts and styles from where the build left them, as in Development (the browser specs load them).
        builder.UseStaticWebAssets();
        // The Hub's address as the AppHost gives it; the sign-in redirect names it even when no Hub listens.
        builder.UseSetting("services:hub:http:0", (HubAddress ?? HubFactory.UnheardAddress).ToString());
        if (AgentAddress is not null)
        {
            builder.UseSetting("services:agent:http:0", AgentAddress.ToString());
        }
        builder.ConfigureTestServices(services =>
        {
            if (Hub is { } hub)
            {
                foreach (var client in new[] { "hub-identity", "hub-customers" })
                {
                    services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(() => hub.Server.CreateHandler());
                }
            }
            if (Time is { } time)
            {
                services.AddSingleton(time);
            }
        });
    }
}

/// <summary>
/// The Agent, signing in its callers through <see cref="Hub"/> in memory when one is given, calling the Hub's and Chat's
/// APIs in memory (its named clients redirected), with the local-model probe off.
/// </summary>
public sealed class AgentFactory() : ServiceFactory<VersatileHub.Agent.AgentEntryPoint>("agentdb")
{
    public HubFactory? Hub { get; init; }

    public ChatFactory? Chat { get; init; }

    /// <summary>A Hub listening on a real socket (for the browser specs), found through service discovery as the AppHost would say.</summary>
    public Uri? HubAddress { get; init; }

    /// <summary>Replaces the clock, for specs of time-bound rules.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Configuration as the AppHost would add it (e.g. the deployment's model).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Parameters:service-token", HubFactory.AgentServiceToken);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        // The Hub's address as the AppHost gives it; the sign-in redirect names it even when no Hub listens.
        builder.UseSetting("services:hub:http:0", (HubAddress ?? HubFactory.UnheardAddress).ToString());
        builder.UseSetting("Agent:LocalModel:ProbeEndpoint", "");
        // The console's styles from where the build left them, as in Development (the browser specs load them).
        builder.UseStaticWebAssets();
        builder.ConfigureTestServices(services =>
        {
            if (Hub is { } hub)
            {
                services.AddHttpClient("hub-identity").ConfigurePrimaryHttpMessageHandler(() => hub.Server.CreateHandler());
                services.AddHttpClient(VersatileHub.Agent.Tools.SuiteClients.Hub).ConfigurePrimaryHttpMessageHandler(() => hub.Server.CreateHandler());
            }
            if (Chat is { } chat)
            {
                services.AddHttpClient(VersatileHub.Agent.Tools.SuiteClients.Chat).ConfigurePrimaryHttpMessageHandler(() => chat.Server.CreateHandler());
            }
            if (Time is { } time)
            {
                services.AddSingleton(time);
            }
        });
    }
}

/// <summary>
/// The WhatsApp gateway, calling <see cref="Chat"/> in memory when one is given and consuming Chat's events from Chat's key
/// space; <see cref="Settings"/> point it at fake providers.
/// </summary>
public sealed class WhatsAppFactory() : ServiceFactory<VersatileHub.WhatsApp.WhatsAppEntryPoint>(databaseName: null)
{
    public const string ServiceToken = "test-service-token-for-whatsapp";

    public ChatFactory? Chat { get; init; }

    /// <summary>Replaces the clock, for specs of time-bound rules.</summary>
    public TimeProvider? Time { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Messages <see cref="Chat"/> fails on, as on a fault of its own.</summary>
    public ChatFaults? ChatFaults { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Parameters:service-token", ServiceToken);
        if (Chat is not null)
        {
            builder.UseSetting("EventBus:KeyPrefix", Chat.Redis.KeyPrefix);
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            if (Chat is { } chat)
            {
                services.AddHttpClient("chat-channel").ConfigurePrimaryHttpMessageHandler(() => chat.Server.CreateHandler());
                services.AddHttpClient("chat-channel-inbound").ConfigurePrimaryHttpMessageHandler(() => ChatFaults is { } faults
                    ? faults.In(chat.Server.CreateHandler())
                    : chat.Server.CreateHandler());
            }
            if (Time is { } time)
            {
                services.AddSingleton(time);
            }
        });
    }
}
