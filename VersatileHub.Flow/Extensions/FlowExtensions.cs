using VersatileHub.Flow.Data;
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
        return builder;
    }
}
