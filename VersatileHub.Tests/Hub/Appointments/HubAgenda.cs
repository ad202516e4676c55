using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Appointments;

/// <summary>The appointment specs' helpers over the real Hub of a <see cref="HubFactory"/>: real tenants, real sign-in.</summary>
internal static class HubAgenda
{
    /// <summary>A new tenant, founded over HTTP by the Hub's configured owner, for specs that drive the agenda's domain directly.</summary>
    public static async Task<int> NewTenantAsync(this HubFactory factory)
    {
        using var owner = await HubApi.SignInWithCookieAsync(factory);
        var response = await owner.PostAsJsonAsync("/api/identity/tenants", new { name = $"Salón {Guid.NewGuid().ToString("N")[..8]}" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<FoundedTenant>())!.Id;
    }

    /// <summary>A DI scope acting for <paramref name="tenantId"/>, as a request of one of its members would.</summary>
    public static AsyncServiceScope ScopeFor(this HubFactory factory, int tenantId)
    {
        var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenantId);
        return scope;
    }

    /// <summary>
    /// Sets up a tenant with <paramref name="resources"/> staff working every day 08:00–20:00, one 30-minute service (10-minute
    /// buffer, 15-minute grid) and one customer to book for, made over HTTP by the Hub's owner (a member of every tenant founded here).
    /// </summary>
    public static async Task<Salon> SalonAsync(this HubFactory factory, int tenantId, int resources = 1, string timeZone = "America/Argentina/Buenos_Aires")
    {
        await using var scope = factory.ScopeFor(tenantId);
        var setup = scope.ServiceProvider.GetRequiredService<AgendaSetup>();
        await setup.SetTimeZoneAsync(timeZone, CancellationToken.None);
        var staff = new List<int>();
        for (var i = 1; i <= resources; i++)
        {
            var resource = await setup.AddResourceAsync($"Estilista {i}", ResourceKind.Staff, CancellationToken.None);
            await setup.SetWorkingHoursAsync(
                resource.Id, Enum.GetValues<DayOfWeek>().Select(day => (day, new TimeOnly(8, 0), new TimeOnly(20, 0))), CancellationToken.None);
            staff.Add(resource.Id);
        }
        var service = await setup.AddServiceAsync(
            new ServiceTerms("Corte", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), 12000m, staff), CancellationToken.None);
        using var owner = await HubApi.SignInWithCookieAsync(factory, tenantId: tenantId);
        var customerId = await HubApi.CreateCustomerAsync(owner, Salon.CustomerName, phone: Salon.CustomerPhone);
        return new Salon(tenantId, service.Id, staff, customerId);
    }

    /// <summary>A new tenant (see <see cref="NewTenantAsync"/>) set up as by <see cref="SalonAsync"/>.</summary>
    public static async Task<Salon> NewSalonAsync(this HubFactory factory, int resources = 1) =>
        await factory.SalonAsync(await factory.NewTenantAsync(), resources);

    private sealed record FoundedTenant(int Id);
}

/// <param name="CustomerId">Ana Pérez, the tenant's customer that specs book for.</param>
internal sealed record Salon(int TenantId, int ServiceId, IReadOnlyList<int> Staff, int CustomerId)
{
    public const string CustomerName = "Ana Pérez";
    public const string CustomerPhone = "+5491122334455";

    /// <summary>A Monday well in the future, so that its times are never in the past.</summary>
    public static readonly DateOnly Day = new(2031, 6, 2);

    /// <summary>That day at <paramref name="hour"/>:<paramref name="minute"/> in Buenos Aires (UTC−3).</summary>
    public static DateTimeOffset At(int hour, int minute = 0) => new(2031, 6, 2, hour, minute, 0, TimeSpan.FromHours(-3));

    /// <summary>The tenant's customer as a booking names them.</summary>
    public Customer Customer => new(CustomerId, CustomerName, CustomerPhone);
}
