using VersatileHub.Hub.Data;
using VersatileHub.Hub.Tenancy;

namespace Microsoft.Extensions.Hosting;

internal static class HubExtensions
{
    public static IHostApplicationBuilder AddHub(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CurrentTenant>();
        builder.AddNpgsqlDbContext<HubDbContext>("hubdb");
        builder.Services.AddMigration<HubDbContext>();
        builder.AddRedisClient("redis");
        builder.AddEventBus("hub")
            .AddOutbox<HubDbContext>()
            .UseInbox<HubDbContext>();
        builder.AddCustomers();
        builder.AddCatalog();
        return builder;
    }
}
