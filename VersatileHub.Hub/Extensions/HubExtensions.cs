using VersatileHub.Hub.Appointments.Apis;
using VersatileHub.Hub.Appointments.Realtime;
using VersatileHub.Hub.Catalog;
using VersatileHub.Hub.Connectors;
using VersatileHub.Hub.Customers;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Orders;
using VersatileHub.Hub.Tickets;
using VersatileHub.ServiceDefaults.Tenancy;

namespace Microsoft.Extensions.Hosting;

internal static class HubExtensions
{
    public static IHostApplicationBuilder AddHub(this IHostApplicationBuilder builder)
    {
        builder.AddTenancy();
        builder.AddNpgsqlDbContext<HubDbContext>("hubdb");
        builder.Services.AddMigration<HubDbContext>();
        builder.AddRedisClient("redis");
        builder.AddEventBus("hub")
            .AddOutbox<HubDbContext>()
            .UseInbox<HubDbContext>();

        builder.AddHubIdentity();
        builder.AddCustomers();
        builder.AddCatalog();
        builder.AddAgenda();
        builder.AddConnectors();
        builder.AddHubWeb();
        return builder;
    }

    /// <summary>The Hub's pages, APIs and real-time hubs; each requires sign-in and a tenant policy unless it says otherwise.</summary>
    public static WebApplication MapHub(this WebApplication app)
    {
        app.MapAccountPages();
        app.MapIdentityApi();
        app.MapTenantsApi();
        app.MapMembersApi();
        app.MapTokensApi();
        app.MapCustomersApi();
        app.MapCatalogApi();
        app.MapAgendaApi();
        app.MapAppointmentsApi();
        app.MapAgendaHub();
        app.MapOrdersApi();
        app.MapTicketsApi();
        app.MapConnectorsApi();
        app.MapHubWeb();
        return app;
    }
}
