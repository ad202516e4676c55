using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Identity.Domain;

namespace VersatileHub.Hub.Identity;

/// <summary>
/// On start, creates the owner account from <c>Parameters:admin-email</c> and <c>Parameters:admin-password</c> and gives
/// it a first tenant; does nothing when the owner exists already. There is no default password: without both
/// settings nothing is created.
/// </summary>
internal sealed partial class OwnerBootstrap(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<OwnerBootstrap> logger) : IHostedService
{
    public const string DefaultTenantName = "VersatileHub";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var email = configuration["Parameters:admin-email"];
        var password = configuration["Parameters:admin-password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            LogNoOwnerConfigured();
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HubUser>>();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var owner = await users.FindByEmailAsync(email);
        if (owner is null)
        {
            owner = HubUser.WithEmail(email.Trim(), time.GetUtcNow());
            var created = await users.CreateAsync(owner, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    "The owner account from Parameters:admin-email / Parameters:admin-password could not be created: "
                    + string.Join(" ", created.Errors.Select(e => e.Description)));
            }
            LogOwnerCreated(email);
        }

        if (await db.Set<Membership>().AnyAsync(m => m.UserId == owner.Id, cancellationToken))
        {
            return;
        }
        var name = configuration["Parameters:tenant-name"] is { Length: > 0 } configured ? configured : DefaultTenantName;
        var tenants = scope.ServiceProvider.GetRequiredService<TenantDirectory>();
        var tenant = await tenants.FoundAsync(owner.Id, name, Tenant.DefaultTimeZone, cancellationToken)
            ?? throw new InvalidOperationException($"The first tenant, {name}, could not be created: its name was taken meanwhile.");
        LogTenantCreated(name, tenant.Id, email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "No owner account is configured, so none was created and nobody can sign in yet. Set Parameters:admin-email and "
        + "Parameters:admin-password (environment: Parameters__admin-email, Parameters__admin-password; optionally "
        + "Parameters__tenant-name) and restart the Hub.")]
    private partial void LogNoOwnerConfigured();

    [LoggerMessage(Level = LogLevel.Information, Message = "Owner account {Email} created from configuration")]
    private partial void LogOwnerCreated(string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantName} ({TenantId}) created for the owner {Email}")]
    private partial void LogTenantCreated(string tenantName, int tenantId, string email);
}
