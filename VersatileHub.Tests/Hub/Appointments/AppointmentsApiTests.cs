using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.Hub.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Appointments;

/// <summary>The agenda and appointment routes over HTTP, as members of real tenants call them with their access tokens.</summary>
public sealed class AppointmentsApiTests(HubFactory factory) : IClassFixture<HubFactory>
{
    private const string Availability = "/api/agenda/availability";
    private const string Appointments = "/api/appointments";

    /// <summary>
    /// A tenant whose admin set up, over HTTP, one stylist working Mondays 08:00–20:00, a 30-minute cut (10-minute buffer,
    /// 15-minute grid) and a customer to book for.
    /// </summary>
    private async Task<(HubMember Admin, int ServiceId, int ResourceId, int CustomerId)> SalonSetUpByItsAdminAsync()
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(factory, HubRoles.Admin);
        await Expect(HttpStatusCode.OK, await admin.Client.PutAsJsonAsync("/api/agenda/settings", new { timeZone = "America/Argentina/Buenos_Aires" }));
        var resource = await Expect<Created>(HttpStatusCode.Created,
            await admin.Client.PostAsJsonAsync("/api/agenda/resources", new { name = "Estilista", kind = "Staff" }));
        await Expect(HttpStatusCode.OK, await admin.Client.PutAsJsonAsync($"/api/agenda/resources/{resource.Id}/working-hours",
            new { periods = new[] { new { day = "Monday", from = "08:00:00", to = "20:00:00" } } }));
        var service = await Expect<Created>(HttpStatusCode.Created, await admin.Client.PostAsJsonAsync("/api/agenda/services", new
        {
            name = "Corte", durationMinutes = 30, bufferAfterMinutes = 10, slotIntervalMinutes = 15, price = 12000m, resourceIds = new[] { resource.Id },
        }));
        var customerId = await HubApi.CreateCustomerAsync(admin.Client, Salon.CustomerName, phone: Salon.CustomerPhone);
        return (admin, service.Id, resource.Id, customerId);
    }

    /// <summary>A client of a new member of <paramref name="admin"/>'s tenant holding <paramref name="role"/>, carrying their access token.</summary>
    private async Task<HttpClient> MemberAsync(HubMember admin, string role)
    {
        var email = $"{role}-{Guid.NewGuid().ToString("N")[..8]}@versatilehub.test";
        const string password = "a-member-password-1";
        await Expect(HttpStatusCode.Created, await admin.Client.PostAsJsonAsync("/api/identity/members", new { email, role, password }));
        using var cookie = await HubApi.SignInWithCookieAsync(factory, email, password, admin.TenantId);
        return HubApi.TokenClient(factory, await HubApi.CreateTokenAsync(cookie, "tests"));
    }

    private static Task<HttpResponseMessage> BookAsync(HttpClient client, int serviceId, DateTimeOffset start, int customerId) =>
        client.PostAsJsonAsync(Appointments, new { serviceId, start, customerId, customerName = Salon.CustomerName, customerPhone = Salon.CustomerPhone });

    private static async Task<IReadOnlyList<DateTimeOffset>> FreeStartsAsync(HttpClient client, int serviceId)
    {
        var availability = await Expect<List<ResourceAvailability>>(HttpStatusCode.OK, await client.GetAsync($"{Availability}?serviceId={serviceId}&date=2031-06-02"));
        return Assert.Single(availability).Starts;
    }

    [Fact]
    public async Task An_agent_books_a_free_slot_and_gets_201_with_the_appointment()
    {
        var (admin, serviceId, resourceId, customerId) = await SalonSetUpByItsAdminAsync();
        using var agent = await MemberAsync(admin, HubRoles.Agent);
        Assert.Contains(Salon.At(10), await FreeStartsAsync(agent, serviceId));

        var response = await BookAsync(agent, serviceId, Salon.At(10), customerId);

        var booked = await Expect<AppointmentView>(HttpStatusCode.Created, response);
        Assert.Equal($"/api/appointments/{booked.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((serviceId, "Corte", resourceId, customerId, Salon.CustomerName, "booked"),
            (booked.ServiceId, booked.ServiceName, booked.ResourceId, booked.CustomerId, booked.CustomerName, booked.Status));
        Assert.Equal((Salon.At(10), Salon.At(10, 30), TimeSpan.FromHours(-3)), (booked.StartUtc, booked.EndUtc, booked.StartLocal.Offset));
        Assert.Equal(booked, await Expect<AppointmentView>(HttpStatusCode.OK, await agent.GetAsync($"{Appointments}/{booked.Id}")));
        Assert.DoesNotContain(Salon.At(10), await FreeStartsAsync(agent, serviceId));
    }

    [Fact]
    public async Task Booking_a_taken_slot_is_409_with_problem_details()
    {
        var (admin, serviceId, _, customerId) = await SalonSetUpByItsAdminAsync();
        await Expect(HttpStatusCode.Created, await BookAsync(admin.Client, serviceId, Salon.At(11), customerId));

        var again = await BookAsync(admin.Client, serviceId, Salon.At(11), customerId);

        var problem = await Expect<ProblemDetails>(HttpStatusCode.Conflict, again);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal((409, "Turno ocupado / Slot taken"), (problem.Status, problem.Title));
    }

    [Fact]
    public async Task A_viewer_reads_availability_and_bookings_but_gets_403_when_booking()
    {
        var (admin, serviceId, _, customerId) = await SalonSetUpByItsAdminAsync();
        var booked = await Expect<AppointmentView>(HttpStatusCode.Created, await BookAsync(admin.Client, serviceId, Salon.At(9), customerId));
        using var viewer = await MemberAsync(admin, HubRoles.Viewer);

        Assert.DoesNotContain(Salon.At(9), await FreeStartsAsync(viewer, serviceId));
        var day = await Expect<List<AppointmentView>>(HttpStatusCode.OK, await viewer.GetAsync($"{Appointments}?from=2031-06-02"));
        Assert.Equal([booked.Id], day.Select(a => a.Id));
        Assert.Equal(booked.Id, (await Expect<AppointmentView>(HttpStatusCode.OK, await viewer.GetAsync($"{Appointments}/{booked.Id}"))).Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await BookAsync(viewer, serviceId, Salon.At(12), customerId)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"{Appointments}/{booked.Id}/cancel", new { reason = "x" })).StatusCode);
        Assert.Contains(Salon.At(12), await FreeStartsAsync(viewer, serviceId));
    }

    [Fact]
    public async Task Without_an_access_token_the_agenda_and_its_bookings_are_401()
    {
        var (_, serviceId, _, customerId) = await SalonSetUpByItsAdminAsync();
        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Availability}?serviceId={serviceId}&date=2031-06-02")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Appointments}?from=2031-06-02")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BookAsync(anonymous, serviceId, Salon.At(10), customerId)).StatusCode);
    }

    [Fact]
    public async Task A_member_of_another_tenant_gets_404_for_the_appointment_and_an_empty_agenda()
    {
        var (admin, serviceId, _, customerId) = await SalonSetUpByItsAdminAsync();
        var booked = await Expect<AppointmentView>(HttpStatusCode.Created, await BookAsync(admin.Client, serviceId, Salon.At(15), customerId));
        var stranger = await HubApi.CreateTenantWithMemberAsync(factory, HubRoles.Admin);

        await Expect<ProblemDetails>(HttpStatusCode.NotFound, await stranger.Client.GetAsync($"{Appointments}/{booked.Id}"));
        Assert.Empty(await Expect<List<AppointmentView>>(HttpStatusCode.OK, await stranger.Client.GetAsync($"{Appointments}?from=2031-06-02&days=7")));
        await Expect<ProblemDetails>(HttpStatusCode.NotFound, await stranger.Client.PostAsJsonAsync($"{Appointments}/{booked.Id}/cancel", new { reason = "x" }));
        await Expect<ProblemDetails>(HttpStatusCode.NotFound, await BookAsync(stranger.Client, serviceId, Salon.At(16), customerId));
        Assert.Equal("booked", (await Expect<AppointmentView>(HttpStatusCode.OK, await admin.Client.GetAsync($"{Appointments}/{booked.Id}"))).Status);
    }

    [Fact]
    public async Task Booking_for_another_tenants_customer_is_400_naming_customerId_like_an_unknown_customer_and_books_nothing()
    {
        var (admin, serviceId, _, _) = await SalonSetUpByItsAdminAsync();
        var (_, _, _, otherTenantsCustomer) = await SalonSetUpByItsAdminAsync();

        foreach (var customerId in new[] { otherTenantsCustomer, int.MaxValue })
        {
            var problem = await Expect<HttpValidationProblemDetails>(HttpStatusCode.BadRequest, await BookAsync(admin.Client, serviceId, Salon.At(10), customerId));

            Assert.Equal([$"El cliente {customerId} no existe. / Customer {customerId} does not exist."], problem.Errors["customerId"]);
        }
        Assert.Contains(Salon.At(10), await FreeStartsAsync(admin.Client, serviceId));
        Assert.Empty(await Expect<List<AppointmentView>>(HttpStatusCode.OK, await admin.Client.GetAsync($"{Appointments}?from=2031-06-02&days=7")));
    }

    [Fact]
    public async Task An_unknown_service_is_404()
    {
        var (admin, _, _, customerId) = await SalonSetUpByItsAdminAsync();

        var problem = await Expect<ProblemDetails>(HttpStatusCode.NotFound, await BookAsync(admin.Client, serviceId: 999_999, Salon.At(10), customerId));

        Assert.Equal(404, problem.Status);
    }

    [Fact]
    public async Task A_malformed_start_is_400_naming_the_start()
    {
        var (admin, serviceId, _, customerId) = await SalonSetUpByItsAdminAsync();

        var response = await admin.Client.PostAsJsonAsync(Appointments, new { serviceId, start = "el lunes a las diez", customerId });

        var problem = await Expect<HttpValidationProblemDetails>(HttpStatusCode.BadRequest, response);
        Assert.Contains("start", problem.Errors.Keys);
    }

    [Fact]
    public async Task Rescheduling_with_a_stale_version_is_409_and_leaves_the_appointment_where_it_was_moved()
    {
        var (admin, serviceId, _, customerId) = await SalonSetUpByItsAdminAsync();
        var booked = await Expect<AppointmentView>(HttpStatusCode.Created, await BookAsync(admin.Client, serviceId, Salon.At(13), customerId));
        var moved = await Expect<AppointmentView>(HttpStatusCode.OK,
            await admin.Client.PostAsJsonAsync($"{Appointments}/{booked.Id}/reschedule", new { start = Salon.At(14), version = booked.Version }));

        var stale = await admin.Client.PostAsJsonAsync($"{Appointments}/{booked.Id}/reschedule", new { start = Salon.At(16), version = booked.Version });

        Assert.Equal(409, (await Expect<ProblemDetails>(HttpStatusCode.Conflict, stale)).Status);
        var now = await Expect<AppointmentView>(HttpStatusCode.OK, await admin.Client.GetAsync($"{Appointments}/{booked.Id}"));
        Assert.Equal((Salon.At(14), moved.Version), (now.StartUtc, now.Version));
    }

    [Fact]
    public async Task Cancelling_offers_the_slot_again()
    {
        var (admin, serviceId, _, customerId) = await SalonSetUpByItsAdminAsync();
        using var agent = await MemberAsync(admin, HubRoles.Agent);
        var booked = await Expect<AppointmentView>(HttpStatusCode.Created, await BookAsync(agent, serviceId, Salon.At(17), customerId));
        Assert.DoesNotContain(Salon.At(17), await FreeStartsAsync(agent, serviceId));

        var cancelled = await Expect<AppointmentView>(HttpStatusCode.OK,
            await agent.PostAsJsonAsync($"{Appointments}/{booked.Id}/cancel", new { reason = "Pidió otro día", version = booked.Version }));

        Assert.Equal(("cancelled", "Pidió otro día"), (cancelled.Status, cancelled.CancellationReason));
        Assert.Contains(Salon.At(17), await FreeStartsAsync(agent, serviceId));
        Assert.Empty(await Expect<List<AppointmentView>>(HttpStatusCode.OK, await agent.GetAsync($"{Appointments}?from=2031-06-02")));
        await Expect(HttpStatusCode.Created, await BookAsync(agent, serviceId, Salon.At(17), customerId));
    }

    private static async Task Expect(HttpStatusCode status, HttpResponseMessage response) =>
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    private static async Task<T> Expect<T>(HttpStatusCode status, HttpResponseMessage response)
    {
        await Expect(status, response);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private sealed record Created(int Id);
}
