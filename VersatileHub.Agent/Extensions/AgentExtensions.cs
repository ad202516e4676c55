using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;
using VersatileHub.Agent;
using VersatileHub.Agent.Apis;
using VersatileHub.Agent.Data;
using VersatileHub.Agent.Knowledge;
using VersatileHub.Agent.Loop;
using VersatileHub.Agent.Memory;
using VersatileHub.Agent.Models;
using VersatileHub.Agent.Profiles;
using VersatileHub.Agent.Replies;
using VersatileHub.Agent.Tools;
using VersatileHub.ServiceDefaults.Tenancy;

namespace Microsoft.Extensions.Hosting;

internal static class AgentExtensions
{
    /// <summary>The suite's one key ring (Hub's and Chat's too), kept in Redis; model API keys use a purpose of their own.</summary>
    private const string DataProtectionApplicationName = "VersatileHub";
    private const string DataProtectionKeysKey = "vh:data-protection-keys";

    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddNpgsqlDbContext<AgentDbContext>("agentdb");
        services.AddMigration<AgentDbContext>();
        builder.AddRedisClient("redis");
        builder.AddHubAuthentication();
        services.AddAuthorizationBuilder().AddAgentPolicies();
        builder.AddTenancy();

        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeysKey));

        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LocalModelOptions>().BindConfiguration(LocalModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SuiteModelOptions>().BindConfiguration(SuiteModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // The model and a local model server are outside the suite: no default retries, the fallback profile is the retry.
        services.AddHttpClient(AgentKernels.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan).WithoutDefaultResilience();
        services.AddHttpClient(LocalModelProbe.HttpClientName).WithoutDefaultResilience();
        services.AddHttpClient(ChatReplies.ImagesHttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).WithoutDefaultResilience();
        services.AddHttpClient(SuiteClients.Hub, http => http.BaseAddress = new Uri("http://hub")).AddServiceToken();
        services.AddHttpClient(SuiteClients.Chat, http => http.BaseAddress = new Uri("http://chat")).AddServiceToken();

        services.AddSingleton<AgentTelemetry>();
        services.AddSingleton<LocalModelOffer>();
        services.AddHostedService<LocalModelProbe>();
        services.AddSingleton<ApiKeyProtector>();
        services.AddSingleton<SuiteModel>();
        services.AddSingleton<SuiteClients>();
        services.AddSingleton<CatalogCache>();
        services.AddSingleton<AgentKernels>();
        services.AddScoped<ModelChain>();
        services.AddScoped<ChatReplies>();
        services.AddScoped<AgentAnswering>();
        services.AddSingleton<ConversationLocks>();
        builder.AddBotLoop();

        builder.AddEventBus("agent")
            .AddOutbox<AgentDbContext>()
            .UseInbox<AgentDbContext>()
            .Subscribe("chat", "hub")
            .AddHandler<IncomingMessage>("message.created")
            .AddHandler<CatalogChanged>(CatalogChanged.EventTypes);
        builder.AddKnowledge();
        builder.AddContactMemory();
        builder.AddAgentConsole();
        return builder;
    }

    public static WebApplication MapAgent(this WebApplication app)
    {
        app.MapProfilesApi();
        app.MapAgentStatusApi();
        app.MapAskApi();
        app.MapKnowledgeApi();
        app.MapContactMemoryApi();
        app.MapAgentConsole();
        return app;
    }
}
