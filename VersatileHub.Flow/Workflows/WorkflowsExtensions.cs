using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;
using VersatileHub.Flow.Apis;
using VersatileHub.Flow.Triggers.Events;
using VersatileHub.Flow.Triggers.Schedules;
using VersatileHub.Flow.Workflows;

namespace Microsoft.Extensions.Hosting;

internal static class WorkflowsExtensions
{
    /// <summary>The suite's one key ring (the Hub's, Chat's and the Agent's too), kept in Redis; secret variables use a purpose of their own.</summary>
    private const string DataProtectionApplicationName = "VersatileHub";
    private const string DataProtectionKeysKey = "vh:data-protection-keys";

    /// <summary>Workflows and their versions, tenant variables, the schedule and event triggers, and their APIs' policies.</summary>
    public static IHostApplicationBuilder AddWorkflows(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository ??= new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeysKey));
        services.AddAuthorizationBuilder().AddFlowPolicies();

        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.Section).ValidateDataAnnotations()
            .Validate(options => TimeZoneInfo.TryFindSystemTimeZoneById(options.DefaultTimeZone, out _),
                $"{ScheduleOptions.Section}:{nameof(ScheduleOptions.DefaultTimeZone)} must be an IANA time zone such as America/Argentina/Buenos_Aires.")
            .ValidateOnStart();
        services.AddSingleton<DefinitionValidator>();
        services.AddScoped<ActiveTriggers>();
        services.AddScoped<WorkflowStore>();
        services.AddScoped<TenantVariables>();
        services.AddSingleton<Scheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<Scheduler>());

        builder.AddEventBus("flow")
            .Subscribe(EventTriggers.Producers)
            .AddHandler<EventTriggers>(EventBusBuilder.AnyType);
        return builder;
    }

    public static WebApplication MapWorkflows(this WebApplication app)
    {
        app.MapWorkflowsApi();
        app.MapVariablesApi();
        return app;
    }
}
