using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.Hub.Appointments.Realtime;

namespace VersatileHub.Tests.Hub.Appointments;

public sealed class LiveAgendaTests(AgendaFactory factory) : IClassFixture<AgendaFactory>
{
    private async Task<HubConnection> OpenAgendaAsync(int tenantId, Action<string, AppointmentView> onChange)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, AgendaHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                // The test server speaks plain HTTP only: no WebSockets.
                options.Transports = HttpTransportType.LongPolling;
                options.Headers[AgendaFactory.TenantHeader] = tenantId.ToString(CultureInfo.InvariantCulture);
            })
            .Build();
        connection.On<string, AppointmentView>(nameof(IAgendaClient.AppointmentChanged), onChange);
        await connection.StartAsync();
        return connection;
    }

    [Fact]
    public async Task An_open_agenda_receives_a_booking_within_a_second_and_then_its_cancellation()
    {
        var salon = await factory.SalonAsync(factory.NewTenant());
        var changes = new List<(string Type, AppointmentView Appointment, TimeSpan After)>();
        var clock = Stopwatch.StartNew();
        var received = new SemaphoreSlim(0);
        await using var agenda = await OpenAgendaAsync(salon.TenantId, (type, appointment) =>
        {
            lock (changes)
            {
                changes.Add((type, appointment, clock.Elapsed));
            }
            received.Release();
        });

        await using (var scope = factory.ScopeFor(salon.TenantId))
        {
            var book = scope.ServiceProvider.GetRequiredService<AgendaBook>();
            clock.Restart();
            var booked = await book.BookAsync(salon.ServiceId, null, Salon.At(10), new Customer(42, "Ana"), CancellationToken.None);
            Assert.True(await received.WaitAsync(TimeSpan.FromSeconds(1)), "the booking reached the open agenda within 1 s");

            clock.Restart();
            await book.CancelAsync(booked.Id, "Pidió otro día", null, CancellationToken.None);
            Assert.True(await received.WaitAsync(TimeSpan.FromSeconds(1)), "the cancellation reached the open agenda within 1 s");
        }

        Assert.Equal([AppointmentEvents.Created, AppointmentEvents.Cancelled], changes.Select(c => c.Type));
        Assert.Equal(("Ana", Salon.At(10), "cancelled"), (changes[0].Appointment.CustomerName, changes[0].Appointment.StartLocal, changes[1].Appointment.Status));
    }

    [Fact]
    public async Task An_agenda_is_not_told_of_another_tenants_bookings()
    {
        var mine = await factory.SalonAsync(factory.NewTenant());
        var theirs = await factory.SalonAsync(factory.NewTenant());
        var received = new SemaphoreSlim(0);
        await using var agenda = await OpenAgendaAsync(mine.TenantId, (_, _) => received.Release());

        await using (var scope = factory.ScopeFor(theirs.TenantId))
        {
            await scope.ServiceProvider.GetRequiredService<AgendaBook>()
                .BookAsync(theirs.ServiceId, null, Salon.At(11), new Customer(1), CancellationToken.None);
        }
        await using (var scope = factory.ScopeFor(mine.TenantId))
        {
            await scope.ServiceProvider.GetRequiredService<AgendaBook>()
                .BookAsync(mine.ServiceId, null, Salon.At(12), new Customer(2), CancellationToken.None);
        }

        Assert.True(await received.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.False(await received.WaitAsync(TimeSpan.FromMilliseconds(300)), "only the own tenant's booking arrived");
    }

    [Fact]
    public async Task A_connection_without_a_signed_in_member_is_refused()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, AgendaHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
            })
            .Build();

        await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        await connection.DisposeAsync();
    }
}
