using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace VersatileHub.Tests.Infrastructure;

/// <summary>
/// Flow, signing in its callers through <see cref="Hub"/> and calling the Hub, Chat and the Agent in memory when they are given. <see cref="Time"/> replaces the
/// clock, <see cref="Settings"/> add configuration (a second host on the first one's database:
/// <c>ConnectionStrings:flowdb</c>), <see cref="WithServices"/> adds services (node types only the specs know).
/// </summary>
public sealed class FlowFactory() : ServiceFactory<VersatileHub.Flow.FlowEntryPoint>("flowdb")
{
    public const string ServiceToken = "test-service-token-for-flow";

    public HubFactory? Hub { get; init; }

    public ChatFactory? Chat { get; init; }

    public AgentFactory? Agent { get; init; }

    public TimeProvider? Time { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public Action<IServiceCollection>? WithServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Parameters:service-token", ServiceToken);
        builder.UseSetting("services:hub:http:0", HubFactory.UnheardAddress.ToString());
        // The specs' clocks stand still: the queue is looked at often so that what they move is seen at once.
        builder.UseSetting("Flow:Engine:PollInterval", "00:00:00.100");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            if (Hub is { } hub)
            {
                services.AddHttpClient("hub-identity").ConfigurePrimaryHttpMessageHandler(() => hub.Server.CreateHandler());
                services.AddHttpClient("flow-hub").ConfigurePrimaryHttpMessageHandler(() => hub.Server.CreateHandler());
            }
            if (Chat is { } chat)
            {
                services.AddHttpClient("flow-chat").ConfigurePrimaryHttpMessageHandler(() => chat.Server.CreateHandler());
            }
            if (Agent is { } agent)
            {
                services.AddHttpClient("flow-agent").ConfigurePrimaryHttpMessageHandler(() => agent.Server.CreateHandler());
            }
            if (Time is { } time)
            {
                services.AddSingleton(time);
            }
            WithServices?.Invoke(services);
        });
    }
}
