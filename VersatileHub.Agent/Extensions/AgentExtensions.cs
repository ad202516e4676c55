using VersatileHub.Agent.Data;
using VersatileHub.ServiceDefaults.Tenancy;

namespace Microsoft.Extensions.Hosting;

internal static class AgentExtensions
{
    public static IHostApplicationBuilder AddAgent(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<AgentDbContext>("agentdb");
        builder.Services.AddMigration<AgentDbContext>();
        builder.AddRedisClient("redis");
        builder.AddHubAuthentication();
        builder.AddTenancy();
        builder.AddEventBus("agent")
            .AddOutbox<AgentDbContext>()
            .UseInbox<AgentDbContext>();
        builder.AddKnowledge();
        builder.AddContactMemory();
        return builder;
    }
}
