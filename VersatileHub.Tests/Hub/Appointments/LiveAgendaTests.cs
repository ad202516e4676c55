using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.Hub.Appointments.Realtime;
using VersatileHub.Hub.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Appointments;

public sealed class LiveAgendaTests(HubFactory factory) : IClassFixture<HubFactory>
{
    /// <summary>Opens the live agenda as <paramref name="member"/>, with an access token of theirs sent as a Bearer token.</summary>
    private async Task<HubConnection> OpenAgendaAsync(HubMember member, Action<string, AppointmentView> onChange)
    {
        var connection = Connection(await HubApi.CreateTokenAsync(member.Client, "live agenda"));
        connection.On<string, AppointmentView>(nameof(IAgendaClient.AppointmentChanged), onChange);
        await connection.StartAsync();
        return connection;
    }

    [Fact]
    public async Task An_open_agenda_receives_a_booking_within_a_second_and_then_its_cancellation()
    {
        var viewer = await HubApi.CreateTenantWithMemberAsync(factory, HubRoles.Viewer);
        var salon = await factory.SalonAsync(viewer.TenantId);
        var changes = new List<(string Type, AppointmentView Appointment, TimeSpan After)>();
        var clock = Stopwatch.StartNew();
        var received = new SemaphoreSlim(0);
        await using var agenda = await OpenAgendaAsync(viewer, (type, appointment) =>
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
            var booked = await book.BookAsync(salon.ServiceId, null, Salon.At(10), salon.Customer, CancellationToken.None);
            Assert.True(await received.WaitAsync(TimeSpan.FromSeconds(1)), "the booking reached the open agenda within 1 s");

            clock.Restart();
            await book.CancelAsync(booked.Id, "Pidió otro día", null, CancellationToken.None);
            Assert.True(await received.WaitAsync(TimeSpan.FromSeconds(1)), "the cancellation reached the open agenda within 1 s");
        }

        Assert.Equal([AppointmentEvents.Created, AppointmentEvents.Cancelled], changes.Select(c => c.Type));
        Assert.Equal((Salon.CustomerName, Salon.At(10), "cancelled"), (changes[0].Appointment.CustomerName, changes[0].Appointment.StartLocal, changes[1].Appointment.Status));
    }

    [Fact]
    public async Task An_agenda_is_not_told_of_another_tenants_bookings()
    {
        var member = await HubApi.CreateTenantWithMemberAsync(factory, HubRoles.Viewer);
        var mine = await factory.SalonAsync(member.TenantId);
        var theirs = await factory.NewSalonAsync();
        var received = new SemaphoreSlim(0);
        await using var agenda = await OpenAgendaAsync(member, (_, _) => received.Release());

        await using (var scope = factory.ScopeFor(theirs.TenantId))
        {
            await scope.ServiceProvider.GetRequiredService<AgendaBook>()
                .BookAsync(theirs.ServiceId, null, Salon.At(11), theirs.Customer, CancellationToken.None);
        }
        await using (var scope = factory.ScopeFor(mine.TenantId))
        {
            await scope.ServiceProvider.GetRequiredService<AgendaBook>()
                .BookAsync(mine.ServiceId, null, Salon.At(12), mine.Customer, CancellationToken.None);
        }

        Assert.True(await received.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.False(await received.WaitAsync(TimeSpan.FromMilliseconds(300)), "only the own tenant's booking arrived");
    }

    [Fact]
    public async Task A_connection_without_a_signed_in_member_is_refused()
    {
        await using var connection = Connection(token: null);

        await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
    }

    [Fact]
    public async Task A_connection_with_an_unknown_token_is_refused()
    {
        await using var connection = Connection(token: "not-a-token-the-hub-issued");

        await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
    }

    /// <summary>A connection to the live agenda sending <paramref name="token"/> as a Bearer token.</summary>
    private HubConnection Connection(string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, AgendaHub.Path), options =>
        {
            options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            // The test server speaks plain HTTP only: no WebSockets. Long polling sends the token in the Authorization header.
            options.Transports = HttpTransportType.LongPolling;
            options.AccessTokenProvider = () => Task.FromResult(token);
        })
        .Build();
}
