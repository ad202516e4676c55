using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.Hub.Appointments.Realtime;
using VersatileHub.Hub.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Appointments;

/// <summary>Two Hub replicas over one database and one Redis, as when the Hub is scaled out behind a load balancer.</summary>
public sealed class LiveAgendaAcrossReplicasTests(HubFactory factory) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task A_booking_taken_by_one_replica_reaches_the_open_agendas_and_the_pages_of_both()
    {
        // The same settings (database, Redis key prefix), another host: a second replica.
        await using var otherReplica = factory.WithWebHostBuilder(_ => { });
        var viewer = await HubApi.CreateTenantWithMemberAsync(factory, HubRoles.Viewer);
        var salon = await factory.SalonAsync(viewer.TenantId);
        var token = await HubApi.CreateTokenAsync(viewer.Client, "live agenda");
        var heard = new List<string>();
        var arrived = new SemaphoreSlim(0);
        void Heard(string where)
        {
            lock (heard)
            {
                heard.Add(where);
            }
            arrived.Release();
        }

        await using var agendaHere = await OpenAgendaAsync(factory, token, () => Heard("SignalR client of the booking replica"));
        await using var agendaThere = await OpenAgendaAsync(otherReplica, token, () => Heard("SignalR client of the other replica"));
        using var pageThere = otherReplica.Services.GetRequiredService<AgendaRelay>()
            .Listen(salon.TenantId, _ => Task.Run(() => Heard("web page of the other replica")));
        using var otherTenantsPage = otherReplica.Services.GetRequiredService<AgendaRelay>()
            .Listen(salon.TenantId + 1000, _ => Task.Run(() => Heard("another tenant's page")));

        await using (var scope = factory.ScopeFor(salon.TenantId))
        {
            await scope.ServiceProvider.GetRequiredService<AgendaBook>()
                .BookAsync(salon.ServiceId, null, Salon.At(10), salon.Customer, CancellationToken.None);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(1)), $"only {string.Join(", ", heard)} heard of the booking within 1 s");
        }
        Assert.False(await arrived.WaitAsync(TimeSpan.FromMilliseconds(200)), "nothing else heard of it");
        Assert.Equal(
            ["SignalR client of the booking replica", "SignalR client of the other replica", "web page of the other replica"],
            heard.Order(StringComparer.Ordinal));
    }

    private static async Task<HubConnection> OpenAgendaAsync(WebApplicationFactory<VersatileHub.Hub.HubEntryPoint> replica, string token, Action onChange)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(replica.Server.BaseAddress, AgendaHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => replica.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<string, AppointmentView>(nameof(IAgendaClient.AppointmentChanged), (_, _) => onChange());
        await connection.StartAsync();
        return connection;
    }
}
