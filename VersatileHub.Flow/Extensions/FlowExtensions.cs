using VersatileHub.Flow.Data;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Nodes;
using VersatileHub.ServiceDefaults.Tenancy;

namespace Microsoft.Extensions.Hosting;

internal static class FlowExtensions
{
    public static IHostApplicationBuilder AddFlow(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<FlowDbContext>("flowdb");
        builder.Services.AddMigration<FlowDbContext>();
        builder.AddRedisClient("redis");
        builder.AddHubAuthentication();
        builder.AddTenancy();
        builder.AddEventBus("flow")
            .AddOutbox<FlowDbContext>()
            .UseInbox<FlowDbContext>();
        builder.Services.AddSingleton<NodeRegistry>();
        builder.Services.AddScoped<RunStarter>();
        builder.AddFlowEngine();
        builder.AddWorkflows();
        builder.AddFlowActions();
        builder.AddFlowWeb();
        return builder;
    }
}
