using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Appointments;

/// <summary>
/// The Hub over a fresh database, with a stand-in for sign-in until the identity feature lands: a request is
/// authenticated as a member of the tenant named by its <c>X-Test-Tenant</c> header. Only these tests use it.
/// </summary>
public sealed class AgendaFactory() : ServiceFactory<VersatileHub.Hub.HubEntryPoint>("hubdb")
{
    public const string TenantHeader = "X-Test-Tenant";

    private int _lastTenant;

    /// <summary>A tenant id no other test of the class uses, so tests can share the database.</summary>
    public int NewTenant() => Interlocked.Increment(ref _lastTenant);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication(TenantHeaderAuthentication.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TenantHeaderAuthentication>(TenantHeaderAuthentication.SchemeName, _ => { });
            services.AddAuthorizationBuilder()
                .AddPolicy(HubPolicies.Read, policy => policy.RequireClaim(HubClaims.Tenant))
                .AddPolicy(HubPolicies.Operate, policy => policy.RequireClaim(HubClaims.Tenant))
                .AddPolicy(HubPolicies.Administer, policy => policy.RequireClaim(HubClaims.Tenant));
        });
    }

    /// <summary>A DI scope acting for <paramref name="tenantId"/>, as a request of that tenant would.</summary>
    internal AsyncServiceScope ScopeFor(int tenantId)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenantId);
        return scope;
    }

    /// <summary>Sets up a tenant with <paramref name="resources"/> staff working every day 08:00–20:00 and one 30-minute service (10-minute buffer, 15-minute grid).</summary>
    internal async Task<Salon> SalonAsync(int tenantId, int resources = 1, string timeZone = "America/Argentina/Buenos_Aires")
    {
        await using var scope = ScopeFor(tenantId);
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
        return new Salon(tenantId, service.Id, staff);
    }
}

internal sealed record Salon(int TenantId, int ServiceId, IReadOnlyList<int> Staff)
{
    /// <summary>A Monday well in the future, so that its times are never in the past.</summary>
    public static readonly DateOnly Day = new(2031, 6, 2);

    /// <summary>That day at <paramref name="hour"/>:<paramref name="minute"/> in Buenos Aires (UTC−3).</summary>
    public static DateTimeOffset At(int hour, int minute = 0) => new(2031, 6, 2, hour, minute, 0, TimeSpan.FromHours(-3));
}

internal sealed class TenantHeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestTenantHeader";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AgendaFactory.TenantHeader, out var tenant))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity([new Claim(HubClaims.Tenant, tenant.ToString()), new Claim(HubClaims.Role, HubRoles.Admin)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
